/**
 * Text as the position-aware checks read it: folded (lower case, accents dropped) with a map back to the original
 * offsets, split into lines, and searched for phrases as whole words. `near` needs positions (which label stands
 * before which value), so folding must not lose them.
 */

export interface FoldedText {
  /** Lower case, combining accents removed (`Fälligkeitsdatum` → `falligkeitsdatum`, `Nº` → `no`). */
  folded: string;
  /** `offsets[i]` is the original offset of `folded[i]` (one more entry: the original length). */
  offsets: number[];
}

/** Folds `text` character by character, keeping where each folded character came from. */
export function foldText(text: string): FoldedText {
  let folded = '';
  const offsets: number[] = [];
  let index = 0;
  for (const char of text) {
    const plain = char
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    for (const unit of plain) {
      folded += unit;
      offsets.push(index);
    }
    index += char.length;
  }
  offsets.push(text.length);
  return { folded, offsets };
}

/** Folds a phrase the same way (no offsets). */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}]+|[°#%€$£]/gu;

/**
 * A phrase as a regex over folded text: its words in order, anything but letters, digits and line breaks (up to
 * three characters) between them, whole words at both ends. `Invoice no.` matches `INVOICE NO:` and `Invoice-No`;
 * `N° de facture` matches `n° de facture`; `Total` does not match inside `Subtotal`.
 */
export function phraseSource(phrase: string): string | undefined {
  const words = fold(phrase).match(WORD);
  if (!words) return undefined;
  const body = words.map((word) => word.replace(/[$]/g, '\\$')).join('[^\\p{L}\\p{N}\\n]{0,3}');
  return `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`;
}

export interface Span {
  /** Offsets in the original text. */
  index: number;
  end: number;
}

/** Every match of the folded-text regex `source`, as spans of the original text. */
export function findFolded(text: FoldedText, source: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.folded.matchAll(new RegExp(source, 'gu'))) {
    const start = match.index ?? 0;
    spans.push({ index: text.offsets[start]!, end: text.offsets[start + match[0].length]! });
  }
  return spans;
}

export interface Line {
  /** Offset of the line's first character in the text. */
  start: number;
  end: number;
  /** Index of the line (0-based). */
  number: number;
}

/** The text's lines, with their offsets. */
export function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const part of text.split('\n')) {
    lines.push({ start, end: start + part.length, number: lines.length });
    start += part.length + 1;
  }
  return lines;
}

/** The line holding offset `at` (binary search over `lines`). */
export function lineAt(lines: readonly Line[], at: number): Line {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle]!.start <= at) low = middle;
    else high = middle - 1;
  }
  return lines[low]!;
}

/** Whether two spans share a character. */
export function overlaps(a: Span, b: Span): boolean {
  return a.index < b.end && b.index < a.end;
}
