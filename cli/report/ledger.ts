/**
 * A request's ledger rebuilt from its event history: one row per `callModel` activity, exactly as the cascade
 * records it (billed results carry their own usage and cost; failures after Temporal's retries are unbilled rows),
 * and one per provider batch answer a batch item went on from.
 * Pure: `source.ts` decodes the events, this file only interprets them.
 */
import type { RoutePlan } from '../../routing/types';
import { OUTCOME_BY_FAILURE_TYPE, type CallModelInput, type CallModelResult } from '../../workflows/definitions';
import { baselineMicroUsd } from '../../workflows/cascade/ledger';
import type { ReportAttempt } from './aggregate';
import { verdictsOfCall } from './gate-rates';

/** The activity every attempt runs as. */
export const CALL_MODEL_ACTIVITY = 'callModel';

/** A `callModel` activity's events, decoded: its input, and how it ended (absent while it runs). */
export interface CallModelEvents {
  scheduledEventId: number;
  /** When it was scheduled, ms since the epoch. */
  scheduledMs?: number;
  input: CallModelInput;
  /** `endMs`: when it ended, ms since the epoch. */
  end?: (
    | { kind: 'completed'; result: CallModelResult }
    | { kind: 'failed'; failureType?: string }
    | { kind: 'timed_out' }
    | { kind: 'canceled' }
  ) & { endMs?: number };
}

/**
 * A provider batch's answer that an item went on from (the `loadProviderBatchAnswer` local activity's result):
 * the item's first attempt, judged and priced already by the batch's collection, so it has no `callModel` events.
 */
export interface PriorAnswerEvent {
  eventId: number;
  timeMs?: number;
  item: string;
  attempt: ReportAttempt;
}

/** One ledger row with where it sits in history: its batch item (inline batches) and its times. */
export interface LedgerRow {
  eventId: number;
  /** The `batchItem` of its input: which item of an inline batch it belongs to. */
  item?: string;
  reason: ReportAttempt['reason'];
  startMs?: number;
  endMs?: number;
  /** Absent while the attempt runs. */
  attempt?: ReportAttempt;
}

const NO_USAGE = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

/**
 * Ledger rows in the order the attempts were scheduled (a provider batch's answer where its item loaded it).
 * Attempts still running and attempts cancelled with their workflow are not rows: the cascade's own ledger leaves
 * them out too.
 */
export function attemptsFromEvents(
  events: readonly CallModelEvents[],
  priors: readonly PriorAnswerEvent[] = [],
): ReportAttempt[] {
  return ledgerRows(events, priors).flatMap((row) => (row.attempt ? [row.attempt] : []));
}

/**
 * Every attempt of a history in event order, provider batch answers included; attempts still running are rows
 * without `attempt`, attempts cancelled with their workflow are left out (the cascade's own ledger leaves them out).
 */
export function ledgerRows(events: readonly CallModelEvents[], priors: readonly PriorAnswerEvent[] = []): LedgerRow[] {
  const rows: LedgerRow[] = priors.map(({ eventId, timeMs, item, attempt }) => ({
    eventId,
    item,
    reason: attempt.reason,
    ...(timeMs !== undefined && { startMs: timeMs, endMs: timeMs }),
    attempt,
  }));
  for (const { scheduledEventId, scheduledMs, input, end } of events) {
    if (end?.kind === 'canceled') continue;
    const row: LedgerRow = {
      eventId: scheduledEventId,
      ...(input.batchItem !== undefined && { item: input.batchItem }),
      reason: input.reason,
      ...(scheduledMs !== undefined && { startMs: scheduledMs }),
      ...(end?.endMs !== undefined && { endMs: end.endMs }),
    };
    if (end) row.attempt = attemptOf(input, end);
    rows.push(row);
  }
  return rows.sort((a, b) => a.eventId - b.eventId);
}

function attemptOf(input: CallModelInput, end: NonNullable<CallModelEvents['end']>): ReportAttempt {
  const base = {
    tier: input.tier,
    ref: input.candidate.ref,
    provider: input.candidate.provider,
    reason: input.reason,
    priceSource: input.candidate.price.source,
    priceEffectiveFrom: input.candidate.price.effectiveFrom,
  };
  if (end.kind === 'completed') {
    const { outcome, usage, costMicroUsd: cost, latencyMs, tries, estimated } = end.result;
    const verdicts = verdictsOfCall(input, end.result);
    return {
      ...base,
      ...(verdicts && { verdicts }),
      outcome,
      billed: true,
      usage,
      costMicroUsd: cost,
      latencyMs,
      tries,
      ...(estimated && { estimated }),
    };
  }
  const failureType = end.kind === 'failed' ? end.failureType : undefined;
  const outcome =
    end.kind === 'timed_out' ? 'timeout' : (OUTCOME_BY_FAILURE_TYPE[failureType ?? ''] ?? 'provider_error');
  return { ...base, outcome, billed: false, usage: NO_USAGE, costMicroUsd: 0 };
}

/** Premium-only baseline of a request, exactly as the cascade computes it; 0 without a route (unknown input). */
export function runBaselineMicroUsd(route: RoutePlan | undefined, attempts: readonly ReportAttempt[]): number {
  return route ? baselineMicroUsd(route, attempts) : 0;
}
