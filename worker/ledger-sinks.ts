/**
 * The worker's side of the ledger store's sink: each cascade's rows and end, as its workflow reports them, become
 * store rows through the process's one `LedgerWriter` (an outbox on disk, drained in the background: a write never
 * waits for the store, never fails a workflow). Not called on replay; the store's keys make a second delivery of
 * the same row (a workflow task retried on another worker, a backfill) count once.
 */
import type { InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { LedgerStoreSinks, StoredRequestContext } from '../workflows/definitions';
import { attemptRowOf, requestKind, requestRowOf, type LedgerContext } from '../store/rows';
import type { LedgerWriter } from '../store/write/writer';
import type { CallModelDeps } from '../activities/cascade/call-model';

/** The store's context of a request reported by a workflow (or by an activity on its behalf). Pure. */
export function storeContext(
  info: Pick<WorkflowInfo, 'workflowId' | 'runId' | 'workflowType'> & { parent?: { workflowId: string } },
  request: StoredRequestContext,
): LedgerContext {
  const kind = requestKind(info.workflowType, {
    inlineItem: request.itemId !== undefined,
    gatewayKey: request.gatewayKey,
  });
  const batchId =
    request.itemId !== undefined
      ? info.workflowId
      : info.workflowType === 'batchItemWorkflow'
        ? info.parent?.workflowId
        : undefined;
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    kind,
    task: request.task,
    startedAtMs: request.startedAtMs,
    ...(request.step !== undefined && { step: request.step }),
    ...(request.itemId !== undefined && { itemId: request.itemId, round: request.round ?? 0 }),
    ...(batchId !== undefined && { batchId }),
    ...(request.sessionId !== undefined && { sessionId: request.sessionId }),
    ...(request.userId !== undefined && { userId: request.userId }),
    ...(request.gatewayKey !== undefined && { gatewayKey: request.gatewayKey }),
    ...(request.experiments?.length && { experiments: request.experiments }),
    ...(request.tags?.length && { tags: request.tags }),
  };
}

/**
 * What `callModel` calls with a billed answer the moment it arrived: the same row, under the same key, as the
 * workflow's sink writes once the activity completed (the store keeps it once); if the worker dies in between, this
 * one is the only record of a paid answer.
 */
export function billedAnswerRecorder(writer: LedgerWriter | undefined): CallModelDeps['recordBilled'] {
  if (!writer) return undefined;
  return (row, where) => {
    const parent =
      where.store.parentWorkflowId === undefined ? undefined : { workflowId: where.store.parentWorkflowId };
    const context = storeContext({ ...where, ...(parent && { parent }) }, where.store.request);
    writer.recordAttempt(attemptRowOf(row, context, Date.now()));
  };
}

/** The sinks a worker registers; without a writer they drop the rows (the history keeps the ledger). */
export function ledgerStoreSinks(writer: LedgerWriter | undefined): InjectedSinks<LedgerStoreSinks> {
  return {
    ledgerStore: {
      attempt: {
        fn: (info, request, row, atMs) => writer?.recordAttempt(attemptRowOf(row, storeContext(info, request), atMs)),
        callDuringReplay: false,
      },
      finished: {
        fn: (info, request, end) =>
          writer?.recordRequest(
            requestRowOf(storeContext(info, request), {
              attempts: end.attempts,
              outcome: end.outcome,
              ...(end.failure !== undefined && { failure: end.failure }),
              baselineMicroUsd: end.baselineMicroUsd,
              finishedAtMs: end.finishedAtMs,
            }),
          ),
        callDuringReplay: false,
      },
    },
  };
}
