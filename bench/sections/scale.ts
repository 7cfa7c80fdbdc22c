/** `--scale`: the 10,000-item batch of issue 3 item 5, items/s and the harness's peak RSS (client + worker). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssSampler } from '../util/pool';
import { round } from '../util/stats';
import type { BenchContext } from '../setup/context';
import { batchRunner } from './throughput';

export interface ScaleResult {
  items: number;
  concurrency: number;
  ok: number;
  seconds: number;
  itemsPerSecond: number;
  peakRssMiB: number;
}

export async function runScale(ctx: BenchContext, sizes: { items: number; concurrency: number }): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-bench-scale-'));
  try {
    ctx.log(`scale: one batch of ${sizes.items} items at concurrency ${sizes.concurrency}…`);
    await ctx.upstream.clearCalls();
    const sampler = rssSampler();
    const started = performance.now();
    const { ok } = await batchRunner(ctx, dir)(sizes.items, sizes.concurrency);
    const seconds = (performance.now() - started) / 1000;
    const peakRssMiB = sampler.stop();
    await ctx.upstream.clearCalls();
    return { ...sizes, ok, seconds: round(seconds), itemsPerSecond: round(sizes.items / seconds, 1), peakRssMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
