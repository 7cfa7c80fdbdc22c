/**
 * Which label a printed value stands next to. A document is read as people read an invoice:
 *
 * - on the value's own line, the stretch of text since the previous value (`Zwischensumme: 1.000,00 MwSt. 19 %:
 *   190,00` gives 190,00 the stretch `MwSt. 19 %:`); the label is the known phrase that starts first in it, the
 *   longest at that place (`Gesamtbetrag inkl. 19 % MwSt.: 1.190,00` is a total, `Total HT : 1 000,00` a
 *   subtotal; `Total hors TVA` too, a total followed by `excl.`, `hors`, `sin`, `ohne`…). A label that is also a short everyday word (`de`, `an`, `bis`, `no`) counts only where it opens
 *   its stretch or column, takes a colon or ends the stretch, so `Rua de Santa Catarina` labels nothing. Stretches without words are skipped back
 *   over (`Total   EUR   1.190,00`), but never for a name: `Verkäufer: Müller GmbH, Am Markt 26, 6020 Innsbruck`
 *   does not make Innsbruck the vendor;
 * - a value with nothing before it on its line takes the label above it: the cell of the line before that covers
 *   the same columns (`Rechnungsdatum   Fälligkeitsdatum` over `15.03.2025   14.04.2025`; `Bill to:` over the
 *   customer's name); under a table header (`Qty  Description  Unit price  Amount`) it is a line of the table;
 * - an amount after an unknown word and a rate (`Imposta 22 %: 700,29`) stands on a tax line;
 * - the vendor also stands at the head of the letter (the start of the first line, or after the title on it) and
 *   at the start of a footer line (`Kessler Metallbau GmbH · Industriestraße 14 · …`).
 */
import { currenciesIn } from './currency';
import type { DateOccurrence } from './dates';
import type { NumberOccurrence } from './numbers';
import { EXCLUDING_WORDS, WEAK_LABELS } from './labels';
import { fold, lineAt, type Line, type Span } from './text';
import type { LabelHit } from './vocabulary';

/** The role of a value at the head of the document (see `letterheadLine`). */
export const LETTERHEAD = 'letterhead';
/** The role of a value opening one of the document's last lines. */
export const FOOTER = 'footer';
/** The role of a value under a table header. */
export const TABLE_LINE = 'lineHeader';
const FIELD_ROLES = ['total', 'subtotal', 'tax', 'dueDate', 'issueDate', 'vendor', 'buyer', 'invoiceNumber'];

export interface Layout {
  text: string;
  lines: Line[];
  /** Spans that end a stretch of text: printed values (numbers but percentages, dates, ids). */
  values: Span[];
  /** The first line that is not blank, and where its letterhead part starts (after a title). */
  letterhead: { line: number; from: number } | undefined;
  /** The line numbers of the last three lines that are not blank, in the document's second half. */
  footer: Set<number>;
}

