/**
 * Cooldown inside one worker process: what keeps failing is skipped at once until its cooldown expires, so later
 * attempts do not wait through retries on an endpoint that is down. The scope follows the fault: rate limits are
 * per model (a 429 burst on one model says nothing about the provider's others), outages (5xx, timeouts,
 * connection errors) are per provider. Deliberately per-process: each worker learns from its own calls.
 */
import { FailureType } from '../../workflows/definitions';
import type { ProviderErrorClass } from './classify-error';

export interface CooldownOptions {
  /** Consecutive failures (5xx, timeouts, connection errors, 429s) that start a cooldown. @default 3 */
  failureThreshold?: number;
  /** How long a cooldown lasts, milliseconds. @default 30000 */
  cooldownMs?: number;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
}

/** What a cooldown covers: one model (`provider/model` ref) or a whole provider. */
export interface CooldownScope {
  kind: 'model' | 'provider';
  /** The model ref or the provider id. */
  id: string;
}

/** Signs that a provider is down: they cool the whole provider down. */
const OUTAGE_TYPES: ReadonlySet<string> = new Set([
  FailureType.ServerError,
  FailureType.Timeout,
  FailureType.Connection,
]);

/**
 * What a failure counts towards, or undefined when it counts towards no cooldown. Pure. A 429 that says when to
 * come back (a Retry-After we will honour) is back-pressure, not a fault: counting it would cool a busy model down
 * and fail a burst of batch items. Other 429s count against their model only; outages against the provider.
 */
export function cooldownScope(
  classified: Pick<ProviderErrorClass, 'type' | 'retryAfterMs' | 'nonRetryable'>,
  candidate: { ref: string; provider: string },
): CooldownScope | undefined {
  if (classified.type === FailureType.RateLimit) {
    const backPressure = classified.retryAfterMs !== undefined && !classified.nonRetryable;
    return backPressure ? undefined : { kind: 'model', id: candidate.ref };
  }
  return OUTAGE_TYPES.has(classified.type) ? { kind: 'provider', id: candidate.provider } : undefined;
}

const keyOf = (scope: CooldownScope) => `${scope.kind}:${scope.id}`;

export class CooldownTracker {
  private readonly failures = new Map<string, number>();
  private readonly until = new Map<string, number>();
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: CooldownOptions = {}) {
    this.threshold = options.failureThreshold ?? 3;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The cooldown that rules a candidate out now (its provider's first, then its model's), with the ms left. */
  blocking(candidate: { ref: string; provider: string }): { scope: CooldownScope; remainingMs: number } | undefined {
    for (const scope of [
      { kind: 'provider', id: candidate.provider },
      { kind: 'model', id: candidate.ref },
    ] as const) {
      const remainingMs = this.remainingMs(scope);
      if (remainingMs > 0) return { scope, remainingMs };
    }
    return undefined;
  }

  /** Milliseconds of cooldown left for a scope; 0 when it may be called. */
  remainingMs(scope: CooldownScope): number {
    const key = keyOf(scope);
    const until = this.until.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.until.delete(key);
    return 0;
  }

  recordFailure(scope: CooldownScope): void {
    const key = keyOf(scope);
    const count = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, count);
    if (count >= this.threshold) {
      this.until.set(key, this.now() + this.cooldownMs);
      this.failures.set(key, 0);
    }
  }

  /** A served call: the model and its provider start counting from zero again. */
  recordSuccess(candidate: { ref: string; provider: string }): void {
    this.failures.delete(keyOf({ kind: 'model', id: candidate.ref }));
    this.failures.delete(keyOf({ kind: 'provider', id: candidate.provider }));
  }
}
