/**
 * One workflow's event history, decoded into what a report needs: its route and experiment arms (from its input or
 * its planning local activity), each `callModel` activity from schedule to end, a provider batch's answers, and the
 * ledger it closed with. Read directly from Temporal: no worker has to be running.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { ExperimentArm } from '../../routing/experiments';
import type { RoutePlan } from '../../routing/types';
import type { AttemptRecord, CallModelInput, CallModelResult } from '../../workflows/definitions';
import type { ProviderBatchAnswer } from '../../workflows/batch/definitions';
import type { ReportAttempt } from './aggregate';
import { CALL_MODEL_ACTIVITY, type CallModelEvents, type PriorAnswerEvent } from './ledger';

/** The SDK's marker for a local activity's result, and the local activities whose results a report reads. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
/** Planning a cascade or a batch: their results carry the route (and a cascade's experiment arms). */
const PLAN_ACTIVITIES = new Set(['planCascade', 'planBatch']);
/** A batch item's provider batch answer, its first attempt (see `PriorAnswerEvent`). */
const PROVIDER_BATCH_ANSWER_ACTIVITY = 'loadProviderBatchAnswer';

type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

/** What a report needs from one history, decoded. */
export interface HistoryLedger {
  /** The input's `task` (a batch's; a cascade's is in its search attributes and memo too). */
  task?: string;
  route?: RoutePlan;
  experiments?: ExperimentArm[];
  /** Every plan of the run in order: a job's steps each plan their own route (and arms). */
  plans: { route?: RoutePlan; experiments?: ExperimentArm[] }[];
  activities: CallModelEvents[];
  priors: PriorAnswerEvent[];
  closingLedger?: ReportAttempt[];
}

export async function readHistory(client: Client, info: WorkflowExecutionInfo): Promise<HistoryLedger> {
  const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
  const decode = payloadDecoder(client);
  const ledger: HistoryLedger = { plans: [], activities: [], priors: [] };
  const activities = new Map<number, CallModelEvents>();
  const answerLoads = new Set<number>();
  for (const event of history.events ?? []) {
    ledger.closingLedger ??= await ledgerOfClose(event, decode);
    const started = event.workflowExecutionStartedEventAttributes;
    // A request's route: in its input when a client resolved it (before the worker planned routes) or a batch
    // continued as new, else in the result of the worker's planning local activity (the first one: a job's later
    // steps keep the first route).
    if (started) {
      const input = await decode<{ route?: RoutePlan; task?: unknown }>(started.input?.payloads?.[0]);
      ledger.route = input?.route;
      ledger.task = stringOr(input?.task);
    }
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === LOCAL_ACTIVITY_MARKER) {
      const data = await decode<{ activity_type?: string }>(marker.details?.data?.payloads?.[0]);
      const result = marker.details?.result?.payloads?.[0];
      if (PLAN_ACTIVITIES.has(data?.activity_type ?? '')) {
        const plan = await decode<{ route?: RoutePlan; experiments?: ExperimentArm[] }>(result);
        if (plan) ledger.plans.push(plan);
        if (!ledger.route) {
          ledger.route = plan?.route;
          ledger.experiments = plan?.experiments;
        }
      } else if (data?.activity_type === PROVIDER_BATCH_ANSWER_ACTIVITY) {
        const answer = await decode<ProviderBatchAnswer>(result);
        if (answer) ledger.priors.push(priorOf(event, answer));
      }
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    // Inline batch items load their provider batch answer with a normal activity (item workflows: a local one).
    if (scheduled?.activityType?.name === PROVIDER_BATCH_ANSWER_ACTIVITY) answerLoads.add(eventId(event));
    const loaded = event.activityTaskCompletedEventAttributes;
    if (loaded && answerLoads.has(Number(loaded.scheduledEventId))) {
      const answer = await decode<ProviderBatchAnswer>(loaded.result?.payloads?.[0]);
      if (answer) ledger.priors.push(priorOf(event, answer));
      continue;
    }
    if (scheduled && scheduled.activityType?.name === CALL_MODEL_ACTIVITY) {
      const input = await decode<CallModelInput>(scheduled.input?.payloads?.[0]);
      const id = eventId(event);
      if (input) activities.set(id, { scheduledEventId: id, scheduledMs: optionalTsToMs(event.eventTime), input });
    }
    const end = await activityEnd(event, decode);
    if (end) {
      const activity = activities.get(end.scheduledEventId);
      if (activity) activity.end = { ...end.end, endMs: optionalTsToMs(event.eventTime) };
    }
  }
  ledger.activities = [...activities.values()];
  return ledger;
}

/** A provider batch's answer as the item's first ledger row (the row `AttemptRecord` carries, nothing more). */
function priorOf(event: HistoryEvent, answer: ProviderBatchAnswer): PriorAnswerEvent {
  const { tier, ref, provider, reason, outcome, billed, usage, costMicroUsd } = answer.attempt;
  return {
    eventId: eventId(event),
    timeMs: optionalTsToMs(event.eventTime),
    item: answer.id,
    attempt: { tier, ref, provider, reason, outcome, billed, usage, costMicroUsd },
  };
}

/** The ledger a cascade carries when it closes: its result's or its failure's (`CascadeFailureDetails`). */
async function ledgerOfClose(
  event: HistoryEvent,
  decode: ReturnType<typeof payloadDecoder>,
): Promise<ReportAttempt[] | undefined> {
  const payload =
    event.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0] ??
    event.workflowExecutionFailedEventAttributes?.failure?.applicationFailureInfo?.details?.payloads?.[0];
  if (!payload) return undefined;
  const value = await decode<{ attempts?: unknown }>(payload).catch(() => undefined);
  if (!Array.isArray(value?.attempts)) return undefined;
  return (value.attempts as AttemptRecord[]).map(
    ({ tier, ref, provider, reason, outcome, billed, usage, costMicroUsd }) => ({
      tier,
      ref,
      provider,
      reason,
      outcome,
      billed,
      usage,
      costMicroUsd,
    }),
  );
}

async function activityEnd(event: HistoryEvent, decode: ReturnType<typeof payloadDecoder>) {
  const completed = event.activityTaskCompletedEventAttributes;
  if (completed) {
    const result = await decode<CallModelResult>(completed.result?.payloads?.[0]);
    return result
      ? { scheduledEventId: Number(completed.scheduledEventId), end: { kind: 'completed' as const, result } }
      : undefined;
  }
  const failed = event.activityTaskFailedEventAttributes;
  // The failure type is never encoded by a codec, so it needs no decoding.
  if (failed)
    return {
      scheduledEventId: Number(failed.scheduledEventId),
      end: { kind: 'failed' as const, failureType: failed.failure?.applicationFailureInfo?.type ?? undefined },
    };
  const timedOut = event.activityTaskTimedOutEventAttributes;
  if (timedOut) return { scheduledEventId: Number(timedOut.scheduledEventId), end: { kind: 'timed_out' as const } };
  const canceled = event.activityTaskCanceledEventAttributes;
  if (canceled) return { scheduledEventId: Number(canceled.scheduledEventId), end: { kind: 'canceled' as const } };
  return undefined;
}

/** Decodes one payload with the client's codecs (reverse order of encoding) and payload converter. */
function payloadDecoder(client: Client) {
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  return async <T>(payload: Payload | null | undefined): Promise<T | undefined> => {
    if (!payload) return undefined;
    let payloads = [payload];
    for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    return payloadConverter.fromPayload<T>(payloads[0]!);
  };
}

function eventId(event: HistoryEvent): number {
  return Number(event.eventId);
}

export function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
