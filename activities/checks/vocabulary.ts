/**
 * The labels a document prints, found once per document: every known phrase of `labels.ts` (and a check's own
 * labels), as spans with the roles they can play. Phrases are matched word by word through a trie (one regex of a
 * thousand alternatives runs in V8's interpreter and takes seconds on one invoice): at each word the longest phrase
 * wins (`Total HT` over `Total`, `Invoice date` over `Invoice`), words joined by up to three characters that are
 * neither letters, digits, line breaks nor a column gap (`Invoice no.:`, `Rechnungs-Nr.`, `N° de facture`); a word's plural `s` is
 * tolerated either way.
 */
import { LABELS, type LabelRole } from './labels';
import { fold, type FoldedText, type Span } from './text';

export interface LabelHit extends Span {
  roles: ReadonlySet<string>;
}

const TOKEN = /[\p{L}\p{N}]+|[°#%€$£]/gu;

interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * The words of folded text. Initials joined by dots are one word, as they are one abbreviation: `T.V.A.` and `TVA`,
 * `I.V.A.` and `IVA`, `N.º` and `Nº` read alike.
 */
function tokenize(folded: string): Token[] {
  const tokens: (Token & { initials: boolean })[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    const word = match[0];
    const token = { word, start, end: start + word.length, initials: /^\p{L}$/u.test(word) };
    const last = tokens[tokens.length - 1];
    if (last?.initials && token.initials && folded.slice(last.end, start) === '.') {
      last.word += word;
      last.end = token.end;
      continue;
    }
    tokens.push(token);
  }
  return tokens;
}

/** A phrase's words, folded. */
function wordsOf(text: string): string[] {
  return tokenize(fold(text)).map((token) => token.word);
}

interface TrieNode {
  next: Map<string, TrieNode>;
  roles?: Set<string>;
}

export interface Vocabulary {
  root: TrieNode;
  /** Word endings that make a compound a label (`Honorarrechnung`, `Verkoopfactuur`), with their roles. */
  suffixes?: [string, Set<string>][];
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

/** Every known label of every language (built once); German and Dutch title compounds by their ending. */
export const KNOWN: Vocabulary = {
  ...vocabulary(knownPhrases()),
  suffixes: ['rechnung', 'gutschrift', 'factuur', 'creditnota'].map((ending) => [
    ending,
    new Set(['title', 'invoiceNumber']),
  ]),
};

const tokenCache = new WeakMap<FoldedText, Token[]>();

function tokensOf(text: FoldedText): Token[] {
  let tokens = tokenCache.get(text);
  if (!tokens) {
    tokens = tokenize(text.folded);
    tokenCache.set(text, tokens);
  }
  return tokens;
}

/** The trie's next node for `word`, tolerating a plural `s` either way (`Total hors taxe`, `Total hors taxes`). */
function step(node: TrieNode, word: string): TrieNode | undefined {
  const exact = node.next.get(word);
  if (exact || word.length < 4) return exact;
  return word.endsWith('s') ? node.next.get(word.slice(0, -1)) : node.next.get(`${word}s`);
}

/** Whether two neighbouring words may belong to one phrase: at most three joining characters, no line break, tab or column gap. */
function joined(text: string, left: Token, right: Token): boolean {
  return right.start - left.end <= 3 && !/[\n\t]| {2}/.test(text.slice(left.end, right.start));
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
      node = step(node, tokens[at]!.word);
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
      continue;
    }
    const word = tokens[index]!.word;
    const compound = words.suffixes?.find(([ending]) => word.length > ending.length + 2 && word.endsWith(ending));
    if (compound) {
      hits.push({
        index: text.offsets[tokens[index]!.start]!,
        end: text.offsets[tokens[index]!.end]!,
        roles: compound[1],
      });
    }
    index++;
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
