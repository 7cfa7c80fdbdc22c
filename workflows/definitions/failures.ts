/**
 * How llm-cascade fails across the activity/workflow boundary: the dotted failure types, and what a failed cascade
 * carries (its whole ledger). JSON-safe and sandbox-safe.
 */
import type { AttemptRecord, LedgerTotals } from './ledger';

/** Dotted failure types thrown by `callModel` (ApplicationFailure.type) and by the workflow. */
export const FailureType = {
  RateLimit: 'ModelInvocationError.RateLimit',
  ServerError: 'ModelInvocationError.ServerError',
  Timeout: 'ModelInvocationError.Timeout',
  Connection: 'ModelInvocationError.Connection',
  ContextExceeded: 'ModelInvocationError.ContextExceeded',
  Authentication: 'ModelInvocationError.Authentication',
  BadRequest: 'ModelInvocationError.BadRequest',
  NotFound: 'ModelInvocationError.NotFound',
  Cooldown: 'ModelInvocationError.Cooldown',
  CascadeExhausted: 'CascadeExhaustedError',
  BudgetExceeded: 'BudgetExceededError',
  /** Every candidate stayed down, throttled or in cooldown through `maxWaitMs`: transient, worth retrying later. */
  CascadeUnavailable: 'CascadeUnavailableError',
  /** The worker's catalog rejected the request (unknown task or tier, bad schema, prompt too large…); details: `{ code }`. */
  ConfigError: 'CascadeConfigError',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Details carried by a failed cascade (ApplicationFailure.details[0]): the whole ledger. */
export interface CascadeFailureDetails {
  attempts: AttemptRecord[];
  totals: LedgerTotals;
  reason: string;
  /** Durable waits taken for providers to come back (ms each). */
  waitsMs?: number[];
  /** The step that failed, in a job of `cascade()` steps (`attempts` and `totals` are then the whole job's). */
  step?: string;
}
