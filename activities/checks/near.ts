/**
 * Which label a printed value stands next to: the evidence `near` and `term` judge a value by (a value is rejected
 * only on evidence against it, never for a label not found). Longer than 250 lines because reading a label before,
 * beside and above a value is one walk over the same columns. A document is read as people read an invoice:
 *
 * - on the value's own line, the stretch of text since the previous value (`Zwischensumme: 1.000,00 MwSt. 19 %:
 *   190,00` gives 190,00 the stretch `MwSt. 19 %:`); the label is the known phrase that starts first in it, the
 *   longest at that place (`Gesamtbetrag inkl. 19 % MwSt.: 1.190,00` is a total, `Total HT : 1 000,00` and
 *   `Total hors TVA` subtotals). A label that is also a short everyday word (`de`, `an`, `bis`, `no`) counts only
 *   where it opens its stretch or column or takes a colon, so `Rua de Santa Catarina` labels nothing. Stretches
 *   without words are skipped back over (`Total   EUR   1.190,00`), but never for a name
 *   (`Verkäufer: Müller GmbH, Am Markt 26, 6020 Innsbruck` does not make Innsbruck the vendor) nor across a value in
 *   a column of its own (`Beleg-Nr. 88214      14.05.2024`: the label names 88214);
 * - a value with nothing before it on its line, or opening a column of a side-by-side layout, takes the label
 *   above it: the cell of the line before that covers the same columns (`Rechnungsdatum   Fälligkeitsdatum` over
 *   `15.03.2025   14.04.2025`; `Bill to` over the customer's name); under a table header it is a line of the table;
 * - a line that prints a quantity, a price and their product is a line of the table, and so is a row under a
 *   table header (regions.ts); a string beside a postcode or a house number is part of an address;
 * - an amount after an unknown word and a rate (`Imposta 22 %: 700,29`) stands on a tax line;
 * - the vendor also stands at the head of the letter (letterhead.ts) and at the start of a footer line.
 */
import { currenciesIn } from './currency';
import type { DateOccurrence } from './dates';
import type { NumberOccurrence } from './numbers';
import { WEAK_LABELS } from './labels';
import { MAYBE, readLabel } from './readings';
import { letterheadOf } from './letterhead';
import {
  ADDRESS,
  inItemRecord,
  inTableBody,
  isItemLine,
  isPlace,
  isTableHeader,
  sumsLinesAbove,
  TABLE_LINE,
} from './regions';
import { fold, lineAt, type Line, type Span } from './text';
import type { LabelHit } from './vocabulary';

export { ADDRESS, TABLE_LINE };

/** The role of a value at the head of the document (see `letterheadLine`). */
export const LETTERHEAD = 'letterhead';
/** The role of a value opening one of the document's last lines. */
export const FOOTER = 'footer';

export interface Layout {
  text: string;
  lines: Line[];
  /** Spans that end a stretch of text: printed values (numbers but percentages, dates, ids). */
  values: Span[];
  /** The first line that is not blank, and where its letterhead part starts (after a title). */
  letterhead: { line: number; from: number } | undefined;
  /** The line numbers of the last three lines that are not blank, in the document's second half. */
  footer: Set<number>;
  /** The amounts and quantities the document prints. */
  numbers: readonly NumberOccurrence[];
}

