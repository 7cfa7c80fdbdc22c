/**
 * The outcome table as named sets: which attempt outcomes escalate, repair, wait, or rule a provider out. The
 * cascade's decisions (decide.ts), its waits (waits.ts) and its failure messages (explain.ts) all read these.
 */
import type { AttemptOutcome } from '../definitions';

/** Outcomes that mean "this model's answer is not good enough": move up a tier rather than sideways. */
export const QUALITY_FAILURES: ReadonlySet<AttemptOutcome> = new Set([
  'invalid_json',
  'schema_violation',
  'check_failed',
  'truncated',
]);
/** Quality failures a repair re-ask can fix: the answer arrived whole, it is just wrong. */
export const REPAIRABLE: ReadonlySet<AttemptOutcome> = new Set(['invalid_json', 'schema_violation', 'check_failed']);
/**
 * Outcomes that say a provider cannot serve right now, not that the request or its answer is wrong. They rule a
 * provider out only until the cascade's next durable wait: a transient cause never becomes a terminal failure.
 */
export const TRANSIENT_OUTCOMES: ReadonlySet<AttemptOutcome> = new Set([
  'rate_limited',
  'provider_error',
  'timeout',
  'cooldown',
]);
/** Rule a provider out for the whole request: a configuration fault (for good) or a cooldown (until a wait). */
export const PROVIDER_BLOCKING: ReadonlySet<AttemptOutcome> = new Set(['auth_error', 'cooldown']);
/** Rule a provider out for the rest of its tier: it is down, throttled or refusing right now. */
export const TIER_BLOCKING: ReadonlySet<AttemptOutcome> = new Set([
  'provider_error',
  'timeout',
  'rate_limited',
  'refusal',
  'empty',
]);
