/**
 * Where a value stands when no label on its own line names it: in the body of a table (rows under a header of
 * column words such as `Qty  Description  Amount`), or in an address (a place beside its postcode). Both are
 * evidence *against* a field role: a line amount is not the invoice's total, a city is not its vendor. `near`
 * rejects a value only on such evidence (see role-checks.ts), so these rules must say where a value is, never guess
 * where it is not.
 */
import type { NumberOccurrence } from './numbers';
import type { Line, Span } from './text';
import type { LabelHit } from './vocabulary';

/** The role of a value in the body of a table. */
export const TABLE_LINE = 'lineHeader';
/** The role of a string printed as a place of an address (`70565 Stuttgart`, `Asheville, NC 28801`). */
export const ADDRESS = 'address';
/** The roles that name a field of an invoice (the presets of `near`). */
export const FIELD_ROLES: readonly string[] = [
  'total',
  'subtotal',
  'tax',
  'dueDate',
  'issueDate',
  'vendor',
  'buyer',
  'invoiceNumber',
];

const within = (line: Line) => (span: Span) => span.index >= line.start && span.end <= line.end;

/**
 * A table header: two or more column words among the labels of a line, one of them naming no field
 * (`Qty  Description  Amount`; not `TVA au taux de 20 %` nor `Suma de conceptos`, which hold one column word).
 */
export function isTableHeader(hits: readonly LabelHit[]): boolean {
  const columns = hits.filter((hit) => hit.roles.has(TABLE_LINE));
  return columns.length >= 2 && columns.some((hit) => !FIELD_ROLES.some((role) => hit.roles.has(role)));
}

/**
 * Whether `line` is a row of a table: above it, before a blank line or a rule (`-----`, `=====`, which close a
 * table's body), there is a header line of column words and no numbers, and no line between names a field
 * (`Subtotal`, `VAT`: then the line is in a block of totals, not in the table).
 */
export function inTableBody(
  line: Line,
  lines: readonly Line[],
  text: string,
  values: readonly Span[],
  hits: readonly LabelHit[],
): boolean {
  for (let number = line.number - 1; number >= Math.max(0, line.number - 40); number--) {
    const above = lines[number]!;
    const content = text.slice(above.start, above.end);
    // A markdown table's separator (`|---|---|`) belongs to the table; a plain rule closes its body.
    if (/^\s*\|[\s:|-]*$/.test(content)) continue;
    if (content.trim() === '' || /^[\s=_*+|-]{3,}$/.test(content)) return false;
    const onLine = hits.filter(within(above));
    const hasValues = values.some(within(above));
    if (!hasValues && isTableHeader(onLine)) return true;
    if (onLine.some((hit) => FIELD_ROLES.some((role) => hit.roles.has(role)) && !hit.roles.has(TABLE_LINE))) {
      return false;
    }
  }
  return false;
}

