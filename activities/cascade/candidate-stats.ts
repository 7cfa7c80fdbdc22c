/**
 * What this worker measured of each candidate recently: whether the provider served the call, and how fast. Read
 * by the planner (measured order, latency goal) as a snapshot that its local activity records in history.
 * Bounded: the last `maxAttempts` calls per candidate, none older than `windowMs`; per process, like cooldown.
 */
import type { CandidateMeasure } from '../../routing/ranking';

export interface CandidateStatsOptions {
  /** Calls kept per candidate (the newest). @default 50 */
  maxAttempts?: number;
  /** Calls older than this are forgotten, ms. @default 600000 (10 minutes) */
  windowMs?: number;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
}

interface Sample {
  at: number;
  served: boolean;
  latencyMs: number;
}

export class CandidateStats {
  private readonly samples = new Map<string, Sample[]>();
  private readonly maxAttempts: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: CandidateStatsOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 50;
    this.windowMs = options.windowMs ?? 600_000;
    this.now = options.now ?? Date.now;
  }

  /** One call of `ref`: `served` when an answer came back (valid or not), false when the provider failed. */
  record(ref: string, served: boolean, latencyMs: number): void {
    const list = this.recent(ref);
    list.push({ at: this.now(), served, latencyMs });
    if (list.length > this.maxAttempts) list.splice(0, list.length - this.maxAttempts);
    this.samples.set(ref, list);
  }

  /** The window's measure of `ref`, or undefined when it has no call in the window. */
  measure(ref: string): CandidateMeasure | undefined {
    const list = this.recent(ref);
    if (list.length === 0) return undefined;
    const latencies = list
      .filter((sample) => sample.served)
      .map((sample) => sample.latencyMs)
      .sort((a, b) => a - b);
    return {
      attempts: list.length,
      successes: latencies.length,
      ...(latencies.length > 0 && { p50Ms: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95) }),
    };
  }

  private recent(ref: string): Sample[] {
    const list = this.samples.get(ref) ?? [];
    const since = this.now() - this.windowMs;
    const first = list.findIndex((sample) => sample.at >= since);
    if (first === 0) return list;
    const kept = first < 0 ? [] : list.slice(first);
    if (kept.length === 0) this.samples.delete(ref);
    else this.samples.set(ref, kept);
    return kept;
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
