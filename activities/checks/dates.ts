/**
 * Dates as documents write them (`2025-03-15`, `15/03/2025`, `03/15/25`, `15.03.2025`, `15 March 2025`,
 * `Mar 15, 2025`, `15-Mar-2025`, `2025年3月15日`), as UTC day numbers. An ambiguous `03/04/2025` yields both readings. A date is
 * "derivable" from the input when it is one of the input's dates, or one plus a term the input states
 * (`net 30`, `30 days`): a due date computed from the invoice date passes, `1530-03-15` does not.
 */

const MONTHS: Record<string, number> = {};
[
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may', 'may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
].forEach((names, index) => names.forEach((name) => (MONTHS[name] = index + 1)));
const MONTH =
  '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

const PATTERNS: { regex: RegExp; read: (m: RegExpMatchArray) => [number, number, number][] }[] = [
  // 2025-03-15, 2025/03/15, 2025.03.15 (a time may follow)
  { regex: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g, read: (m) => [[+m[1]!, +m[2]!, +m[3]!]] },
  // 15/03/2025 or 03/15/2025 (both readings), also with `.` or `-`, and two-digit years
  {
    regex: /\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b/g,
    read: (m) => {
      const year = fullYear(m[3]!);
      return [
        [year, +m[2]!, +m[1]!],
        [year, +m[1]!, +m[2]!],
      ];
    },
  },
  // 2025年3月15日 (Japanese and Chinese)
  { regex: /(\d{4})年(\d{1,2})月(\d{1,2})日/g, read: (m) => [[+m[1]!, +m[2]!, +m[3]!]] },
  // 15 March 2025, 15-Mar-2025, 15. Mar 2025
  {
    regex: new RegExp(`\\b${DAY}[\\s.-]+${MONTH}[\\s,.-]+(\\d{4})\\b`, 'gi'),
    read: (m) => [[+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!]],
  },
  // March 15, 2025, Mar 15 2025
  {
    regex: new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => [[+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!]],
  },
];

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

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

/** Every date `text` mentions, every reading of an ambiguous one included, as UTC day numbers. */
export function datesIn(text: string): number[] {
  const days = new Set<number>();
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      for (const [year, month, day] of read(match)) {
        const number = dayNumber(year, month, day);
        if (number !== undefined) days.add(number);
      }
    }
  }
  return [...days];
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

/** Payment terms and periods the input states, in days: `net 30`, `30 days`, `14-day`. */
export function termsIn(text: string): number[] {
  const terms = new Set<number>();
  for (const match of text.matchAll(/\bnet\s*(\d{1,3})\b|\b(\d{1,3})[\s-]*(?:calendar\s+)?days?\b/gi)) {
    terms.add(Number(match[1] ?? match[2]));
  }
  return [...terms].filter((days) => days > 0 && days <= 366);
}

/** Whether the date `value` is one of the input's dates, or one of them plus a stated term. */
export function dateDerivable(value: string, text: string): boolean {
  const readings = readDate(value);
  if (readings.length === 0) return false;
  const found = datesIn(text);
  const terms = termsIn(text);
  return readings.some((day) => found.some((base) => day === base || terms.some((term) => day === base + term)));
}
