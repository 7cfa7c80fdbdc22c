/**
 * Worker tuning, before/after: the same sequential 0 ms request through llm-cascade workers that differ in one
 * documented setting each, interleaved. All use eager workflow start; the first row is the tuned default.
 */
import { interleave } from '../util/interleave';
import { round, summarize } from '../util/stats';
import type { BenchContext } from '../setup/context';
import { startCascadeWorker, type RunningWorker, type WorkerTuning } from '../setup/temporal-env';
import { cascadeSystem } from '../systems/cascade';
import type { BenchSystem } from '../systems/request';

interface Variant {
  key: string;
  label: string;
  tuning: WorkerTuning;
}

const VARIANTS: Variant[] = [
  { key: 'eager', label: 'eager start + eager activities (SDK defaults otherwise)', tuning: {} },
  {
    key: 'autoscaling-pollers',
    label: '+ autoscaling workflow and activity pollers',
    tuning: {
      workflowTaskPollerBehavior: { type: 'autoscaling' },
      activityTaskPollerBehavior: { type: 'autoscaling' },
    },
  },
  { key: 'no-sticky-cache', label: '+ maxCachedWorkflows 0 (no sticky cache)', tuning: { maxCachedWorkflows: 0 } },
  {
    key: 'no-eager-activities',
    label: '− eager activities (maxEagerActivityReservationsPerWorkflowTask 0)',
    tuning: { maxEagerActivityReservationsPerWorkflowTask: 0 },
  },
  // Not a production setting: runs workflow code on the main thread; shows whether the worker-thread hop matters.
  { key: 'debug-mode', label: '+ debugMode (diagnostic only: no workflow worker thread)', tuning: { debugMode: true } },
];

export interface TuningRow {
  key: string;
  label: string;
  n: number;
  p50: number;
  p95: number;
  /** p50 minus the first row's p50, ms (negative: faster). */
  deltaP50: number;
}

export async function runTuning(ctx: BenchContext, sizes: { warmup: number; rounds: number }): Promise<TuningRow[]> {
  const workers: RunningWorker[] = [];
  try {
    const systems: BenchSystem[] = [];
    for (const variant of VARIANTS) {
      const taskQueue = `bench-tuning-${variant.key}`;
      workers.push(await startCascadeWorker(ctx.temporal, ctx.catalog, taskQueue, variant.tuning));
      systems.push(
        cascadeSystem({
          key: variant.key,
          label: variant.label,
          client: ctx.temporal.eagerClient,
          catalog: ctx.catalog,
          taskQueue,
        }),
      );
    }
    ctx.log(`tuning: ${systems.length} worker variants × ${sizes.rounds} rounds at 0 ms…`);
    const results = await interleave(systems, { route: 'o0', warmupRounds: sizes.warmup, rounds: sizes.rounds });
    const summaries = systems.map((s) =>
      summarize(
        results
          .get(s.key)!
          .filter((r) => r.ok)
          .map((r) => r.ms),
      ),
    );
    return systems.map((system, i) => ({
      key: system.key,
      label: system.label,
      n: summaries[i]!.n,
      p50: round(summaries[i]!.p50),
      p95: round(summaries[i]!.p95),
      deltaP50: round(summaries[i]!.p50 - summaries[0]!.p50),
    }));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
