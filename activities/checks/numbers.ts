/**
 * Numbers as documents print amounts and quantities: `1,250.00`, `1.250,00`, `1 250,00`, `1'250.00`, `1250`,
 * `12.5%`, with currency signs or codes before or after. Every reading a token allows is kept (an ambiguous `1,250`
 * is both 1250 and 1.25), so grounding never rejects a number the document really prints; but a number is only
 * ever matched as a whole printed value: never a fragment of a date, a time, a phone number, an IBAN or an id, nor
 * part of a longer number (`1` is not in `2024-11-01`, `800` is not in `1,800.00`). See `non-amounts.ts`.
 */
import { nonAmountSpans } from './non-amounts';
import type { Span } from './text';

/** Digits joined by `.` `,` `'` `’` (no spaces), or digit groups of three joined by one (no-break) space. */
const TOKEN = /\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d|[.,]\d)|\d(?:[\d.,'’]*\d)?/g;

/** An amount or quantity the text prints: where, and the values it can mean. */
export interface NumberOccurrence extends Span {
  token: string;
  values: number[];
  /** Followed by `%`: a rate (its values also include the fraction, 19 % → 0.19). */
  percent: boolean;
}

/** Every amount or quantity `text` prints as a whole value (not inside dates, times, phones, IBANs, ids). */
export function numberOccurrences(text: string, excluded: readonly Span[] = nonAmountSpans(text)): NumberOccurrence[] {
  const found: NumberOccurrence[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const index = match.index ?? 0;
    const end = index + token.length;
    if (excluded.some((span) => span.index < end && index < span.end)) continue;
    if (joinedToLongerToken(text, index, end)) continue;
    const values = readNumber(token);
    if (values.length === 0) continue;
    const percent = /^\s*%/.test(text.slice(end, end + 3));
    found.push({ index, end, token, values: percent ? [...values, ...values.map((v) => v / 100)] : values, percent });
  }
  return found;
}

/**
 * A number glued to letters or to other digits is part of something longer: `A123`, `INV-0042`, `12/2024`,
 * `3-4`. A currency code before the digits (`EUR1,800.00`) and a unit after them (`12kg`, `3x`) are not.
 */
function joinedToLongerToken(text: string, index: number, end: number): boolean {
  const before = text.slice(Math.max(0, index - 5), index);
  // `INV-0042`, `2024-0317`, `12/34`; a minus after a space or a bracket is a sign (` -342.50`).
  if (/[\p{L}\p{N}][-/_]$/u.test(before)) return true;
  if (/\p{L}$/u.test(before) && !/(?:^|[^\p{L}])[A-Z]{3}$/u.test(before)) return true;
  // `12/2024`, `3-4`, `12_5` (a unit after a slash, `0.59/LB`, is not another number).
  return /^[-/_]\p{N}/u.test(text.slice(end, end + 2));
}

/** Every value the numbers in `text` can stand for (absolute values; percentages also as fractions). */
export function numbersIn(text: string): number[] {
  return numberOccurrences(text).flatMap((occurrence) => occurrence.values);
}

/** The values one token can mean under the common conventions (decimal point or comma, any grouping separator). */
export function readNumber(token: string): number[] {
  const groups = token.split(/[.,'’ \u00a0\u202f]/);
  const separators = token.replace(/\d/g, '').split('');
  if (separators.length === 0) return [Number(token)];
  const readings = new Set<number>();
  const last = separators[separators.length - 1]!;
  // Reading 1: the last separator is a decimal mark (only `.` or `,`); the others group thousands.
  if (last === '.' || last === ',') {
    const intGroups = groups.slice(0, -1);
    const grouping = separators.slice(0, -1);
    if (validGrouping(intGroups, grouping) && !grouping.includes(last)) {
      readings.add(Number(`${intGroups.join('')}.${groups[groups.length - 1]}`));
    }
  }
  // Reading 2: every separator groups thousands (an integer).
  if (validGrouping(groups, separators)) readings.add(Number(groups.join('')));
  return [...readings].filter(Number.isFinite);
}

/**
 * Thousands grouping: one separator character throughout, groups after the first exactly three digits, or the
 * Indian lakh/crore grouping (`5,13,300`: pairs, then a final three).
 */
function validGrouping(groups: string[], separators: string[]): boolean {
  if (separators.length === 0) return groups.length === 1;
  if (new Set(separators.map((s) => (s === '’' ? "'" : s === '\u00a0' || s === '\u202f' ? ' ' : s))).size > 1)
    return false;
  const [first, ...rest] = groups;
  if (!first || first.length > 3) return false;
  if (rest.every((group) => group.length === 3)) return true;
  const last = rest[rest.length - 1];
  return first.length <= 2 && last?.length === 3 && rest.slice(0, -1).every((group) => group.length === 2);
}

/** Whether two amounts are the same to the cent. */
export function sameAmount(a: number, b: number): boolean {
  return Math.abs(Math.abs(a) - Math.abs(b)) < 0.005 + Math.abs(b) * 1e-9;
}

/** Whether `value` is printed in `text` as a whole amount or quantity, in some common notation (to the cent). */
export function numberOccurs(value: number, text: string, found = numbersIn(text)): boolean {
  return found.some((candidate) => sameAmount(value, candidate));
}
