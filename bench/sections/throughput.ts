/**
 * Section 3, throughput: N items at concurrency C against the zero-latency upstream, in interleaved rounds.
 * - llm-cascade batch: `runBatch`, the product's batch path: one workflow whose items' attempts are its activities
 *   (items read and results written by local activities); and the same with a child workflow per item;
 * - llm-cascade, client-driven: N `runCascade` calls from a client-side pool of C (same driver as the baseline);
 * - bare Temporal: N workflows each running one no-op activity, same driver, same worker settings (and, to
 *   separate the LLM call's own cost from ours, N workflows whose one activity makes the same SDK call);
 * - a non-durable Promise pool calling the openai SDK directly.
 * The ratio of llm-cascade to bare Temporal is our own overhead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../client/batch-client';
import { pool, rssSampler } from '../util/pool';
import { round } from '../util/stats';
import { workOf, type RunnerResult, type WorkPerItem } from './work-per-item';
import type { BenchContext } from '../setup/context';
import type { BenchSystem } from '../systems/request';
import { nextMarker } from '../systems/request';
import { INSTRUCTIONS } from '../systems/request';
import { INVOICE_SCHEMA } from '../upstream/models';
import { sdkCallInput } from '../baseline/bare-system';

export interface ThroughputRow {
  key: string;
  label: string;
  items: number;
  ok: number;
  seconds: number;
  itemsPerSecond: number;
  /** items/s relative to bare Temporal (same run). */
  ratioToBare: number;
  /** Peak RSS of the harness process (client + in-process worker) while this system ran, MiB. */
  peakRssMiB: number;
}

export interface ThroughputResult {
  items: number;
  concurrency: number;
  rounds: number;
  rows: ThroughputRow[];
  workPerItem: WorkPerItem[];
  /** The issues' targets for ratioToBare, by row: the batch path (issue 8), client-driven cascades (issue 5). */
  targets: Record<string, number>;
}

/** One way of processing `items` items at `concurrency`. */
type Runner = (items: number, concurrency: number) => Promise<RunnerResult>;