/** A token holding a digit, with the letters of an id before it (`INV-9000`, `FT A/123`, `RE-2024-0042`). */
const DIGIT_TOKEN = /(?:\p{L}+[-/])*[\p{L}\p{N}]*\d[\p{L}\p{N}.,'’/-]*/gu;

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
    numbers,
    letterhead: letterheadOf(text, filled, known),
    footer: new Set(
      filled
        .slice(-3)
        .filter((line) => line.number >= lines.length / 2)
        .map((line) => line.number),
    ),
  };
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
  // Where no label surely names it: on a line (or a record of lines) with a quantity, a price and their product a
  // value is a line's (`1;Pallet delivery;5;106.00;530.00`); where none names it, a value in a table's body is a line of the table,
  // unless it is the sum of the lines above it; a string beside a postcode is a place.
  if (
    kind === 'value' &&
    [...roles].every((role) => role.startsWith(MAYBE)) &&
    (isItemLine(line, layout.numbers, text) ||
      inItemRecord(line, layout.lines, layout.numbers, text) ||
      (roles.size === 0 &&
        inTableBody(line, layout.lines, text, layout.values, hits) &&
        !sumsLinesAbove(value, line, layout.lines, layout.numbers, text)))
  )
    roles.add(TABLE_LINE);
  if (kind === 'string' && isPlace(value, line, text)) roles.add(ADDRESS);
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
  // A value opening a column of a side-by-side layout (`25 Market Street          Copperfield Books` under
  // `Harbor & Pine Consulting          Bill to`) is labelled by the cell above it, not by the column on its left.
  const opensColumn = /(?:\t| {2,})(?:[A-Z]{3}\s?|[$€£¥]\s?)?$/u.test(text.slice(line.start, value.index));
  const aside = () => (opensColumn ? labelAbove(value, line, layout, hits) : new Set<string>());
  let end = value.index;
  for (;;) {
    const previous = [...layout.values].reverse().find((span) => span.end <= end && span.index >= line.start);
    const start = previous ? previous.end : line.start;
    // The stretch's columns, nearest first: `Atlas Freight Services Inc.\t\tInvoice Number: INV-9799` reads the
    // column `Invoice Number:`; a column without words (`EUR`) is skipped, one with words and no label ends the search.
    for (const [from, to] of columnsOf(text, start, end).reverse()) {
      const label = firstLabel(text, from, to, hits);
      const read = label ? readLabel(text, label, from, to, hits) : new Set<string>();
      if (kind === 'value') {
        const taxed = withRate(text.slice(from, to), read);
        if (taxed.size > 0) return taxed;
      }
      if (label) return read;
      if (hasWords(text.slice(from, to))) return aside();
    }
    if (!previous) break;
    // A name is never labelled across another value: `Rechnungssteller: Müller GmbH, Am Markt 26, 6020 Innsbruck`
    // does not make Innsbruck the vendor.
    if (kind === 'string') return aside();
    // Nor is a value labelled across another value in a column of its own: in `Beleg-Nr. 88214      14.05.2024`
    // and `Till 1 · 02/11/2024` the label names the first value, not the date.
    if (/\t| {2,}|\s[·|]\s/.test(text.slice(previous.end, end))) return aside();
    end = previous.index;
  }
  return labelAbove(value, line, layout, hits);
}

/**
 * The columns of the stretch `start..end`: parts split by a tab, a run of spaces, a semicolon (a spreadsheet's
 * export: `Debtor no.;71681`) or a colon ending a label (`Pay by bank transfer: Payee Greenleaf Ltd` reads `Payee`).
 */
function columnsOf(text: string, start: number, end: number): [number, number][] {
  const columns: [number, number][] = [];
  let from = start;
  for (const gap of text.slice(start, end).matchAll(/\t+[ \t]*| {2,}\t*|(?<=:)\s+|;+\s*/g)) {
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

/**
 * An unknown or unsure label with a rate before an amount (`Imposta 22 %: 700,29`, `zuzüglich 19 % USt.`,
 * `MwSt.-Satz 10 %` over the amount) is a tax line; a sure reading stands.
 */
function withRate(cell: string, read: ReadonlySet<string>): ReadonlySet<string> {
  const sure = [...read].some((role) => !role.startsWith(MAYBE));
  return !sure && /\d\s?%/.test(cell) ? new Set(['tax']) : read;
}

/** Words other than currency codes and names (`EUR`, `€`, `USD`) and one- or two-letter units (`x`, `h`, `kg`). */
function hasWords(stretch: string): boolean {
  return (stretch.match(/\p{L}{3,}/gu) ?? []).some((word) => currenciesIn(word).size === 0);
}

function labelAbove(value: Span, line: Line, layout: Layout, hits: readonly LabelHit[]): ReadonlySet<string> {
  const { lines, text } = layout;
  // A quantity times a price on the line: a line of the table, whatever its column's header says (`Betrag`).
  if (isItemLine(line, layout.numbers, text)) return new Set([TABLE_LINE]);
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
  if (isTableHeader(onLine)) return new Set([TABLE_LINE]);
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
  const [cellStart, cellEnd] = [above.start + best.start, above.start + best.end];
  const label = firstLabel(text, cellStart, cellEnd, hits, true);
  const read = label ? readLabel(text, label, cellStart, cellEnd, hits) : new Set<string>();
  return withRate(text.slice(cellStart, cellEnd), read);
}
