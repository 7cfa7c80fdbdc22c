/**
 * How llm-cascade fails across the activity/workflow boundary: the dotted failure types, and what a failed cascade
 * carries (its whole ledger). JSON-safe and sandbox-safe.
 */
import { ApplicationFailure } from '@temporalio/common';
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

/** Why a cascade failed for good: its budget, its route, or providers that stayed down (transient). */
export type CascadeFailureKind = 'budget' | 'exhausted' | 'unavailable';

/** The failure type of each way a cascade fails: the one map from kind to type (and back, `decodeCascadeFailure`). */
export const CASCADE_FAILURE_TYPE: Readonly<Record<CascadeFailureKind, FailureType>> = {
  budget: FailureType.BudgetExceeded,
  exhausted: FailureType.CascadeExhausted,
  unavailable: FailureType.CascadeUnavailable,
};

const KIND_OF_TYPE: ReadonlyMap<string, CascadeFailureKind> = new Map(
  Object.entries(CASCADE_FAILURE_TYPE).map(([kind, type]) => [type, kind as CascadeFailureKind]),
);

/** A failed cascade as every caller reads it: the workflow's own step, a job, a batch item, a client, the gateway. */
export type DecodedCascadeFailure =
  | { kind: CascadeFailureKind; type: FailureType; message: string; details?: CascadeFailureDetails }
  /** The worker's catalog refused the request before any attempt; `code` is the `ConfigErrorCode`. */
  | { kind: 'config'; type: typeof FailureType.ConfigError; message: string; code?: string };

/** What an ApplicationFailure-shaped error says about a failed cascade; undefined when it is not one. */
export function decodeCascadeFailure(
  failure: { type?: string | null; message: string; details?: unknown[] | null } | undefined,
): DecodedCascadeFailure | undefined {
  if (!failure) return undefined;
  if (failure.type === FailureType.ConfigError) {
    const code = (failure.details?.[0] as { code?: string } | undefined)?.code;
    return { kind: 'config', type: FailureType.ConfigError, message: failure.message, ...(code && { code }) };
  }
  const kind = KIND_OF_TYPE.get(failure.type ?? '');
  if (!kind) return undefined;
  const details = failure.details?.[0] as CascadeFailureDetails | undefined;
  return { kind, type: CASCADE_FAILURE_TYPE[kind], message: failure.message, ...(details && { details }) };
}

/** The failure a cascade (or a job's step) throws: not retryable, typed by its kind, its ledger as details. */
export function cascadeFailure(
  kind: CascadeFailureKind,
  message: string,
  details: CascadeFailureDetails,
): ApplicationFailure {
  return ApplicationFailure.create({
    type: CASCADE_FAILURE_TYPE[kind],
    message,
    nonRetryable: true,
    details: [details],
  });
}
