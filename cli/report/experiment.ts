/**
 * `report --by experiment`: the arms of each A/B experiment side by side (requests, first-attempt pass rate,
 * escalation rate, cost per valid result, latency) and a Wald two-proportion test on the first-attempt pass rates:
 * one standard error (unpooled) for both the interval and the p-value, so the 95 % interval excludes zero exactly
 * when p < 0.05 (a pooled z with an unpooled interval, as before, could print an interval excluding zero beside
 * p = 0.074).
 * Pure: `source.ts` reads the runs (their arms come from the worker's recorded plan).
 */
import Table from 'cli-table3';
import { ledgerCostMicroUsd } from '../../workflows/definitions';
import type { ReportRun } from './aggregate';
import { plural } from '../../catalog/plural';
import { truncationWarning, type ReportContext } from './format';

/** Each arm needs this many requests, and this many passes and failures, before a test is worth reading. */
export const MIN_REQUESTS_PER_ARM = 30;
export const MIN_OUTCOMES_PER_ARM = 5;

export interface ArmStats {
  arm: 'control' | 'variant';
  requests: number;
  /** Requests whose first attempt returned a valid answer. */
  firstPass: number;
  firstPassRate: number | null;
  /** Requests that escalated to a higher tier at least once. */
  escalated: number;
  escalationRate: number | null;
  validResults: number;
  costMicroUsd: number;
  costPerValidMicroUsd: number | null;
  /** Median end-to-end latency of finished requests, ms; null when none finished. */
  medianLatencyMs: number | null;
}

export interface ProportionTest {
  /** variant rate − control rate. */
  difference: number;
  /** Confidence interval of the difference at 1 − alpha (Wald: difference ± z·SE, unpooled SE). */
  ci95: [number, number];
  /** difference / SE, with the same unpooled SE as the interval. */
  z: number;
  /** Two-sided p-value of z. */
  pValue: number;
  /** The interval excludes zero; the same as pValue < alpha. */
  significant: boolean;
}

export interface ExperimentComparison {
  experiment: string;
  control: ArmStats;
  variant: ArmStats;
  /** Absent when there is not enough data (see `verdict`). */
  test?: ProportionTest;
  /** One plain sentence: not enough data yet, no significant difference, or which arm passes more often. */
  verdict: string;
}

/** The test's level: a 95 % interval, p < 0.05. */
export const ALPHA = 0.05;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, absolute error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const twoSidedP = (z: number) => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

/**
 * The critical value of `alpha` under the very CDF the p-values use (bisection), so "the interval excludes zero"
 * and "p < alpha" are one decision, not two approximations that may disagree near the edge.
 */
export function criticalZ(alpha: number): number {
  let low = 0;
  let high = 10;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (twoSidedP(middle) > alpha) low = middle;
    else high = middle;
  }
  return high;
}

const Z_CRITICAL = criticalZ(ALPHA);

/**
 * Wald test of `passB/nB` against `passA/nA`: z and the interval from one unpooled standard error. Undefined when
 * either sample is empty or both rates are 0 or 1 (no variance).
 */
export function twoProportionTest(passA: number, nA: number, passB: number, nB: number): ProportionTest | undefined {
  if (nA === 0 || nB === 0) return undefined;
  const pA = passA / nA;
  const pB = passB / nB;
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  if (se === 0) return undefined;
  const difference = pB - pA;
  const z = difference / se;
  const pValue = twoSidedP(z);
  return {
    difference,
    ci95: [difference - Z_CRITICAL * se, difference + Z_CRITICAL * se],
    z,
    pValue,
    significant: Math.abs(z) > Z_CRITICAL,
  };
}

