/**
 * Numbers as documents write them: `1,250.00`, `1.250,00`, `1 250,00`, `1'250.00`, `1250`, `12.5%`. Every reading a
 * token allows is collected (an ambiguous `1,250` is both 1250 and 1.25), so grounding never rejects a number the
 * document really contains, while `1,250.00` read as 1 or `2.480,00` read as 2.48 finds no match.
 */

/** Digits joined by `.` `,` `'` `’` (no spaces), or digit groups of three joined by (no-break) spaces. */
const TOKEN = /\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d(?:[\d.,'’]*\d)?/g;

/** Every value the numbers in `text` can stand for (absolute values; percentages also as fractions). */
export function numbersIn(text: string): number[] {
  const values: number[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const readings = readNumber(token);
    values.push(...readings);
    const after = text.slice((match.index ?? 0) + token.length).trimStart();
    if (after.startsWith('%')) values.push(...readings.map((value) => value / 100));
  }
  return values;
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
  if (new Set(separators.map((s) => (s === '’' ? "'" : s))).size > 1) return false;
  const [first, ...rest] = groups;
  if (!first || first.length > 3) return false;
  if (rest.every((group) => group.length === 3)) return true;
  const last = rest[rest.length - 1];
  return first.length <= 2 && last?.length === 3 && rest.slice(0, -1).every((group) => group.length === 2);
}

/** Whether `value` occurs in `text` in some common notation (to the cent). */
export function numberOccurs(value: number, text: string, found = numbersIn(text)): boolean {
  const target = Math.abs(value);
  return found.some((candidate) => Math.abs(candidate - target) < 0.005 + target * 1e-9);
}