/** A JSONL batch input of `items` invoices. */
function writeBatchInput(dir: string, items: number): string {
  const path = join(dir, `items-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const lines = Array.from({ length: items }, (_, i) =>
    JSON.stringify({ id: `item-${i}`, text: `Invoice INV-${i} from ACME GmbH. Total due: EUR 1,234.50.` }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** `runBatch` on a fresh input: items inline in the batch workflow, or each a child workflow (`itemWorkflows`). */
export function batchRunner(ctx: BenchContext, dir: string, itemWorkflows = false): Runner {
  return async (items, concurrency) => {
    const input = writeBatchInput(dir, items);
    const batchId = nextMarker('bench-batch');
    const report = await runBatch(
      ctx.temporal.client,
      {
        task: 'throughput',
        schema: INVOICE_SCHEMA as unknown as Record<string, unknown>,
        schemaName: 'invoice',
        instructions: INSTRUCTIONS,
        input,
        output: input.replace(/\.jsonl$/, '.out.jsonl'),
        concurrency,
        batchId,
        ...(itemWorkflows && { itemWorkflows: true }),
      },
      { catalog: ctx.catalog, taskQueue: ctx.queues.cascade.tuned, intervalMs: 5_000 },
    );
    return {
      ok: report.ok,
      ...(itemWorkflows && { sample: `batch-${batchId}/item-0` }),
      parent: `batch-${batchId}`,
    };
  };
}

function systemRunner(system: BenchSystem): Runner {
  return async (items, concurrency) => {
    const results = await pool(items, concurrency, () =>
      system.call({ route: 'throughput', marker: nextMarker('tp') }),
    );
    return { ok: results.filter((r) => r.ok).length, sample: results.find((r) => r.workflowId)?.workflowId };
  };
}

/** Bare workflows from the same client-side pool: a no-op activity, or one plain SDK call (`withCall`). */
function bareRunner(ctx: BenchContext, withCall: boolean): Runner {
  return async (items, concurrency) => {
    const ids = Array.from({ length: items }, () => nextMarker(withCall ? 'bare-sdk' : 'bare-noop'));
    const args = (i: number) =>
      withCall ? [sdkCallInput(ctx.upstream.baseURL, { route: 'throughput', marker: ids[i]! })] : ['x'];
    const results = await pool(items, concurrency, async (i) => {
      const handle = await ctx.temporal.eagerClient.workflow.start(
        withCall ? 'sdkActivityWorkflow' : 'noopActivityWorkflow',
        {
          taskQueue: ctx.queues.bare.tuned,
          workflowId: ids[i]!,
          args: args(i),
        },
      );
      return handle.result().then(
        () => true,
        () => false,
      );
    });
    return { ok: results.filter(Boolean).length, sample: ids[0] };
  };
}

export async function runThroughput(
  ctx: BenchContext,
  sizes: { items: number; concurrency: number; rounds: number },
): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-bench-'));
  try {
    const runners: Array<{ key: string; label: string; run: Runner }> = [
      { key: 'batch', label: 'llm-cascade batch workflow (items inline)', run: batchRunner(ctx, dir) },
      {
        key: 'batch-children',
        label: 'llm-cascade batch, an item workflow per item',
        run: batchRunner(ctx, dir, true),
      },
      { key: 'cascade-client', label: 'llm-cascade, client-driven cascades', run: systemRunner(ctx.cascade.tuned) },
      { key: 'bare', label: 'bare Temporal, no-op activity', run: bareRunner(ctx, false) },
      { key: 'bare-sdk', label: 'bare Temporal, one SDK-call activity', run: bareRunner(ctx, true) },
      { key: 'pool', label: 'Promise pool, openai SDK (not durable)', run: systemRunner(ctx.direct) },
    ];
    const totals = new Map(runners.map((r) => [r.key, { items: 0, ok: 0, ms: 0, rss: 0, last: {} as RunnerResult }]));
    const perRound = Math.ceil(sizes.items / sizes.rounds);
    // Warm-up: a few items each, so bundles, connections and JIT are ready before the clock runs.
    for (const runner of runners) await runner.run(Math.min(20, perRound), sizes.concurrency);
    for (let round = 0; round < sizes.rounds; round++) {
      const items = Math.min(perRound, sizes.items - round * perRound);
      const order = round % 2 === 0 ? runners : [...runners].reverse();
      for (const runner of order) {
        ctx.log(
          `throughput: round ${round + 1}/${sizes.rounds}, ${runner.key}, ${items} items at concurrency ${sizes.concurrency}…`,
        );
        const sampler = rssSampler();
        const started = performance.now();
        const result = await runner.run(items, sizes.concurrency);
        const total = totals.get(runner.key)!;
        total.ms += performance.now() - started;
        total.items += items;
        total.ok += result.ok;
        total.last = { ...result, ok: items };
        total.rss = Math.max(total.rss, sampler.stop());
      }
      await ctx.upstream.clearCalls();
    }
    const rate = (key: string) => totals.get(key)!.items / (totals.get(key)!.ms / 1000);
    const bare = rate('bare');
    const rows = runners.map(({ key, label }): ThroughputRow => {
      const t = totals.get(key)!;
      return {
        key,
        label,
        items: t.items,
        ok: t.ok,
        seconds: round(t.ms / 1000),
        itemsPerSecond: round(rate(key), 1),
        ratioToBare: round(rate(key) / bare, 3),
        peakRssMiB: t.rss,
      };
    });
    const workPerItem: WorkPerItem[] = [];
    for (const { key } of runners) {
      const work = await workOf(ctx, key, totals.get(key)!.last);
      if (work) workPerItem.push(work);
    }
    return {
      items: sizes.items,
      concurrency: sizes.concurrency,
      rounds: sizes.rounds,
      rows,
      workPerItem,
      targets: { batch: 0.9, 'cascade-client': 0.8 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
