/**
 * The head of a letter: where its sender's name stands. The first line that is not a title (`SALES INVOICE`,
 * `Honorarrechnung`), or what follows a title on its line (`INVOICE            Harbor & Pine Consulting`).
 */
import { fold, type Line } from './text';
import type { LabelHit } from './vocabulary';

export function letterheadOf(
  text: string,
  filled: readonly Line[],
  known: readonly LabelHit[],
): { line: number; from: number } | undefined {
  for (const line of filled.slice(0, 2)) {
    const first = line.start + text.slice(line.start, line.end).search(/\S/);
    const content = text.slice(line.start, line.end);
    // A heading of a few words with a title and no digits (`SALES INVOICE`, `Honorarrechnung`) is no letterhead.
    if (isTitleLine(content, line, known)) continue;
    const title = known.find((hit) => hit.index === first && hit.roles.has('title'));
    if (!title) return { line: line.number, from: line.start };
    // `INVOICE            Harbor & Pine Consulting`: the letterhead is what stands after the title and a gap.
    if (/^[ \t]{2,}\S/.test(text.slice(title.end, line.end))) return { line: line.number, from: title.end };
    // A title alone on its line (`INVOICE`, `RECHNUNG`): the letterhead is the next line.
    if (/[\p{L}\p{N}]/u.test(text.slice(title.end, line.end))) return undefined;
  }
  return undefined;
}

/** Title words end German and Dutch compounds: `Honorarrechnung`, `Schlussrechnung`, `Verkoopfactuur`. */
const TITLE_SUFFIX = /(?:rechnung|gutschrift|factuur|creditnota)$/u;

function isTitleLine(content: string, line: Line, known: readonly LabelHit[]): boolean {
  const words = content.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0 || words.length > 3 || /\d/.test(content)) return false;
  if (words.some((word) => TITLE_SUFFIX.test(fold(word)))) return true;
  const hits = known.filter((hit) => hit.index >= line.start && hit.end <= line.end);
  const titleish = (hit: LabelHit) => hit.roles.has('title') || hit.roles.has('invoiceNumber');
  return (
    hits.length > 0 &&
    hits.length <= 2 &&
    hits.every(titleish) &&
    hits.some((hit) => hit.roles.has('title') || hits.length === 1)
  );
}