const DIGIT_TOKEN = /[\p{L}\p{N}]*\d[\p{L}\p{N}.,'’/-]*/gu;

/** The layout facts of a document, computed once. */
export function layoutOf(
  text: string,
  lines: Line[],
  numbers: readonly NumberOccurrence[],
  dates: readonly DateOccurrence[],
  known: readonly LabelHit[],
): Layout {
  const values: Span[] = dates.map(({ index, end }) => ({ index, end }));
  const percents = new Set(numbers.filter((number) => number.percent).map((number) => number.index));
  for (const match of text.matchAll(DIGIT_TOKEN)) {
    const index = match.index ?? 0;
    if (!percents.has(index)) values.push({ index, end: index + match[0].length });
  }
  values.sort((a, b) => a.index - b.index);
  const filled = lines.filter((line) => text.slice(line.start, line.end).trim() !== '');
  return {
    text,
    lines,
    values,
    letterhead: letterheadOf(text, filled, known),
    footer: new Set(
      filled
        .slice(-3)
        .filter((line) => line.number >= lines.length / 2)
        .map((line) => line.number),
    ),
  };
}

function letterheadOf(text: string, filled: readonly Line[], known: readonly LabelHit[]): Layout['letterhead'] {
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

/** The roles of the label `value` (a span of the text) stands next to; empty when it stands next to none. */
export function rolesNextTo(
  value: Span,
  layout: Layout,
  hits: readonly LabelHit[],
  kind: 'string' | 'value' = 'value',
): ReadonlySet<string> {
  const line = lineAt(layout.lines, value.index);
  const { text, letterhead } = layout;
  const roles = new Set<string>();
  // The letterhead and the footer name the vendor: they label names, not amounts or dates.
  if (kind === 'string' && letterhead?.line === line.number && text.slice(letterhead.from, value.index).trim() === '')
    roles.add(LETTERHEAD);
  if (
    kind === 'string' &&
    layout.footer.has(line.number) &&
    text.slice(line.start, value.index).trim() === '' &&
    // A name, not a place: `Cambridge, MA 02139` and `London EC1A 1BB` go on to a postcode.
    !/^[^·|–\t]{0,12}\d/.test(text.slice(value.end, line.end))
  )
    roles.add(FOOTER);
  for (const role of labelBefore(value, line, layout, hits, kind)) roles.add(role);
  return roles;
}

function labelBefore(
  value: Span,
  line: Line,
  layout: Layout,
  hits: readonly LabelHit[],
  kind: 'string' | 'value',
): ReadonlySet<string> {
  const { text } = layout;
  let end = value.index;
  for (;;) {
    const previous = [...layout.values].reverse().find((span) => span.end <= end && span.index >= line.start);
    const start = previous ? previous.end : line.start;
    // The stretch's columns, nearest first: `Atlas Freight Services Inc.\t\tInvoice Number: INV-9799` reads the
    // column `Invoice Number:`; a column without words (`EUR`) is skipped, one with words and no label ends the search.
    for (const [from, to] of columnsOf(text, start, end).reverse()) {
      const label = firstLabel(text, from, to, hits);
      if (label) return qualified(label, text.slice(label.end, to));
      // An unknown label with a rate before an amount (`Imposta 22 %: 700,29`, `Steuer (19 %) 190,00`): a tax line.
      if (kind === 'value' && /\d\s?%/.test(text.slice(from, to))) return new Set(['tax']);
      if (hasWords(text.slice(from, to))) return new Set();
    }
    if (!previous) break;
    // A name is never labelled across another value: `Rechnungssteller: Müller GmbH, Am Markt 26, 6020 Innsbruck`
    // does not make Innsbruck the vendor.
    if (kind === 'string') return new Set();
    end = previous.index;
  }
  return labelAbove(value, line, layout, hits);
}

/**
 * The columns of the stretch `start..end`: parts split by a tab, a run of two or more spaces, or a colon that ends a
 * label (`Pay by bank transfer: Payee Greenleaf Ltd` reads `Payee`; `Gesamtbetrag: 1.190,00` reads `Gesamtbetrag`).
 */
function columnsOf(text: string, start: number, end: number): [number, number][] {
  const columns: [number, number][] = [];
  let from = start;
  for (const gap of text.slice(start, end).matchAll(/\t+[ \t]*| {2,}\t*|(?<=:)\s+/g)) {
    const at = start + (gap.index ?? 0);
    if (at > from) columns.push([from, at]);
    from = at + gap[0].length;
  }
  if (end > from) columns.push([from, end]);
  return columns;
}

/** The first label of the stretch `start..end`; a weak label counts only at its edges or with a colon. */
function firstLabel(
  text: string,
  start: number,
  end: number,
  hits: readonly LabelHit[],
  headerCell = false,
): LabelHit | undefined {
  return hits
    .filter((hit) => hit.index >= start && hit.end <= end)
    .sort((a, b) => a.index - b.index || b.end - a.end)
    .find((hit) => {
      // Glued to a sign or a number, it is a currency or an id, not a label: `A$29.15`, `R$ 10`, `S$8.00`.
      if (/^[$\d]/.test(text.slice(hit.end, hit.end + 1))) return false;
      if (!WEAK_LABELS.has(fold(text.slice(hit.index, hit.end)))) return true;
      const before = text.slice(start, hit.index);
      const after = text.slice(hit.end, end);
      // It opens its stretch or its column (`Rechnung Nr. 12 vom 15.03.2025`, `\tNo. 42`), takes a colon
      // (`Inv. No.: 42`) or closes a header cell (`Inv. No.` over the number).
      return (
        !/[\p{L}\p{N}]/u.test(before.replace(/^[\s\S]*(?:\t| {2,})/, '')) ||
        /^[.\s]*:/.test(after) ||
        (headerCell && !/[\p{L}\p{N}]/u.test(after))
      );
    });
}

/** A total label followed by `excl.`, `hors`, `sin`, `ohne`… (`Total hors TVA`) labels a subtotal. */
function qualified(label: LabelHit, after: string): ReadonlySet<string> {
  if (!label.roles.has('total')) return label.roles;
  const words = fold(after).match(/\p{L}+/gu) ?? [];
  return words.some((word) => EXCLUDING_WORDS.has(word)) ? new Set(['subtotal']) : label.roles;
}

/** Words other than currency codes and names (`EUR`, `€`, `USD`) and one- or two-letter units (`x`, `h`, `kg`). */
function hasWords(stretch: string): boolean {
  return (stretch.match(/\p{L}{3,}/gu) ?? []).some((word) => currenciesIn(word).size === 0);
}

function labelAbove(value: Span, line: Line, layout: Layout, hits: readonly LabelHit[]): ReadonlySet<string> {
  const { lines, text } = layout;
  let above: Line | undefined;
  for (let number = line.number - 1; number >= Math.max(0, line.number - 2); number--) {
    if (text.slice(lines[number]!.start, lines[number]!.end).trim() !== '') {
      above = lines[number];
      break;
    }
  }
  if (!above) return new Set();
  const onLine = hits.filter((hit) => hit.index >= above.start && hit.end <= above.end);
  // A table header: a column word that names no field (`Qty`, `Description`); its columns are lines of the table.
  const header = onLine.some((hit) => hit.roles.has(TABLE_LINE) && !FIELD_ROLES.some((role) => hit.roles.has(role)));
  if (header) return new Set([TABLE_LINE]);
  // A line of values is not a header: its labels belong to its own values.
  if (layout.values.some((span) => span.index >= above.start && span.end <= above.end)) return new Set();
  const from = value.index - line.start;
  const to = value.end - line.start;
  let best: { start: number; end: number; score: number } | undefined;
  // The line above, as cells split by runs of two or more spaces; the cell over the value's columns labels it.
  for (const cell of text.slice(above.start, above.end).matchAll(/\S+(?:[ \t]\S+)*/g)) {
    const start = cell.index ?? 0;
    const end = start + cell[0].length;
    const overlap = Math.min(end, to) - Math.max(start, from);
    const score = overlap > 0 ? overlap : overlap - 1; // a gap of n columns scores -n - 1
    if (score > -4 && (!best || score > best.score)) best = { start, end, score };
  }
  if (!best) return new Set();
  const label = firstLabel(text, above.start + best.start, above.start + best.end, hits, true);
  return label ? qualified(label, text.slice(label.end, above.start + best.end)) : new Set();
}
