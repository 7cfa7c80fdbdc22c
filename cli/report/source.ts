/**
 * Reads a report's requests from Temporal: visibility (search attributes, memo) finds them, and each one's
 * event history gives its exact ledger (history.ts), so a request that tried three models is split across all
 * three. Running workflows and batch items work too.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { LlmSession, LlmTask } from '../../workflows/definitions/search-attributes';
import type { ReportRun } from './aggregate';
import { itemRequests } from './batch-items';
import { readHistory, stringOr, type HistoryLedger } from './history';
import { attemptsFromEvents, ledgerRows, runBaselineMicroUsd } from './ledger';
import { BATCH_WORKFLOW_TYPE, CASCADE_WORKFLOW_TYPES } from './query';

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

/**
 * Lists the matching workflows (newest first, as visibility returns them) and reads each one's ledger: one
 * request per workflow, or per item of a batch run whose items ran inline.
 */
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
  const requests: ReportRun[][] = new Array(infos.length);
  let next = 0;
  const worker = async () => {
    while (next < infos.length) {
      const index = next++;
      requests[index] = await readRequests(client, infos[index]!).catch((error: unknown) => {
        // Visibility lags a deletion (retention, deleteWorkflowExecution): a listed history may be gone; skip it.
        if (isNotFound(error)) return [];
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, infos.length) }, worker));
  return { runs: requests.flat(), truncated };
}

/** A gRPC NOT_FOUND (code 5), as the client throws it or wraps it. */
export function isNotFound(error: unknown): boolean {
  const code = (value: unknown) => (value as { code?: unknown } | undefined)?.code;
  return code(error) === 5 || code((error as { cause?: unknown } | undefined)?.cause) === 5;
}

/** The requests of one workflow run: itself, or each item (and retry round) of a batch that ran its items inline. */
export async function readRequests(client: Client, info: WorkflowExecutionInfo): Promise<ReportRun[]> {
  const history = await readHistory(client, info);
  if (!CASCADE_WORKFLOW_TYPES.has(info.type)) return jobSteps(info, history);
  if (info.type !== BATCH_WORKFLOW_TYPE) return [runOf(info, history)];
  // A batch that ran item workflows has no attempts of its own: its items are listed (and counted) on their own.
  return itemRequests(ledgerRows(history.activities, history.priors)).map((request) => {
    const id = `${info.workflowId}/${request.item}`;
    return {
      workflowId: request.round === 0 ? id : `${id}#${request.round + 1}`,
      runId: info.runId,
      workflowType: info.type,
      // An item never fails as a workflow would: a finished item is COMPLETED, like its item workflow.
      status: request.running ? info.status.name : 'COMPLETED',
      startTime: new Date(request.startMs ?? info.startTime.getTime()).toISOString(),
      task: history.task ?? info.typedSearchAttributes.get(LlmTask),
      attempts: request.attempts,
      baselineMicroUsd: runBaselineMicroUsd(history.route, request.attempts),
      ...(request.startMs !== undefined &&
        request.endMs !== undefined && { latencyMs: request.endMs - request.startMs }),
    };
  });
}

/**
 * The steps of a job (a user's workflow or an agent job): one request per `cascade()` step run inline, from the
 * `callModel` activities of its own history only. A step run `as: 'child'` has none here (its attempts are in its
 * own `cascadeWorkflow`, reported once as such), and the job's result, which may list them too, is never read.
 */
function jobSteps(info: WorkflowExecutionInfo, history: HistoryLedger): ReportRun[] {
  const memo = info.memo ?? {};
  const steps = new Map<string, { task: string; rows: ReturnType<typeof ledgerRows> }>();
  const rows = ledgerRows(history.activities, []);
  const activityByEvent = new Map(history.activities.map((activity) => [activity.scheduledEventId, activity]));
  for (const row of rows) {
    const input = activityByEvent.get(row.eventId)?.input;
    // Histories recorded before attempts named their step: one request per task.
    const step = input?.step ?? input?.task ?? 'unknown';
    let entry = steps.get(step);
    if (!entry) steps.set(step, (entry = { task: input?.task ?? 'unknown', rows: [] }));
    entry.rows.push(row);
  }
  return [...steps].map(([step, { task, rows: stepRows }]) => {
    const attempts = stepRows.flatMap((row) => (row.attempt ? [row.attempt] : []));
    const running = stepRows.some((row) => !row.attempt);
    const startMs = stepRows[0]?.startMs;
    const endMs = stepRows[stepRows.length - 1]?.endMs;
    const plan = history.plans.find((candidate) => candidate.route?.task === task);
    return {
      workflowId: `${info.workflowId}/${step}`,
      runId: info.runId,
      workflowType: info.type,
      status: running ? 'RUNNING' : info.status.name === 'RUNNING' ? 'COMPLETED' : info.status.name,
      startTime: new Date(startMs ?? info.startTime.getTime()).toISOString(),
      task,
      sessionId: stringOr(memo.sessionId) ?? info.typedSearchAttributes.get(LlmSession),
      userId: stringOr(memo.userId),
      attempts,
      // Each step planned its own route: its baseline and arms are its plan's (the first plan of its task).
      baselineMicroUsd: running ? 0 : runBaselineMicroUsd(plan?.route, attempts),
      ...(plan?.experiments?.length && { experiments: plan.experiments }),
      ...(!running && startMs !== undefined && endMs !== undefined && { latencyMs: endMs - startMs }),
    };
  });
}

/** One request: identity and grouping fields from visibility and memo, the ledger from its history. */
export async function readRun(client: Client, info: WorkflowExecutionInfo): Promise<ReportRun> {
  return runOf(info, await readHistory(client, info));
}

function runOf(info: WorkflowExecutionInfo, history: HistoryLedger): ReportRun {
  // Attempts run as local activities (latency mode) leave no activity events: the closed run's own ledger has them.
  const attempts =
    history.activities.length === 0 && history.priors.length === 0 && history.closingLedger
      ? history.closingLedger
      : attemptsFromEvents(history.activities, history.priors);
  const memo = info.memo ?? {};
  const { route, experiments } = history;
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
