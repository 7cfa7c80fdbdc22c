/**
 * The checks engine: deterministic code (no model call) run by `callModel` after ajv. Each failed check becomes a
 * `CheckFailure` naming the check, the field and why; any failure makes the answer `check_failed`.
 */
import type { CheckFailure, CheckSpec } from '../../catalog/checks';
import { valuesAt } from '../../catalog/check-paths';
import { factsOf, type InputFacts } from './facts';
import { differs, near, sum, term } from './role-checks';
import { currency, dateWindow, grounded, range } from './value-checks';

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

/** Runs every check on a schema-valid answer; returns what failed (empty: the answer passes). */
export async function runChecks(output: unknown, checks: readonly CheckSpec[], context: CheckContext) {
  const failures: CheckFailure[] = [];
  const facts = factsOf(context.input);
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
        const problem = checkValue(spec, value, output, context.today, facts);
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

function checkValue(
  spec: Exclude<CheckSpec, { check: 'custom' }>,
  value: unknown,
  output: unknown,
  today: number,
  facts: InputFacts,
): string | undefined {
  switch (spec.check) {
    case 'grounded':
      return grounded(value, spec.as ?? 'auto', facts);
    case 'range':
      return range(spec, value);
    case 'dateWindow':
      return dateWindow(spec, value, output, today, facts);
    case 'currency':
      return currency(value, facts);
    case 'near':
      return near(spec, value, facts);
    case 'sum':
      return sum(spec, value, output, facts);
    case 'differs':
      return differs(spec, value, output);
    case 'term':
      return term(spec, value, output, facts);
  }
}

/** Today as a UTC day number. */
export function todayDay(now = Date.now()): number {
  return Math.floor(now / 86_400_000);
}