/** A postcode ending the text before a place: `70565 `, `D-70565 `, `1100-148 `, `1012 AB `, `B-1000 `. */
const POSTCODE_BEFORE = /(?:^|[\s,;·|(])(?:[A-Z]{1,3}-)?\d{4,5}(?:-\d{3}|\s?[A-Z]{2})?\s+$/u;
/** A postcode after a place: `, NC 28801`, ` 28801`, ` EC1A 1BB`, ` (MI) 20121`, `, 2000`. */
const POSTCODE_AFTER = /^,?\s(?:\([A-Z]{2}\)\s|[A-Z]{2}\s)?(?:\d{4,5}\b|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b)/u;
/** A house number after a street (`Rua de Santa Catarina 19`, `Lindenweg 3,`) or before one (`28 Mill Road`). */
const NUMBER_AFTER = /^\s\d{1,4}[a-z]?(?:,|\s*$|\s{2,}|\s[·|])/u;
const NUMBER_BEFORE = /(?:^|[,·|]\s?|\s{2,})\d{1,4}[a-z]?\s$/u;
/** A place before a date: `Stuttgart, den 15.03.2025`, `Paris, le 15 mars 2025`, `Madrid, 15 de marzo de 2025`. */
const DATE_AFTER = /^,\s(?:den|le|el|il|em|op|am|the)?\s?\d{1,2}[.\s/-]/iu;

/**
 * Whether the string at `value` is printed as part of an address: a place right after a postcode, right before one,
 * or before a date (`Stuttgart, den 15.03.2025`); a street before or after its house number. Only short values without digits count (a city has a few words), so a company
 * name followed by a number elsewhere on its line is not read as a place.
 */
export function isPlace(value: Span, line: Line, text: string): boolean {
  const printed = text.slice(value.index, value.end);
  if (/\d/.test(printed) || printed.trim().split(/\s+/).length > 3) return false;
  const before = text.slice(line.start, value.index);
  const after = text.slice(value.end, line.end);
  return (
    POSTCODE_BEFORE.test(before) ||
    POSTCODE_AFTER.test(after) ||
    DATE_AFTER.test(after) ||
    NUMBER_AFTER.test(after) ||
    NUMBER_BEFORE.test(before)
  );
}

/**
 * Whether `line` is an item line by its arithmetic: it prints a quantity, a unit price and their product
 * (`5 × Anfahrtspauschale (68.00)  340.00`, `Desarrollo web (31 h × 92,00) 2852,00`, `2  Catering  240.34  480.68`),
 * so its amounts are a line's, whatever words stand before them. Percentages are left out.
 */
export function isItemLine(line: Line, numbers: readonly NumberOccurrence[], text: string): boolean {
  const onLine = numbers.filter((number) => !number.percent && number.index >= line.start && number.end <= line.end);
  // A small whole number opening the line is a quantity even where the amount reader takes it for a position.
  const opening = /^\s*(\d{1,3})\s+(?=[\p{L}(×*])/u.exec(text.slice(line.start, line.end));
  const quantities = [...onLine.map((number) => ({ index: number.index, values: number.values }))];
  if (opening) quantities.push({ index: line.start, values: [Number(opening[1])] });
  for (const quantity of quantities) {
    for (const [j, price] of onLine.entries()) {
      if (price.index <= quantity.index) continue;
      for (const amount of onLine.slice(j + 1)) {
        const products = quantity.values.flatMap((q) => price.values.map((p) => q * p));
        if (products.some((product) => amount.values.some((a) => a > 0 && Math.abs(product - a) <= 0.011))) {
          return true;
        }
      }
    }
  }
  return false;
}

/**
 * Whether the amount at `value` is the sum of the item lines above it in its table (those `isItemLine` knows by
 * their arithmetic, each read by its last amount): such a row closes the table (`Goods and services   3,501.24`,
 * `Amount before VAT;;;;1,922.20`), it is not one of its lines, whatever its unknown label says.
 */
export function sumsLinesAbove(
  value: Span,
  line: Line,
  lines: readonly Line[],
  numbers: readonly NumberOccurrence[],
  text: string,
): boolean {
  const amount = numbers.find((number) => number.index === value.index && !number.percent);
  if (!amount) return false;
  let sum = 0;
  let items = 0;
  for (let number = line.number - 1; number >= Math.max(0, line.number - 40); number--) {
    const above = lines[number]!;
    if (text.slice(above.start, above.end).trim() === '') break;
    if (!isItemLine(above, numbers, text)) continue;
    const onLine = numbers.filter((n) => !n.percent && n.index >= above.start && n.end <= above.end);
    sum += onLine[onLine.length - 1]!.values[0]!;
    items++;
  }
  return items > 0 && amount.values.some((v) => Math.abs(v - sum) <= 0.011 * items);
}

/**
 * Whether `line` belongs to an item printed as a record, one value a line (`Qty.: 5` / `Price/unit: 111.00` /
 * `Line amount: 555.00`, as e-invoice viewers print them): three consecutive lines with one amount each, the third
 * the product of the first two. A quantity of 1 does not count: `1`, then two equal amounts, may be a totals block.
 */
export function inItemRecord(
  line: Line,
  lines: readonly Line[],
  numbers: readonly NumberOccurrence[],
  text: string,
): boolean {
  const single = (number: number) => {
    const at = lines[number];
    if (!at || text.slice(at.start, at.end).trim() === '') return undefined;
    const onLine = numbers.filter((n) => !n.percent && n.index >= at.start && n.end <= at.end);
    return onLine.length === 1 ? onLine[0]!.values : undefined;
  };
  for (let first = Math.max(0, line.number - 2); first <= line.number; first++) {
    const [quantity, price, amount] = [single(first), single(first + 1), single(first + 2)];
    if (!quantity || !price || !amount) continue;
    const products = quantity.filter((q) => q > 0 && q !== 1).flatMap((q) => price.map((p) => q * p));
    if (products.some((product) => amount.some((a) => a > 0 && Math.abs(product - a) <= 0.011))) return true;
  }
  return false;
}
