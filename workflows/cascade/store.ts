/**
 * A cascade's rows on their way to the ledger store: through the worker's `ledgerStore` sink (not part of history,
 * never called on replay). The worker without a store drops them; the history keeps the ledger either way.
 */
import { proxySinks, workflowInfo } from '@temporalio/workflow';
import type { AttemptRecord, CascadeInput, LedgerStoreSinks, StoredRequestContext } from '../definitions';

const { ledgerStore } = proxySinks<LedgerStoreSinks>();

/** Where a cascade runs, as the store files it: its step, or its batch item and round. */
export interface StoreScope {
  step?: string;
  item?: { id: string; round: number };
}

/** The context every row of this request carries. `startedAtMs`: workflow time when the request began. */
export function storedRequest(
  input: Pick<CascadeInput, 'task' | 'metadata' | 'experiments'>,
  scope: StoreScope,
  startedAtMs: number,
): StoredRequestContext {
  const gatewayKey = workflowInfo().memo?.gatewayKey;
  const metadata = input.metadata;
  return {
    task: input.task,
    startedAtMs,
    ...(scope.step !== undefined && { step: scope.step }),
    ...(scope.item && { itemId: scope.item.id, round: scope.item.round }),
    ...(metadata?.sessionId !== undefined && { sessionId: metadata.sessionId }),
    ...(metadata?.userId !== undefined && { userId: metadata.userId }),
    ...(metadata?.tags?.length && { tags: metadata.tags }),
    ...(typeof gatewayKey === 'string' && { gatewayKey }),
    ...(input.experiments?.length && { experiments: input.experiments }),
  };
}

/** The store's side of a cascade: each ledger row as it is added, and the request's end. */
export function storeRecorder(request: StoredRequestContext) {
  return {
    attempt: (row: AttemptRecord) => ledgerStore.attempt(request, row, Date.now()),
    finished: (attempts: AttemptRecord[], end: { failure?: string; baselineMicroUsd: number }) =>
      ledgerStore.finished(request, {
        outcome: end.failure === undefined ? 'ok' : 'failed',
        ...(end.failure !== undefined && { failure: end.failure }),
        attempts,
        baselineMicroUsd: end.baselineMicroUsd,
        finishedAtMs: Date.now(),
      }),
  };
}
