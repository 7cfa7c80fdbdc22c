/**
 * An attempt's end as its ledger row: the unbilled failure `callModel` threw, decoded on failure types (never on
 * message text) after Temporal's retries, and the estimate of an abandoned call (a billed answer: `billedRow`).
 */
import { ApplicationFailure, TimeoutFailure, type ActivityFailure } from '@temporalio/workflow';
import { abandonedEstimate } from '../../catalog/abandoned';
import { microToUsd } from '../../catalog/pricing';
import type { ModelPrice, TokenUsage } from '../../catalog/types';
import {
  NO_USAGE,
  OUTCOME_BY_FAILURE_TYPE,
  type AttemptRecord,
  type CallFailureDetails,
  type attemptRowBase,
} from '../definitions';

type RowBase = ReturnType<typeof attemptRowBase>;
// A billed answer's row is `billedRow` (workflows/definitions/call-model.ts): the activity that got the answer builds
// the same row for the ledger store.

/** The row of a call that ended without a billed answer (its tries used up, or a failure that is not retried). */
export function unbilledRow(base: RowBase, error: ActivityFailure, maxTries: number, latencyMs: number): AttemptRecord {
  const { outcome, tries, message, status, retryAfterMs, abandoned } = classifyActivityFailure(error, maxTries);
  const row: AttemptRecord = {
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
  return abandoned ? withAbandonedEstimate(row, abandoned) : row;
}

/** What an abandoned call may have cost (catalog/abandoned.ts): its tokens and integer micro-USD. */
export interface AbandonedEstimate {
  usage: TokenUsage;
  costMicroUsd: number;
}

/**
 * A row whose call got no answer but may still be billed (timed out after it was sent, or cancelled in flight):
 * priced at the estimate and marked `estimated`; it stays `billed: false` (the provider confirmed nothing).
 */
export function withAbandonedEstimate(row: AttemptRecord, estimate: AbandonedEstimate): AttemptRecord {
  return {
    ...row,
    usage: estimate.usage,
    costMicroUsd: estimate.costMicroUsd,
    costUsd: microToUsd(estimate.costMicroUsd),
    estimated: true,
  };
}

/**
 * The workflow's own estimate of abandoned calls it cannot see into (the activity timed out on the server's clock,
 * or the request was cancelled while the call was in flight): the rule at the prompt's planned token count, never
 * below the worst case the decision reserved for the call, once per try that may have reached the provider.
 */
export function plannedAbandonedEstimate(
  price: ModelPrice,
  plan: { inputTokens: number; maxOutputTokens: number; reservedMicroUsd: number; tries: number },
): AbandonedEstimate {
  const tries = Math.max(1, plan.tries);
  const one = abandonedEstimate(price, plan.inputTokens, plan.maxOutputTokens);
  const usage = {
    inputTokens: one.usage.inputTokens * tries,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: one.usage.outputTokens * tries,
  };
  return { usage, costMicroUsd: Math.max(one.costMicroUsd, plan.reservedMicroUsd) * tries };
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
      abandoned: details?.abandoned,
    };
  }
  return { outcome: 'provider_error' as const, tries: maxTries, message: cause?.message ?? error.message };
}
