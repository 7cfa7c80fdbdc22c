/**
 * Provider cooldown inside one worker process: a provider that keeps failing is skipped at once until its
 * cooldown expires, so later attempts do not wait through retries on an endpoint that is down.
 * Deliberately per-process: each worker learns from its own calls, and nothing here needs to be shared.
 */
export interface CooldownOptions {
  /** Consecutive failures (5xx, timeouts, connection errors, 429s) that put a provider in cooldown. @default 3 */
  failureThreshold?: number;
  /** How long a provider stays in cooldown, milliseconds. @default 30000 */
  cooldownMs?: number;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
}

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

  /** Milliseconds of cooldown left for a provider; 0 when it may be called. */
  remainingMs(provider: string): number {
    const until = this.until.get(provider);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.until.delete(provider);
    return 0;
  }

  recordFailure(provider: string): void {
    const count = (this.failures.get(provider) ?? 0) + 1;
    this.failures.set(provider, count);
    if (count >= this.threshold) {
      this.until.set(provider, this.now() + this.cooldownMs);
      this.failures.set(provider, 0);
    }
  }

  recordSuccess(provider: string): void {
    this.failures.delete(provider);
  }
}
