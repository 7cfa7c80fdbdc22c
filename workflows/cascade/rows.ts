/**
 * An attempt's end as its ledger row: the billed answer `callModel` returned, or the unbilled failure it threw,
 * decoded on failure types (never on message text) after Temporal's retries.
 */
import { ApplicationFailure, TimeoutFailure, type ActivityFailure } from '@temporalio/workflow';
import {
  NO_USAGE,
  OUTCOME_BY_FAILURE_TYPE,
  type AttemptRecord,
  type CallFailureDetails,
  type attemptRowBase,
} from '../definitions';

type RowBase = ReturnType<typeof attemptRowBase>;

// The billed row is built the same way by the activity that got the answer (it records it in the ledger store at
// once) and by the workflow: one function, in the definitions both sides import.
export { billedRow } from '../definitions';

/** The row of a call that ended without a billed answer (its tries used up, or a failure that is not retried). */
export function unbilledRow(base: RowBase, error: ActivityFailure, maxTries: number, latencyMs: number): AttemptRecord {
  const { outcome, tries, message, status, retryAfterMs } = classifyActivityFailure(error, maxTries);
  return {
    ...base,
    outcome,
    billed: false,
    usage: { ...NO_USAGE },
    costMicroUsd: 0,
    costUsd: 0,
    latencyMs,
    tries,
    error: message,
    status,
    retryAfterMs,
  };
}

/** Maps an activity failure (after Temporal's retries) to a ledger outcome, on failure types, never on message text. */
export function classifyActivityFailure(error: ActivityFailure, maxTries: number) {
  const cause = error.cause;
  if (cause instanceof TimeoutFailure) {
    return {
      outcome: 'timeout' as const,
      tries: maxTries,
      message: `activity ${String(cause.timeoutType ?? 'start_to_close').toLowerCase()} timeout`,
    };
  }
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as CallFailureDetails | undefined;
    const outcome = OUTCOME_BY_FAILURE_TYPE[cause.type ?? ''] ?? 'provider_error';
    return {
      outcome,
      tries: details?.tries ?? 1,
      message: cause.message,
      status: details?.status,
      retryAfterMs: details?.retryAfterMs,
    };
  }
  return { outcome: 'provider_error' as const, tries: maxTries, message: cause?.message ?? error.message };
}
