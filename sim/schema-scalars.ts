/**
 * String and number generators for `sampleFromSchema`: values that satisfy the formats and patterns
 * zod 4 emits (its email/date/uuid/… patterns are stricter than ajv-formats, so both must hold).
 */
import { intBetween, pick, type Rng } from './prng';
import type { SchemaObject } from './schema-walk';
import { compilePattern, patternProblem, type UserPattern } from '../catalog/safe-pattern';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const hex = (rng: Rng, count: number) =>
  Array.from({ length: count }, () => intBetween(rng, 0, 15).toString(16)).join('');

/** One generator per string `format`; all outputs also match zod 4's accompanying `pattern`. */
const FORMATS: Record<string, (rng: Rng, words: readonly string[]) => string> = {
  email: (rng, w) => `${pick(rng, w)}.${pick(rng, w)}@example.com`,
  uri: (rng, w) => `https://example.com/${pick(rng, w)}/${intBetween(rng, 1, 999)}`,
  url: (rng, w) => `https://example.com/${pick(rng, w)}`,
  date: (rng) => `20${intBetween(rng, 20, 29)}-${pad(intBetween(rng, 1, 12))}-${pad(intBetween(rng, 1, 28))}`,
  'date-time': (rng) =>
    `${FORMATS.date?.(rng, []) ?? '2024-01-01'}T${pad(intBetween(rng, 0, 23))}:${pad(intBetween(rng, 0, 59))}:${pad(intBetween(rng, 0, 59))}Z`,
  time: (rng) => `${pad(intBetween(rng, 0, 23))}:${pad(intBetween(rng, 0, 59))}:${pad(intBetween(rng, 0, 59))}`,
  duration: (rng) => `P${intBetween(rng, 1, 30)}D`,
  uuid: (rng) =>
    `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${pick(rng, ['8', '9', 'a', 'b'])}${hex(rng, 3)}-${hex(rng, 12)}`,
  ipv4: (rng) => `10.${intBetween(rng, 0, 255)}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`,
  ipv6: (rng) => `2001:db8::${hex(rng, 4).replace(/^0+(?=.)/, '')}`,
  hostname: (rng, w) => `${pick(rng, w)}.example.com`,
  cuid: (rng) => `c${Array.from({ length: 24 }, () => intBetween(rng, 0, 35).toString(36)).join('')}`,
  e164: (rng) => `+1${intBetween(rng, 200, 999)}${intBetween(rng, 1000000, 9999999)}`,
};

/**
 * A string for a string schema: format first, then literal-ish patterns (zod's startsWith/endsWith/
 * includes), then length limits. Arbitrary regexes are not synthesised; any format generator whose output
 * happens to match is tried before giving up.
 */
export function sampleString(s: SchemaObject, rng: Rng, words: readonly string[]): string {
  const gen = s.format !== undefined ? FORMATS[s.format] : undefined;
  let text = gen ? gen(rng, words) : words.length ? `${pick(rng, words)} ${pick(rng, words)}` : 'text';
  if (s.pattern !== undefined && !gen) text = fitPattern(s.pattern, text, rng, words);
  const min = s.minLength ?? 0;
  while (text.length < min) text += ` ${words.length ? pick(rng, words) : 'x'}`;
  if (s.maxLength !== undefined && text.length > s.maxLength) text = text.slice(0, s.maxLength).trimEnd();
  // trimEnd may have dropped below minLength (e.g. length(5) cutting at a space): fill with letters.
  while (text.length < min) text += 'x';
  return text;
}

function fitPattern(pattern: string, text: string, rng: Rng, words: readonly string[]): string {
  const re = safeRegExp(pattern);
  if (!re || re.test(text)) return text;
  const starts = /^\^((?:\\.|[^\\^$.*+?()[\]{}|])*)\.\*$/.exec(pattern);
  if (starts?.[1] !== undefined) return unescape(starts[1]) + text;
  const ends = /^\.\*((?:\\.|[^\\^$.*+?()[\]{}|])*)\$$/.exec(pattern);
  if (ends?.[1] !== undefined) return text + unescape(ends[1]);
  if (/^(?:\\.|[^\\^$.*+?()[\]{}|])+$/.test(pattern)) return `${text} ${unescape(pattern)}`;
  for (const make of Object.values(FORMATS)) {
    const candidate = make(rng, words);
    if (re.test(candidate)) return candidate;
  }
  return text;
}

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, '$1');
}

/** The schema's pattern on RE2, as the cascade validates it; undefined when RE2 cannot run it (the cascade refuses it). */
function safeRegExp(pattern: string): UserPattern | undefined {
  return patternProblem(pattern) === undefined ? compilePattern(pattern) : undefined;
}

/** A number within the schema's bounds (kept in a human-sized window when bounds are huge or absent). */
export function sampleNumber(s: SchemaObject, integer: boolean, rng: Rng): number {
  // Draft 2020-12 uses numeric exclusive bounds; draft 4 used booleans modifying minimum/maximum.
  const exLo = typeof s.exclusiveMinimum === 'number' || s.exclusiveMinimum === true;
  const exHi = typeof s.exclusiveMaximum === 'number' || s.exclusiveMaximum === true;
  const lo = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : (s.minimum ?? -Infinity);
  const hi = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : (s.maximum ?? Infinity);
  let a = Number.isFinite(lo) ? lo : Math.min(0, hi - 100);
  let b = Number.isFinite(hi) ? hi : a + 100;
  if (b - a > 1000) [a, b] = a <= 0 && b >= 100 ? [0, 100] : [a, a + 1000];
  const inRange = (v: number) => (exLo ? v > lo : v >= lo) && (exHi ? v < hi : v <= hi);
  const step = s.multipleOf;
  if (step !== undefined && step > 0) {
    const kLo = Math.ceil(a / step);
    const kHi = Math.floor(b / step);
    for (let tries = 0; tries < 20; tries++) {
      const v = Number((intBetween(rng, kLo, Math.max(kLo, kHi)) * step).toPrecision(12));
      if (inRange(v) && Number.isInteger(v / step) && (!integer || Number.isInteger(v))) return v;
    }
    return Number((Math.max(kLo + 1, 0) * step).toPrecision(12));
  }
  if (integer) {
    const iLo = Math.ceil(a) + (exLo && Number.isInteger(a) && a === lo ? 1 : 0);
    const iHi = Math.floor(b) - (exHi && Number.isInteger(b) && b === hi ? 1 : 0);
    return iLo > iHi ? iLo : intBetween(rng, iLo, iHi);
  }
  const v = Math.round((a + rng() * (b - a)) * 100) / 100;
  return inRange(v) ? v : (a + b) / 2;
}
