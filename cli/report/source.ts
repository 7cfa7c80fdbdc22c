/**
 * Reads a report's requests from Temporal: visibility (search attributes, memo) finds them, and each one's
 * event history gives its exact ledger, so a request that tried three models is split across all three.
 * Histories are read directly: no worker has to be running, and running workflows and batch items work too.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { ExperimentArm } from '../../catalog/experiments';
import type { RoutePlan } from '../../catalog/types';
import type { AttemptRecord, CallModelInput, CallModelResult } from '../../workflows/definitions';
import { LlmSession, LlmTask } from '../../workflows/search-attributes';
import type { ReportAttempt, ReportRun } from './aggregate';
import { CALL_MODEL_ACTIVITY, attemptsFromEvents, runBaselineMicroUsd, type CallModelEvents } from './ledger';

export interface ReadRunsOptions {
  /** Visibility query (see `buildReportQuery`). */
  query: string;
  /** At most this many workflows are read (each costs one history fetch). */
  limit: number;
  /** Histories fetched at once. @default 8 */
  concurrency?: number;
}

export interface ReadRunsResult {
  runs: ReportRun[];
  /** More workflows matched than `limit`. */
  truncated: boolean;
}

/** The SDK's marker for a local activity's result, and our planning activity's name. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
const PLAN_ACTIVITY = 'planCascade';

type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

/** Lists the matching workflows (newest first, as visibility returns them) and reads each one's ledger. */
export async function readRuns(client: Client, options: ReadRunsOptions): Promise<ReadRunsResult> {
  const infos: WorkflowExecutionInfo[] = [];
  let truncated = false;
  for await (const info of client.workflow.list({
    query: options.query,
    pageSize: Math.min(1000, options.limit + 1),
  })) {
    if (infos.length === options.limit) {
      truncated = true;
      break;
    }
    infos.push(info);
  }
  const runs: ReportRun[] = new Array(infos.length);
  let next = 0;
  const worker = async () => {
    while (next < infos.length) {
      const index = next++;
      runs[index] = await readRun(client, infos[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, infos.length) }, worker));
  return { runs, truncated };
}

/** One request: identity and grouping fields from visibility and memo, the ledger from its history. */
export async function readRun(client: Client, info: WorkflowExecutionInfo): Promise<ReportRun> {
  const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
  const decode = payloadDecoder(client);
  let route: RoutePlan | undefined;
  let experiments: ExperimentArm[] | undefined;
  const activities = new Map<number, CallModelEvents>();
  let closingLedger: ReportAttempt[] | undefined;
  for (const event of history.events ?? []) {
    closingLedger ??= await ledgerOfClose(event, decode);
    const started = event.workflowExecutionStartedEventAttributes;
    // A request's route: in its input when a client resolved it (before the worker planned routes), else in the
    // result of the worker's planning local activity (the first one: a job's later steps keep the first route).
    if (started) route = (await decode<{ route?: RoutePlan }>(started.input?.payloads?.[0]))?.route;
    const marker = event.markerRecordedEventAttributes;
    if (!route && marker?.markerName === LOCAL_ACTIVITY_MARKER) {
      const data = await decode<{ activity_type?: string }>(marker.details?.data?.payloads?.[0]);
      if (data?.activity_type === PLAN_ACTIVITY) {
        const plan = await decode<{ route?: RoutePlan; experiments?: ExperimentArm[] }>(
          marker.details?.result?.payloads?.[0],
        );
        route = plan?.route;
        experiments = plan?.experiments;
      }
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled && scheduled.activityType?.name === CALL_MODEL_ACTIVITY) {
      const input = await decode<CallModelInput>(scheduled.input?.payloads?.[0]);
      if (input) activities.set(eventId(event), { scheduledEventId: eventId(event), input });
    }
    const end = await activityEnd(event, decode);
    if (end) {
      const activity = activities.get(end.scheduledEventId);
      if (activity) activity.end = end.end;
    }
  }
  // Attempts run as local activities (latency mode) leave no activity events: the closed run's own ledger has them.
  const attempts =
    activities.size === 0 && closingLedger ? closingLedger : attemptsFromEvents([...activities.values()]);
  const memo = info.memo ?? {};
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    workflowType: info.type,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    task: info.typedSearchAttributes.get(LlmTask) ?? stringOr(memo.task),
    sessionId: stringOr(memo.sessionId) ?? info.typedSearchAttributes.get(LlmSession),
    userId: stringOr(memo.userId),
    gatewayKey: stringOr(memo.gatewayKey),
    attempts,
    baselineMicroUsd: runBaselineMicroUsd(route, attempts),
    ...(experiments?.length && { experiments }),
    ...(info.closeTime && { latencyMs: info.closeTime.getTime() - info.startTime.getTime() }),
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

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
