/**
 * The cascade's durable waits, as pure rules: what a wait forgives, where the cascade goes on after one, and how
 * long the next is (the soonest hint a provider gave, else a doubling back-off, within the request's `maxWaitMs`).
 */
import type { AttemptRecord } from '../definitions';
import { QUALITY_FAILURES, TRANSIENT_OUTCOMES } from './outcome-rules';

/** A durable wait of the cascade: every candidate left was down, throttled or cooling down. */
export interface WaitRecord {
  /** Ledger length when the wait started: attempts up to here are from before it. */
  afterSeq: number;
  ms: number;
}

export const DEFAULT_MAX_WAIT_MS = 15 * 60_000;
/** First back-off when no provider gave a hint (Retry-After, cooldown end); doubles per wait up to the cap. */
const WAIT_BASE_MS = 2_000;
const WAIT_CAP_MS = 60_000;
/** Shortest wait: a hint of 0 ms must not spin the workflow. */
export const WAIT_MIN_MS = 250;

/** Where a cascade goes on after a wait: the lowest tier that no answer has failed on for quality. */
export function resumeTier(startTier: number, ledger: readonly AttemptRecord[]): number {
  const failedTiers = ledger.filter((a) => QUALITY_FAILURES.has(a.outcome)).map((a) => a.tierIndex + 1);
  return Math.max(startTier, ...failedTiers);
}

/** Index of the first ledger row that still counts for transient outcomes: rows before the last wait are forgiven. */
export function epochStart(waits: readonly WaitRecord[] | undefined): number {
  return waits?.[waits.length - 1]?.afterSeq ?? 0;
}

/** Whether an attempt still rules its provider out: transient outcomes only until the next wait. */
export function stillCounts(waits: readonly WaitRecord[] | undefined, attempt: AttemptRecord, index: number): boolean {
  return !TRANSIENT_OUTCOMES.has(attempt.outcome) || index >= epochStart(waits);
}

/** The waits taken so far in all, and what is left of the request's `maxWaitMs`, ms. */
export function waitBudget(waits: readonly WaitRecord[], maxWaitMs: number | undefined) {
  const waited = waits.reduce((sum, wait) => sum + wait.ms, 0);
  return { waited, left: (maxWaitMs ?? DEFAULT_MAX_WAIT_MS) - waited };
}

/** The next wait: the soonest hint (Retry-After, cooldown end) or the back-off, at least the minimum, at most `left`. */
export function nextWaitMs(transient: readonly AttemptRecord[], waitsTaken: number, left: number): number {
  const backoff = Math.min(WAIT_CAP_MS, WAIT_BASE_MS * 2 ** waitsTaken);
  const hints = transient.map((a) => a.retryAfterMs ?? backoff);
  return Math.min(left, Math.max(WAIT_MIN_MS, Math.min(...hints)));
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
