/**
 * Dates as documents write them, as UTC day numbers with their place in the text. Dates with month names, in
 * every language invoices are written in (`15 March 2025`, `15. März 2025`, `15 mars 2025`, `15 de marzo de
 * 2025`, `the fifteenth of March 2025`, `2025年3月15日`…), are read by chrono-node's locale parsers; numeric dates
 * (`2025-03-15`, `15.03.2025`, `03/04/2025`) by the patterns below, where an ambiguous one is read the way the
 * document writes its dates (see `numericDateOrder`) or, when nothing decides, both ways.
 *
 * A date is "derivable" from the input when it is one of the input's dates, or one plus a term the input states
 * (`net 30`, `30 Tage netto`, `45 jours fin de mois`): a due date computed from the invoice date passes, `1530-03-15`
 * does not.
 */
import * as chrono from 'chrono-node';
import { numericDateOrder } from './language';
import { dueDays, termsIn } from './terms';

/** A date the text prints: where, and the day(s) it can mean. */
export interface DateOccurrence {
  index: number;
  end: number;
  days: number[];
}

const PARSERS = [
  chrono.en.strict,
  chrono.de.strict,
  chrono.fr.strict,
  chrono.es.strict,
  chrono.it.strict,
  chrono.nl.strict,
  chrono.pt.strict,
  chrono.sv.strict,
  chrono.ja.strict,
];
// Any fixed reference: only fully written dates (day, month and year certain) are kept, so it never shows.
const REFERENCE = new Date(Date.UTC(2000, 0, 1));
// A second one unmasks relative phrases chrono reads as certain (`within 10 days`): their date moves with it.
const OTHER_REFERENCE = new Date(Date.UTC(2010, 6, 15));

const ISO = /(?<![\d.,/-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.,]\d|\d)/g;
const NUMERIC = /(?<![\d.,/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[.,/-]\d)/g;

/** A UTC day number for a real calendar date, or undefined (31 February is not a date). */
export function dayNumber(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(ms / 86_400_000);
}

export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

/**
 * Same-length rewrites into forms chrono's patterns read: `01-abr-2025` (Spanish, also `15-Mar-2025`), `5 de enero
 * del 2025`, Austria's `Jän.` for January, and no time `um 16` at the end of `Rechnungsdatum 16. Apr. 2024`.
 */
function prepareForChrono(text: string): string {
  return (
    text
      .replace(/(\d{1,2})-(\p{L}{3,}\.?)-(\d{2,4})\b/gu, '$1 $2 $3')
      .replace(/(?<=\s)del(?=\s+\d{4}\b)/gu, 'de ')
      .replace(/(?<=\d\.?\s*)Jän(?=\.|\s)/gu, 'Jan')
      // `Belegdatum   16. Apr. 2024`: chrono reads the word's end `um 16` as a time and loses the date after it.
      .replace(/(?<=\p{L})(?:um|am)(?=\s+\d)/gu, '  ')
  );
}

/** Every date `text` prints, each with the days it can mean; overlapping readings of one place are merged. */
export function dateOccurrences(text: string): DateOccurrence[] {
  const found: DateOccurrence[] = [];
  const numericSpans: [number, number][] = [];
  for (const match of text.matchAll(ISO)) {
    const day = dayNumber(+match[1]!, +match[3]!, +match[4]!);
    const index = match.index ?? 0;
    numericSpans.push([index, index + match[0].length]);
    if (day !== undefined) found.push({ index, end: index + match[0].length, days: [day] });
  }
  const numeric = [...text.matchAll(NUMERIC)].filter(
    (m) => !numericSpans.some(([start, end]) => (m.index ?? 0) < end && start < (m.index ?? 0) + m[0].length),
  );
  const unambiguous = { dmy: 0, mdy: 0 };
  for (const m of numeric) {
    if (m[2] === '.') continue;
    if (+m[1]! > 12 && +m[3]! <= 12) unambiguous.dmy++;
    if (+m[3]! > 12 && +m[1]! <= 12) unambiguous.mdy++;
  }
  const order = numeric.length > 0 ? numericDateOrder(text, unambiguous) : 'both';
  for (const m of numeric) {
    const index = m.index ?? 0;
    numericSpans.push([index, index + m[0].length]);
    const year = fullYear(m[4]!);
    const dayFirst = dayNumber(year, +m[3]!, +m[1]!);
    const monthFirst = dayNumber(year, +m[1]!, +m[3]!);
    // A dotted date is day-first wherever it is written; an order the document shows decides the rest.
    const readings =
      m[2] === '.' || order === 'dmy'
        ? [dayFirst ?? monthFirst]
        : order === 'mdy'
          ? [monthFirst ?? dayFirst]
          : [dayFirst, monthFirst];
    const days = [...new Set(readings.filter((day): day is number => day !== undefined))];
    if (days.length > 0) found.push({ index, end: index + m[0].length, days });
  }
  const prepared = prepareForChrono(text);
  for (const parser of PARSERS) {
    for (const result of parser.parse(prepared, REFERENCE)) {
      const index = result.index;
      const end = index + result.text.length;
      // Numeric dates are read above, with the document's order; chrono reads only dates with words here.
      if (!/\p{L}/u.test(result.text) || numericSpans.some(([start, stop]) => index < stop && start < end)) continue;
      if (parser.parseDate(result.text, OTHER_REFERENCE)?.getTime() !== result.start.date().getTime()) continue;
      const days = [result.start, result.end].flatMap((component) => {
        if (!component || !['day', 'month', 'year'].every((unit) => component.isCertain(unit as 'day'))) return [];
        const day = dayNumber(component.get('year')!, component.get('month')!, component.get('day')!);
        return day === undefined ? [] : [day];
      });
      if (days.length > 0) found.push({ index, end, days });
    }
  }
  return mergeOccurrences(found);
}

/** One occurrence per place: readings of overlapping matches (several locales reading one date) are joined. */
function mergeOccurrences(found: DateOccurrence[]): DateOccurrence[] {
  const sorted = [...found].sort((a, b) => a.index - b.index || b.end - a.end);
  const merged: DateOccurrence[] = [];
  for (const occurrence of sorted) {
    const last = merged[merged.length - 1];
    if (last && occurrence.index < last.end) {
      last.end = Math.max(last.end, occurrence.end);
      last.days = [...new Set([...last.days, ...occurrence.days])];
    } else merged.push({ ...occurrence, days: [...occurrence.days] });
  }
  return merged;
}

/** Every date `text` mentions, every reading of an ambiguous one included, as UTC day numbers. */
export function datesIn(text: string): number[] {
  return [...new Set(dateOccurrences(text).flatMap((occurrence) => occurrence.days))];
}

/** A date value of an answer (ISO, with or without a time, or any format {@link datesIn} reads): its readings. */
export function readDate(value: string): number[] {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value.trim());
  if (iso) {
    const day = dayNumber(+iso[1]!, +iso[2]!, +iso[3]!);
    return day === undefined ? [] : [day];
  }
  return datesIn(value);
}

/** Whether the date `value` is one of the input's dates, or one of them plus a stated term. */
export function dateDerivable(value: string, text: string, found = datesIn(text), terms = termsIn(text)): boolean {
  const readings = readDate(value);
  if (readings.length === 0) return false;
  return readings.some((day) =>
    found.some((base) => day === base || terms.some((term) => dueDays(base, term).includes(day))),
  );
}
