/**
 * The labels a document prints, found once per document: every known phrase of `labels.ts` (and a check's own
 * labels), as spans with the roles they can play. Phrases are matched word by word through a trie (one regex of a
 * thousand alternatives runs in V8's interpreter and takes seconds on one invoice): at each word the longest phrase
 * wins (`Total HT` over `Total`, `Invoice date` over `Invoice`), words joined by up to three characters that are
 * neither letters, digits nor line breaks (`Invoice no.:`, `Rechnungs-Nr.`, `N° de facture`).
 */
import { LABELS, type LabelRole } from './labels';
import { fold, type FoldedText, type Span } from './text';

export interface LabelHit extends Span {
  roles: ReadonlySet<string>;
}

const TOKEN = /[\p{L}\p{N}]+|[°#%€$£]/gu;

/** A phrase's words, folded. */
function wordsOf(text: string): string[] {
  return fold(text).match(TOKEN) ?? [];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  roles?: Set<string>;
}

export interface Vocabulary {
  root: TrieNode;
}

/** A vocabulary of `phrases` by role (a phrase may have several roles). */
export function vocabulary(phrases: Iterable<[string, string]>): Vocabulary {
  const root: TrieNode = { next: new Map() };
  for (const [phrase, role] of phrases) {
    const words = wordsOf(phrase);
    if (words.length === 0) continue;
    let node = root;
    for (const word of words) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = { next: new Map() }));
      node = child;
    }
    (node.roles ??= new Set()).add(role);
  }
  return { root };
}

function* knownPhrases(): Generator<[string, LabelRole]> {
  for (const [role, languages] of Object.entries(LABELS) as [LabelRole, Record<string, string[]>][]) {
    for (const list of Object.values(languages)) for (const phrase of list) yield [phrase, role];
  }
}

/** Every known label of every language (built once). */
export const KNOWN = vocabulary(knownPhrases());

interface Token {
  word: string;
  start: number;
  end: number;
}

const tokenCache = new WeakMap<FoldedText, Token[]>();

function tokensOf(text: FoldedText): Token[] {
  let tokens = tokenCache.get(text);
  if (!tokens) {
    tokens = [...text.folded.matchAll(TOKEN)].map((m) => ({
      word: m[0],
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    }));
    tokenCache.set(text, tokens);
  }
  return tokens;
}

/** Whether two neighbouring words may belong to one phrase: at most three joining characters, no line break. */
function joined(text: string, left: Token, right: Token): boolean {
  return right.start - left.end <= 3 && !text.slice(left.end, right.start).includes('\n');
}

/** The phrases of `words` found in the folded text (leftmost, then longest; no overlaps), as original spans. */
export function labelHits(text: FoldedText, words: Vocabulary): LabelHit[] {
  const tokens = tokensOf(text);
  const hits: LabelHit[] = [];
  let index = 0;
  while (index < tokens.length) {
    let node: TrieNode | undefined = words.root;
    let best: { last: number; roles: Set<string> } | undefined;
    for (let at = index; at < tokens.length; at++) {
      if (at > index && !joined(text.folded, tokens[at - 1]!, tokens[at]!)) break;
      node = node.next.get(tokens[at]!.word);
      if (!node) break;
      if (node.roles) best = { last: at, roles: node.roles };
    }
    if (best) {
      hits.push({
        index: text.offsets[tokens[index]!.start]!,
        end: text.offsets[tokens[best.last]!.end]!,
        roles: best.roles,
      });
      index = best.last + 1;
    } else index++;
  }
  return hits;
}

/** Known hits and a check's own labels together; a custom hit covering a known one replaces it. */
export function mergeHits(known: readonly LabelHit[], custom: readonly LabelHit[]): LabelHit[] {
  if (custom.length === 0) return [...known];
  const kept = known.filter((hit) => !custom.some((mine) => mine.index <= hit.index && hit.end <= mine.end));
  const merged = [...kept];
  for (const mine of custom) {
    const same = merged.findIndex((hit) => hit.index === mine.index && hit.end === mine.end);
    if (same >= 0) merged[same] = { ...mine, roles: new Set([...merged[same]!.roles, ...mine.roles]) };
    else merged.push(mine);
  }
  return merged.sort((a, b) => a.index - b.index || b.end - a.end);
}
