/**
 * Section 1, overhead: sequential single-attempt requests at a fixed upstream latency, every system interleaved,
 * p50/p95 end to end and what each adds to the openai SDK called directly (measured in the same rounds).
 */
import { interleave } from '../util/interleave';
import { round, summarize } from '../util/stats';
import { isUnavailable, type BenchContext } from '../setup/context';
import type { BenchSystem } from '../systems/request';
import { profileCascade, type ProfileResult } from './profile';

export interface OverheadRow {
  key: string;
  label: string;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  /** p50 minus the direct baseline's p50 (same run), ms. */
  addedP50: number;
  addedP95: number;
  /** p50 divided by the direct baseline's p50. */
  ratioP50: number;
  firstError?: string;
  unavailable?: string;
}

export interface OverheadRun {
  latencyMs: number;
  rounds: number;
  rows: OverheadRow[];
}

export interface OverheadResult {
  runs: OverheadRun[];
  profile: ProfileResult;
  /** The target: llm-cascade adds at most this much p50 (ms) at 0 ms upstream latency. */
  targetAddedP50Ms: number;
}

export interface OverheadSizes {
  warmup: number;
  /** Rounds per upstream latency. */
  rounds: Record<0 | 300, number>;
  profileSamples: number;
}

export const TARGET_ADDED_P50_MS = 20;

/** The systems compared, baseline first; unavailable peers become rows that say why. */
function systemsOf(ctx: BenchContext): { systems: BenchSystem[]; unavailable: OverheadRow[] } {
  const systems: BenchSystem[] = [
    ctx.direct,
    ctx.bare.stock,
    ctx.bare.tuned,
    ctx.bareLocal,
    ctx.cascade.stock,
    ctx.cascade.tuned,
  ];
  const unavailable: OverheadRow[] = [];
  const missing = (key: string, label: string, reason: string): OverheadRow => ({
    key,
    label,
    n: 0,
    errors: 0,
    p50: Number.NaN,
    p95: Number.NaN,
    addedP50: Number.NaN,
    addedP95: Number.NaN,
    ratioP50: Number.NaN,
    unavailable: reason,
  });
  if (isUnavailable(ctx.litellm)) unavailable.push(missing('litellm', 'LiteLLM Router', ctx.litellm.unavailable));
  else systems.push(ctx.litellm.pythonDirect, ctx.litellm.router);
  if (isUnavailable(ctx.portkey)) unavailable.push(missing('portkey', 'Portkey gateway', ctx.portkey.unavailable));
  else systems.push(ctx.portkey.gateway);
  return { systems, unavailable };
}

export async function runOverhead(ctx: BenchContext, sizes: OverheadSizes): Promise<OverheadResult> {
  const { systems, unavailable } = systemsOf(ctx);
  const runs: OverheadRun[] = [];
  for (const latencyMs of [0, 300] as const) {
    const rounds = sizes.rounds[latencyMs];
    ctx.log(`overhead: ${systems.length} systems × ${rounds} rounds at ${latencyMs} ms upstream latency…`);
    const results = await interleave(systems, {
      route: latencyMs === 0 ? 'o0' : 'o300',
      warmupRounds: sizes.warmup,
      rounds,
    });
    const direct = summarize(
      results
        .get(ctx.direct.key)!
        .filter((r) => r.ok)
        .map((r) => r.ms),
    );
    const rows = systems.map((system): OverheadRow => {
      const all = results.get(system.key)!;
      const ok = all.filter((r) => r.ok).map((r) => r.ms);
      const s = summarize(ok);
      return {
        key: system.key,
        label: system.label,
        n: ok.length,
        errors: all.length - ok.length,
        p50: round(s.p50),
        p95: round(s.p95),
        addedP50: round(s.p50 - direct.p50),
        addedP95: round(s.p95 - direct.p95),
        ratioP50: round(s.p50 / direct.p50, 3),
        ...(all.some((r) => !r.ok) && { firstError: all.find((r) => !r.ok)!.error?.slice(0, 300) }),
      };
    });
    runs.push({ latencyMs, rounds, rows: [...rows, ...unavailable] });
  }
  ctx.log('overhead: reading workflow histories for the phase profile…');
  const profile = await profileCascade(ctx, sizes.profileSamples);
  return { runs, profile, targetAddedP50Ms: TARGET_ADDED_P50_MS };
}
