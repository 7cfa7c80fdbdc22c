/**
 * `report --by experiment`: the arms of each A/B experiment side by side (requests, first-attempt pass rate,
 * escalation rate, cost per valid result, latency) and a two-proportion z-test on the first-attempt pass rates.
 * Pure: `source.ts` reads the runs (their arms come from the worker's recorded plan).
 */
import Table from 'cli-table3';
import type { ReportRun } from './aggregate';
import { plural } from '../../catalog/plural';

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
  /** 95 % confidence interval of the difference (unpooled normal approximation). */
  ci95: [number, number];
  z: number;
  /** Two-sided p-value of the pooled two-proportion z-test. */
  pValue: number;
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

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, absolute error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test of `passB/nB` against `passA/nA` (pooled standard error for z, unpooled for the 95 %
 * interval). Undefined when either sample is empty or every request in both passed (or failed): no variance.
 */
export function twoProportionTest(passA: number, nA: number, passB: number, nB: number): ProportionTest | undefined {
  if (nA === 0 || nB === 0) return undefined;
  const pA = passA / nA;
  const pB = passB / nB;
  const pooled = (passA + passB) / (nA + nB);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (pooledSe === 0) return undefined;
  const z = (pB - pA) / pooledSe;
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  const difference = pB - pA;
  return {
    difference,
    ci95: [difference - 1.959964 * se, difference + 1.959964 * se],
    z,
    pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))),
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
    cost += run.attempts.reduce((sum, attempt) => sum + attempt.costMicroUsd, 0);
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
    .map(([experiment, arms]) => {
      const control = armStats('control', arms.control);
      const variant = armStats('variant', arms.variant);
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
      const verdict =
        test.pValue < 0.05
          ? `the variant's first-attempt pass rate is ${test.difference > 0 ? 'higher' : 'lower'} by ${points(Math.abs(test.difference))} (${interval}): significant at 5%`
          : `no significant difference in first-attempt pass rate (${pct(variant.firstPassRate)} vs ${pct(control.firstPassRate)}; ${interval})`;
      return { experiment, control, variant, test, verdict };
    });
}

const usd = (micro: number | null) => (micro === null ? '—' : `$${(micro / 1e6).toFixed(6)}`);

/** The comparison as a terminal table (one per experiment, with its verdict), CSV or JSON. */
export function formatExperiments(
  comparisons: readonly ExperimentComparison[],
  context: { query: string; namespace: string; truncated: boolean; limit: number },
  format: 'table' | 'json' | 'csv',
): string {
  if (format === 'json') {
    return `${JSON.stringify({ by: 'experiment', namespace: context.namespace, query: context.query, truncated: context.truncated, experiments: comparisons }, null, 2)}\n`;
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
  const parts = [`Experiments in namespace ${context.namespace} (${context.query})`];
  if (comparisons.length === 0)
    parts.push(
      'No request in the window is in an experiment (routes.<task>.experiments, keyed by session or user id).',
    );
  for (const c of comparisons) {
    const table = new Table({ head: [c.experiment, ...columns] });
    for (const arm of [c.control, c.variant]) table.push([arm.arm, ...cells(arm)]);
    parts.push(`${table.toString()}\n${c.verdict}`);
  }
  if (context.truncated) parts.push(`Only the newest ${context.limit} workflows were read (--limit).`);
  return `${parts.join('\n\n')}\n`;
}