/** Whether both arms have enough requests, passes and failures for the normal approximation to hold. */
export function enoughData(control: ArmStats, variant: ArmStats): boolean {
  return [control, variant].every(
    (arm) =>
      arm.requests >= MIN_REQUESTS_PER_ARM &&
      arm.firstPass >= MIN_OUTCOMES_PER_ARM &&
      arm.requests - arm.firstPass >= MIN_OUTCOMES_PER_ARM,
  );
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** One arm's numbers from its requests. */
export function armStats(arm: 'control' | 'variant', runs: readonly ReportRun[]): ArmStats {
  let firstPass = 0;
  let escalated = 0;
  let valid = 0;
  let cost = 0;
  const latencies: number[] = [];
  for (const run of runs) {
    if (run.attempts.find((attempt) => attempt.reason !== 'classify')?.outcome === 'ok') firstPass++;
    if (run.attempts.some((attempt) => attempt.reason === 'escalation')) escalated++;
    if (run.attempts.some((attempt) => attempt.outcome === 'ok' && attempt.reason !== 'classify')) valid++;
    cost += ledgerCostMicroUsd(run.attempts);
    if (run.latencyMs !== undefined) latencies.push(run.latencyMs);
  }
  const n = runs.length;
  return {
    arm,
    requests: n,
    firstPass,
    firstPassRate: n > 0 ? firstPass / n : null,
    escalated,
    escalationRate: n > 0 ? escalated / n : null,
    validResults: valid,
    costMicroUsd: cost,
    costPerValidMicroUsd: valid > 0 ? Math.round(cost / valid) : null,
    medianLatencyMs: median(latencies),
  };
}

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** Every experiment found on the runs, its arms compared; runs in no experiment are left out. */
export function compareExperiments(runs: readonly ReportRun[]): ExperimentComparison[] {
  const byExperiment = new Map<string, { control: ReportRun[]; variant: ReportRun[] }>();
  for (const run of runs) {
    for (const { experiment, arm } of run.experiments ?? []) {
      let arms = byExperiment.get(experiment);
      if (!arms) byExperiment.set(experiment, (arms = { control: [], variant: [] }));
      arms[arm].push(run);
    }
  }
  return [...byExperiment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([experiment, arms]) =>
      compareArms(experiment, armStats('control', arms.control), armStats('variant', arms.variant)),
    );
}

/** Two arms' statistics (from runs, or from the ledger store's rollups) compared: the test and its verdict. */
export function compareArms(experiment: string, control: ArmStats, variant: ArmStats): ExperimentComparison {
  const test = twoProportionTest(control.firstPass, control.requests, variant.firstPass, variant.requests);
  if (!enoughData(control, variant) || !test) {
    return {
      experiment,
      control,
      variant,
      verdict:
        `not enough data yet: a test needs at least ${plural(MIN_REQUESTS_PER_ARM, 'request')} per arm with ` +
        `${MIN_OUTCOMES_PER_ARM}+ first-attempt passes and failures each ` +
        `(control ${plural(control.requests, 'request')}, ${control.firstPass} passed; variant ${variant.requests}, ${variant.firstPass} passed)`,
    };
  }
  const points = (x: number) => `${(x * 100).toFixed(1)} points`;
  const interval = `95% CI ${points(test.ci95[0])} to ${points(test.ci95[1])}, p = ${test.pValue.toFixed(3)}`;
  const verdict = test.significant
    ? `the variant's first-attempt pass rate is ${test.difference > 0 ? 'higher' : 'lower'} by ${points(Math.abs(test.difference))} (${interval}): significant at 5%`
    : `no significant difference in first-attempt pass rate (${pct(variant.firstPassRate)} vs ${pct(control.firstPassRate)}; ${interval})`;
  return { experiment, control, variant, test, verdict };
}

const usd = (micro: number | null) => (micro === null ? '—' : `$${(micro / 1e6).toFixed(6)}`);

/** The comparison as a terminal table (one per experiment, with its verdict), CSV or JSON. */
export function formatExperiments(
  comparisons: readonly ExperimentComparison[],
  context: ReportContext,
  format: 'table' | 'json' | 'csv',
): string {
  const warning = context.truncated ? truncationWarning(context.limit) : undefined;
  const where =
    context.store !== undefined ? { store: context.store } : { namespace: context.namespace, query: context.query };
  if (format === 'json') {
    return `${JSON.stringify({ by: 'experiment', ...where, truncated: context.truncated, ...(warning && { warning }), experiments: comparisons }, null, 2)}\n`;
  }
  const columns = ['requests', 'first pass', 'escalated', 'valid', 'cost', 'cost/valid', 'median latency'];
  const cells = (arm: ArmStats) => [
    String(arm.requests),
    pct(arm.firstPassRate),
    pct(arm.escalationRate),
    String(arm.validResults),
    usd(arm.costMicroUsd),
    usd(arm.costPerValidMicroUsd),
    arm.medianLatencyMs === null ? '—' : `${arm.medianLatencyMs} ms`,
  ];
  if (format === 'csv') {
    const lines = [['experiment', 'arm', ...columns].join(',')];
    for (const c of comparisons)
      for (const arm of [c.control, c.variant]) lines.push([c.experiment, arm.arm, ...cells(arm)].join(','));
    return `${lines.join('\n')}\n`;
  }
  const source =
    context.store !== undefined
      ? `in the ledger store ${context.store}`
      : `in namespace ${context.namespace} (${context.query})`;
  const parts = [...(warning ? [warning] : []), `Experiments ${source}`];
  if (comparisons.length === 0)
    parts.push(
      'No request in the window is in an experiment (routes.<task>.experiments, keyed by session or user id).',
    );
  for (const c of comparisons) {
    const table = new Table({ head: [c.experiment, ...columns] });
    for (const arm of [c.control, c.variant]) table.push([arm.arm, ...cells(arm)]);
    parts.push(`${table.toString()}\n${c.verdict}`);
  }
  return `${parts.join('\n\n')}\n`;
}
