/**
 * One attempt of a cascade: one `callModel` activity (Temporal retries its unbilled provider errors) with the
 * tier's timeout and retries and a summary for the UI, its end turned into a ledger row.
 */
import { promptTokensFor } from '../../routing/media';
import {
  ActivityFailure,
  TimeoutFailure,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';
import type { CandidatePlan, TierPlan } from '../../routing/types';
import type { createActivities } from '../../activities';
import {
  NO_USAGE,
  attemptRowBase,
  billedRow,
  type AttemptRecord,
  type CallModelInput,
  type CallModelResult,
  type CascadeInput,
  type StoredRequestContext,
} from '../definitions';
import type { JobBudget } from '../job/budget';
import type { CallStep } from './decide';
import { attemptSummary } from './ledger';
import { billsAbandoned } from '../../catalog/abandoned';
import { isPatched } from '../patches';
import { plannedAbandonedEstimate, unbilledRow, withAbandonedEstimate } from './rows';

/** Heartbeats let Temporal notice a dead worker long before a slow model's call timeout. */
const HEARTBEAT_TIMEOUT_MS = 10_000;
/** Extra time past the SDK's own timeout, so the activity reports a classified timeout first. */
const TIMEOUT_GRACE_MS = 5_000;

const { callModel } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '5 minutes' });
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '5 minutes' });

/** What a cascade's extra calls (the classifier's, the gates') spend through: the room left, the ledger, the job. */
export interface Spending {
  /** The room for the next call, micro-USD: this request's own budget and, in a job, what the job has left. */
  limit: () => number | undefined;
  add: (row: AttemptRecord) => void;
  budget?: JobBudget;
  /** The request as the ledger store files it: the activity records a billed answer there the moment it arrives. */
  request?: StoredRequestContext;
}

/** What a gate's or the classifier's call sends instead of the cascade's own candidate, conversation or schema. */
export type AttemptOverride = Partial<
  Pick<CallModelInput, 'candidate' | 'messages' | 'verifierFor' | 'schema' | 'checks'>
>;

/** Runs one attempt as one activity (Temporal retries unbilled provider errors) and turns its end into a ledger row. */
export async function attempt(
  input: CascadeInput,
  step: CallStep,
  seq: number,
  repair: CallModelInput['repair'],
  override: AttemptOverride = {},
  request?: StoredRequestContext,
): Promise<{ record: AttemptRecord; result?: CallModelResult }> {
  const tier = input.route.tiers[step.tierIndex]!;
  const candidate = override.candidate ?? tier.candidates[step.candidateIndex]!;
  const base = attemptRowBase({ ...step, seq, tier: tier.name }, candidate);
  const parentWorkflowId = request && workflowInfo().parent?.workflowId;
  const callInput: CallModelInput = {
    task: input.task,
    tier: tier.name,
    candidate,
    schema: input.schema,
    messages: input.messages,
    ...(input.messagesRef && { messagesRef: input.messagesRef }),
    maxOutputTokens: step.maxOutputTokens,
    timeoutMs: tier.options.timeoutMs,
    maxRetryAfterMs: tier.options.maxRetryAfterMs,
    repair,
    checks: input.checks,
    schemaInPrompt: input.schemaInPrompt,
    sessionId: input.metadata?.sessionId,
    ...(input.batchItem !== undefined && { batchItem: input.batchItem }),
    ...(input.step !== undefined && { step: input.step }),
    reason: step.reason,
    ...(request && { store: { request, row: base, ...(parentWorkflowId !== undefined && { parentWorkflowId }) } }),
    ...override,
  };
  const startedAt = Date.now();
  try {
    const options = activityOptions(tier, candidate, step);
    // A batch's inline items share its page in the UI: each attempt names its item.
    if (input.batchItem !== undefined) options.summary = `item ${input.batchItem}: ${options.summary}`.slice(0, 400);
    const result = input.latencyMode
      ? await local.callModel.executeWithOptions(localOptions(options), [callInput])
      : await callModel.executeWithOptions(options, [callInput]);
    return { result, record: billedRow(base, result) };
  } catch (error) {
    if (isCancellation(error) || !(error instanceof ActivityFailure)) throw error;
    const record = unbilledRow(base, error, tier.options.triesPerCandidate, Date.now() - startedAt);
    // Timed out on the server's clock (a worker that died or hung mid-call): the activity could not say what the
    // call may cost, so the workflow estimates it from the plan. Runs recorded before this rule keep a zero row.
    if (error.cause instanceof TimeoutFailure && billsAbandoned(candidate) && isPatched('abandonedEstimate'))
      return { record: withAbandonedEstimate(record, abandonedInFlight(input, step, candidate, record.tries)) };
    return { record };
  }
}

/** What the workflow estimates for calls of `step` it abandoned or lost: the plan's numbers (rows.ts). */
export function abandonedInFlight(input: CascadeInput, step: CallStep, candidate: CandidatePlan, tries: number) {
  return plannedAbandonedEstimate(candidate.price, {
    inputTokens: promptTokensFor(input.estimatedInputTokens, candidate),
    maxOutputTokens: step.maxOutputTokens,
    reservedMicroUsd: step.reservedMicroUsd,
    tries,
  });
}

/** The row of a call cancelled in flight: no answer, an estimated cost (it may still be billed). */
export function cancelledRow(
  input: CascadeInput,
  step: CallStep,
  candidate: CandidatePlan,
  seq: number,
): AttemptRecord {
  const tier = input.route.tiers[step.tierIndex]!;
  const base = attemptRowBase({ ...step, seq, tier: tier.name }, candidate);
  const row: AttemptRecord = {
    ...base,
    outcome: 'cancelled',
    billed: false,
    usage: { ...NO_USAGE },
    costMicroUsd: 0,
    costUsd: 0,
    latencyMs: 0,
    tries: 1,
    error: 'cancelled while the call was in flight; the provider may still bill it: recorded at an estimate',
  };
  return withAbandonedEstimate(row, abandonedInFlight(input, step, candidate, 1));
}

function activityOptions(tier: TierPlan, candidate: CandidatePlan, step: CallStep): ActivityOptions {
  return {
    summary: attemptSummary(tier.name, candidate.ref, step.reasonDetail),
    startToCloseTimeout: tier.options.timeoutMs + TIMEOUT_GRACE_MS,
    heartbeatTimeout: Math.min(HEARTBEAT_TIMEOUT_MS, tier.options.timeoutMs + TIMEOUT_GRACE_MS),
    retry: {
      maximumAttempts: tier.options.triesPerCandidate,
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
    },
  };
}

/**
 * The latency mode's options: the same timeout and retries, run in the worker's process without a server round trip.
 * Waits between retries longer than a few seconds (a Retry-After) become durable timers, as for normal activities.
 */
function localOptions({ heartbeatTimeout: _heartbeatTimeout, ...options }: ActivityOptions): LocalActivityOptions {
  return { ...options, localRetryThreshold: '5 seconds' };
}
