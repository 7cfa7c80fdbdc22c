/**
 * A request's ledger rebuilt from its event history: one row per `callModel` activity, exactly as the cascade
 * records it (billed results carry their own usage and cost; failures after Temporal's retries are unbilled rows).
 * Pure: `report-source.ts` decodes the events, this file only interprets them.
 */
import type { RoutePlan } from '../../catalog/types';
import { OUTCOME_BY_FAILURE_TYPE, type CallModelInput, type CallModelResult } from '../../workflows/definitions';
import { baselineMicroUsd } from '../../workflows/cascade/ledger';
import type { ReportAttempt } from './aggregate';

/** The activity every attempt runs as. */
export const CALL_MODEL_ACTIVITY = 'callModel';

/** A `callModel` activity's events, decoded: its input, and how it ended (absent while it runs). */
export interface CallModelEvents {
  scheduledEventId: number;
  input: CallModelInput;
  end?:
    | { kind: 'completed'; result: CallModelResult }
    | { kind: 'failed'; failureType?: string }
    | { kind: 'timed_out' }
    | { kind: 'canceled' };
}

const NO_USAGE = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

/**
 * Ledger rows in the order the attempts were scheduled. Attempts still running and attempts cancelled with
 * their workflow are not rows: the cascade's own ledger leaves them out too.
 */
export function attemptsFromEvents(events: readonly CallModelEvents[]): ReportAttempt[] {
  const rows: ReportAttempt[] = [];
  for (const { input, end } of [...events].sort((a, b) => a.scheduledEventId - b.scheduledEventId)) {
    if (!end || end.kind === 'canceled') continue;
    const base = {
      tier: input.tier,
      ref: input.candidate.ref,
      provider: input.candidate.provider,
      reason: input.reason,
    };
    if (end.kind === 'completed') {
      const { outcome, usage, costMicroUsd: cost } = end.result;
      rows.push({ ...base, outcome, billed: true, usage, costMicroUsd: cost });
    } else {
      const outcome =
        end.kind === 'timed_out' ? 'timeout' : (OUTCOME_BY_FAILURE_TYPE[end.failureType ?? ''] ?? 'provider_error');
      rows.push({ ...base, outcome, billed: false, usage: NO_USAGE, costMicroUsd: 0 });
    }
  }
  return rows;
}

/** Premium-only baseline of a request, exactly as the cascade computes it; 0 without a route (unknown input). */
export function runBaselineMicroUsd(route: RoutePlan | undefined, attempts: readonly ReportAttempt[]): number {
  return route ? baselineMicroUsd(route, attempts) : 0;
}
