/** The checks of one value against the input: grounded, range, dateWindow, currency. */
import type { DateWindowCheck, GroundAs, RangeCheck } from '../../catalog/checks';
import { valuesAt } from '../../catalog/check-paths';
import { currencyCodesOf } from './currency';
import { dateDerivable, isoOfDay, readDate } from './dates';
import type { InputFacts } from './facts';
import { numberOccurs } from './numbers';
import { stringOccurs } from './strings';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:$|T)/;

/** The kind a value is compared as: `auto` goes by the value (number, ISO date, string). */
export function kindOf(value: unknown, as: GroundAs = 'auto'): 'number' | 'date' | 'string' {
  if (as !== 'auto') return as;
  if (typeof value === 'number') return 'number';
  return typeof value === 'string' && ISO_DATE.test(value) ? 'date' : 'string';
}

export function grounded(value: unknown, as: GroundAs, facts: InputFacts): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = grounded(item, as, facts);
      if (problem) return problem;
    }
    return undefined;
  }
  const kind = kindOf(value, as);
  if (kind === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(number)) return `${JSON.stringify(value)} is not a number`;
    return numberOccurs(number, facts.text, facts.numbers())
      ? undefined
      : `${number} does not occur in the input in any common notation`;
  }
  if (typeof value !== 'string') return undefined;
  if (kind === 'date') {
    return dateDerivable(value, facts.text, facts.dates(), facts.terms())
      ? undefined
      : `${value} is not a date of the input (nor one plus a stated term)`;
  }
  return stringOccurs(value, facts.normalised()) ? undefined : `"${clip(value)}" does not occur in the input`;
}

export function range(spec: RangeCheck, value: unknown): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (spec.min !== undefined && value < spec.min) return `${value} is below the minimum ${spec.min}`;
  if (spec.max !== undefined && value > spec.max) return `${value} is above the maximum ${spec.max}`;
  return undefined;
}

export function currency(value: unknown, facts: InputFacts): string | undefined {
  if (typeof value !== 'string') return undefined;
  const shown = facts.currencies();
  if (shown.size === 0) return undefined;
  const named = currencyCodesOf(value);
  if ([...named].some((code) => shown.has(code))) return undefined;
  return `"${value}" does not match the currency the input shows (${[...shown].join(', ')})`;
}

export function dateWindow(
  spec: DateWindowCheck,
  value: unknown,
  output: unknown,
  today: number,
  facts: InputFacts,
): string | undefined {
  if (typeof value !== 'string') return undefined;
  const [day] = readDate(value);
  if (day === undefined) return `${JSON.stringify(value)} is not a date`;
  const min = spec.minDays ?? -Infinity;
  const max = spec.maxDays ?? Infinity;
  const within = (base: number) => day - base >= min && day - base <= max;
  const window = `${spec.minDays ?? '-∞'}..${spec.maxDays ?? '+∞'} days`;
  if (spec.fromField !== undefined) {
    const [reference] = valuesAt(output, spec.fromField);
    const [base] = typeof reference?.value === 'string' ? readDate(reference.value) : [];
    if (base === undefined) return undefined; // nothing to measure from; the reference field has its own checks
    return within(base) ? undefined : `${value} is not within ${window} of ${spec.fromField} (${isoOfDay(base)})`;
  }
  if (spec.relativeTo === 'input') {
    const bases = facts.dates();
    if (bases.length === 0 || bases.some(within)) return undefined;
    return `${value} is not within ${window} of any date in the input`;
  }
  return within(today) ? undefined : `${value} is not within ${window} of today (${isoOfDay(today)})`;
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
