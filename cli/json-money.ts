/**
 * Money in every JSON output as whole micro-USD (pure): a `…MicroUsd` number is rounded (a mean or an expectation
 * is a fraction of a micro-USD; a reader summing them must not meet `0.0005013999999999999`), and beside every
 * `…Usd` number, or map of numbers, its `…MicroUsd` twin is added when missing. USD fields stay for reading.
 */
import { usdToMicro } from '../catalog/pricing';

const MICRO = /MicroUsd$/;
const USD = /Usd$/;

const isNumberMap = (value: unknown): value is Record<string, number> =>
  !!value &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).length > 0 &&
  Object.values(value).every((v) => typeof v === 'number');

/** A copy of `value` with its money fields in whole micro-USD (see the header). */
export function moneyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(moneyJson);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(source)) {
    if (MICRO.test(key) && typeof field === 'number') {
      // An infinite expectation (a tier that never passes) has no amount: null, as JSON would write it anyway.
      out[key] = Number.isFinite(field) ? Math.round(field) : null;
      continue;
    }
    out[key] = moneyJson(field);
    if (!USD.test(key) || MICRO.test(key)) continue;
    const twin = key.replace(USD, 'MicroUsd');
    if (twin in source) continue;
    if (typeof field === 'number') out[twin] = usdToMicro(field);
    else if (isNumberMap(field)) {
      out[twin] = Object.fromEntries(Object.entries(field).map(([name, usd]) => [name, usdToMicro(usd)]));
    }
  }
  return out;
}
