/**
 * What this worker's more-tokens retries did, per model: how many ran and how many ended `ok`. The callModel
 * activity records each retry as its ledger row is made; planning snapshots it into the route (recorded in history),
 * where the cascade's pure decision reads it (workflows/cascade/more-tokens.ts). A worker that keeps a ledger
 * store starts from the retries the store holds (worker/retry-seed.ts), so a restart forgets nothing. Bounded like `CandidateStats`: the
 * newest `maxRetries` per model, none older than `windowMs`, so a model that stopped being retried is measured anew.
 */
import type { RetryMeasure } from '../../routing/types';

export interface RetryStatsOptions {
  /** Retries kept per model (the newest). @default 50 */
  maxRetries?: number;
  /** Retries older than this are forgotten, ms. @default 604800000 (7 days) */
  windowMs?: number;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
}

export class RetryStats {
  private readonly samples = new Map<string, { at: number; ok: boolean }[]>();
  private readonly maxRetries: number;
  /** How far back retries count, ms. */
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: RetryStatsOptions = {}) {
    this.maxRetries = options.maxRetries ?? 50;
    this.windowMs = options.windowMs ?? 7 * 24 * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** One more-tokens retry of `ref`, and whether its answer was `ok` (`at`: when, for retries read from the store). */
  record(ref: string, ok: boolean, at: number = this.now()): void {
    const list = this.recent(ref);
    list.push({ at, ok });
    list.sort((a, b) => a.at - b.at);
    if (list.length > this.maxRetries) list.splice(0, list.length - this.maxRetries);
    this.samples.set(ref, list);
  }

  /** The window's retries of `ref`, or undefined when none ran. */
  measure(ref: string): RetryMeasure | undefined {
    const list = this.recent(ref);
    if (list.length === 0) return undefined;
    return { tries: list.length, successes: list.filter((sample) => sample.ok).length };
  }

  private recent(ref: string): { at: number; ok: boolean }[] {
    const since = this.now() - this.windowMs;
    const kept = (this.samples.get(ref) ?? []).filter((sample) => sample.at >= since);
    if (kept.length === 0) this.samples.delete(ref);
    return kept;
  }
}

/** The route with each candidate's measured more-tokens retries (only where some ran: plans keep their shape). */
export function withRetryMeasures<R extends { tiers: { candidates: { ref: string }[] }[] }>(
  route: R,
  measureOf: (ref: string) => RetryMeasure | undefined,
): R {
  return {
    ...route,
    tiers: route.tiers.map((tier) => ({
      ...tier,
      candidates: tier.candidates.map((candidate) => {
        const moreTokens = measureOf(candidate.ref);
        return moreTokens ? { ...candidate, moreTokens } : candidate;
      }),
    })),
  };
}
