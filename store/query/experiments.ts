/**
 * `report --by experiment` from the store: each experiment's two arms with the figures cli/report/experiment.ts
 * computes per arm (`ArmStats`), so its significance test and verdict apply unchanged. The median latency is read
 * from a histogram (within about 1 % of the exact median; see rollup/latency.ts).
 */
import type { SqlExecutor } from '../engine/types';
import { histogramMedian } from '../rollup/latency';
import { parseArms } from '../rows';
import { sums } from './sums';
import type { TimeWindow } from './window';

export interface StoreArmStats {
  arm: 'control' | 'variant';
  requests: number;
  firstPass: number;
  firstPassRate: number | null;
  escalated: number;
  escalationRate: number | null;
  validResults: number;
  costMicroUsd: number;
  costPerValidMicroUsd: number | null;
  medianLatencyMs: number | null;
}

export interface StoreExperiment {
  experiment: string;
  control: StoreArmStats;
  variant: StoreArmStats;
}

export async function experimentArms(
  db: SqlExecutor,
  options: TimeWindow & { task?: string },
): Promise<StoreExperiment[]> {
  // Counts over the exact window; the latency histograms are daily, so medians cover the whole days around it.
  const { rows } = await sums(db, {
    ...options,
    dims: ['experiment'],
    counters: ['requests', 'first_pass', 'escalated', 'valid', 'cost_micro'],
  });
  const latencies = await sums(db, { ...options, dims: ['arm_latency'], counters: ['requests'] });
  const histograms = new Map<string, Map<number, number>>();
  for (const row of latencies.rows) {
    const [arm = '', bucket = '0'] = row.key.split('\u001f');
    let histogram = histograms.get(arm);
    if (!histogram) histograms.set(arm, (histogram = new Map()));
    histogram.set(Number(bucket), (histogram.get(Number(bucket)) ?? 0) + row.counters.requests);
  }
  const experiments = new Map<string, StoreExperiment>();
  const empty = (arm: 'control' | 'variant'): StoreArmStats => ({
    arm,
    requests: 0,
    firstPass: 0,
    firstPassRate: null,
    escalated: 0,
    escalationRate: null,
    validResults: 0,
    costMicroUsd: 0,
    costPerValidMicroUsd: null,
    medianLatencyMs: null,
  });
  for (const row of rows) {
    const [parsed] = parseArms(row.key);
    if (!parsed) continue;
    let experiment = experiments.get(parsed.experiment);
    if (!experiment)
      experiments.set(
        parsed.experiment,
        (experiment = { experiment: parsed.experiment, control: empty('control'), variant: empty('variant') }),
      );
    const c = row.counters;
    experiment[parsed.arm] = {
      arm: parsed.arm,
      requests: c.requests,
      firstPass: c.first_pass,
      firstPassRate: c.requests > 0 ? c.first_pass / c.requests : null,
      escalated: c.escalated,
      escalationRate: c.requests > 0 ? c.escalated / c.requests : null,
      validResults: c.valid,
      costMicroUsd: c.cost_micro,
      costPerValidMicroUsd: c.valid > 0 ? Math.round(c.cost_micro / c.valid) : null,
      medianLatencyMs: histogramMedian(histograms.get(row.key) ?? new Map()),
    };
  }
  return [...experiments.values()].sort((a, b) => a.experiment.localeCompare(b.experiment));
}
