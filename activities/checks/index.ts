/**
 * The checks engine: deterministic code (no model call) run by `callModel` after ajv. Each failed check becomes a
 * `CheckFailure` naming the check, the field and why; any failure makes the answer `check_failed`.
 */
import type { CheckFailure, CheckSpec, DateWindowCheck, GroundAs } from '../../catalog/checks';
import { currenciesIn, currencyCodesOf } from './currency';
import { dateDerivable, datesIn, isoOfDay, readDate } from './dates';
import { numberOccurs, numbersIn } from './numbers';
import { valuesAt } from '../../catalog/check-paths';
import { normaliseText, stringOccurs } from './strings';

/**
 * A check of your own, registered on the plugin by name: returns a problem (shown in the ledger and the repair
 * prompt) or undefined when the answer passes.
 */
export type CheckFunction = (output: unknown, input: string) => string | undefined | Promise<string | undefined>;

export interface CheckContext {
  /** The text the answer must be grounded in: the request's user messages. */
  input: string;
  /** Today as a UTC day number (an argument so tests are deterministic). */
  today: number;
  /** Checks registered on the worker's plugin. */
  registry?: Readonly<Record<string, CheckFunction>>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:$|T)/;

/** Runs every check on a schema-valid answer; returns what failed (empty: the answer passes). */
export async function runChecks(output: unknown, checks: readonly CheckSpec[], context: CheckContext) {
  const failures: CheckFailure[] = [];
  const lazy = memoInput(context.input);
  for (const spec of checks) {
    if (spec.check === 'custom') {
      const fn = context.registry?.[spec.name];
      if (!fn) throw new Error(`check "${spec.name}" is not registered on this worker's CascadePlugin`);
      const problem = await fn(output, context.input);
      if (problem) failures.push({ check: spec.name, problem });
      continue;
    }
    for (const field of spec.fields) {
      for (const { path, value } of valuesAt(output, field)) {
        const problem = checkValue(spec, value, output, context, lazy);
        if (problem) failures.push({ check: spec.check, field: path, problem });
      }
    }
  }
  return failures;
}

/** The names of custom checks `checks` needs that `registry` lacks. */
export function missingCustomChecks(checks: readonly CheckSpec[], registry: Readonly<Record<string, unknown>> = {}) {
  return checks.flatMap((spec) => (spec.check === 'custom' && !(spec.name in registry) ? [spec.name] : []));
}

type InputFacts = ReturnType<typeof memoInput>;

/** Parses the input once per answer, and only what the checks ask for. */
function memoInput(input: string) {
  let normalised: string | undefined;
  let numbers: number[] | undefined;
  let dates: number[] | undefined;
  let currencies: Set<string> | undefined;
  return {
    normalised: () => (normalised ??= normaliseText(input)),
    numbers: () => (numbers ??= numbersIn(input)),
    dates: () => (dates ??= datesIn(input)),
    currencies: () => (currencies ??= currenciesIn(input)),
  };
}

function checkValue(
  spec: Exclude<CheckSpec, { check: 'custom' }>,
  value: unknown,
  output: unknown,
  context: CheckContext,
  facts: InputFacts,
): string | undefined {
  switch (spec.check) {
    case 'grounded':
      return grounded(value, spec.as ?? 'auto', context.input, facts);
    case 'range': {
      if (typeof value !== 'number') return undefined;
      if (spec.min !== undefined && value < spec.min) return `${value} is below the minimum ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `${value} is above the maximum ${spec.max}`;
      return undefined;
    }
    case 'dateWindow':
      return dateWindow(spec, value, output, context, facts);
    case 'currency': {
      if (typeof value !== 'string') return undefined;
      const shown = facts.currencies();
      if (shown.size === 0) return undefined;
      const named = currencyCodesOf(value);
      if ([...named].some((code) => shown.has(code))) return undefined;
      return `"${value}" does not match the currency the input shows (${[...shown].join(', ')})`;
    }
  }
}

function grounded(value: unknown, as: GroundAs, input: string, facts: InputFacts): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = grounded(item, as, input, facts);
      if (problem) return problem;
    }
    return undefined;
  }
  const kind =
    as !== 'auto'
      ? as
      : typeof value === 'number'
        ? 'number'
        : typeof value === 'string' && ISO_DATE.test(value)
          ? 'date'
          : 'string';
  if (kind === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(number)) return `${JSON.stringify(value)} is not a number`;
    return numberOccurs(number, input, facts.numbers())
      ? undefined
      : `${number} does not occur in the input in any common notation`;
  }
  if (typeof value !== 'string') return undefined;
  if (kind === 'date') {
    return dateDerivable(value, input) ? undefined : `${value} is not a date of the input (nor one plus a stated term)`;
  }
  return stringOccurs(value, facts.normalised()) ? undefined : `"${clip(value)}" does not occur in the input`;
}

function dateWindow(
  spec: DateWindowCheck,
  value: unknown,
  output: unknown,
  context: CheckContext,
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
  return within(context.today) ? undefined : `${value} is not within ${window} of today (${isoOfDay(context.today)})`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Today as a UTC day number. */
export function todayDay(now = Date.now()): number {
  return Math.floor(now / 86_400_000);
}
