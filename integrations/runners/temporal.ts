/**
 * Runs an integration's cascades through a Temporal client: `startCascade` on the worker's task queue, the worker's
 * catalog deciding every route. An idempotency key becomes the workflow id, started with `REJECT_DUPLICATE`, so a
 * retried call (a framework's own retry, or an activity of `@temporalio/openai-agents` retried after a crash) attaches
 * to the first run and reads its answer instead of paying again.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { startCascade, toCascadeError, type CascadeClientOptions } from '../../client/cascade-client';
import type { CascadeResult, JsonValue } from '../../workflows/definitions';
import type { CascadeRunner, RunnerRequest, RunnerResult } from '../contract/runner';

/** Options of {@link temporalRunner}. */
export interface TemporalRunnerOptions extends Pick<
  CascadeClientOptions,
  'catalog' | 'matchWorkerCatalog' | 'executionTimeout'
> {
  /** @default 'llm-cascade' */
  taskQueue?: string;
  /** Prefix of the workflow id of a call with an idempotency key: `<prefix><key>`. @default 'cascade-' */
  workflowIdPrefix?: string;
  /** Cancel the cascade when the caller's abort signal fires (it stops before its next attempt). @default true */
  cancelOnAbort?: boolean;
}

export function temporalRunner(client: Client, options: TemporalRunnerOptions = {}): CascadeRunner {
  return {
    kind: 'temporal',
    async run(request: RunnerRequest): Promise<RunnerResult> {
      const workflowId =
        request.idempotencyKey === undefined
          ? undefined
          : `${options.workflowIdPrefix ?? 'cascade-'}${request.idempotencyKey}`;
      let handle;
      try {
        handle = await startCascade(
          client,
          {
            task: request.task,
            schema: request.schema,
            schemaName: request.schemaName,
            messages: request.messages,
            ...(request.maxCostUsd !== undefined && { maxCostUsd: request.maxCostUsd }),
            ...(request.startTier !== undefined && { startTier: request.startTier }),
            ...(request.metadata && { metadata: request.metadata }),
          },
          {
            ...(options.taskQueue && { taskQueue: options.taskQueue }),
            ...(options.catalog && { catalog: options.catalog }),
            ...(options.matchWorkerCatalog !== undefined && { matchWorkerCatalog: options.matchWorkerCatalog }),
            ...(options.executionTimeout !== undefined && { executionTimeout: options.executionTimeout }),
            ...(workflowId && { workflowId, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE }),
          },
        );
      } catch (error) {
        if (workflowId === undefined || !(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        return { ...(await attach(client, workflowId)), replayed: true };
      }
      const onAbort = () => void handle.handle.cancel().catch(() => undefined);
      if (options.cancelOnAbort !== false) request.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return (await abortable(handle.result(), request.signal)) as CascadeResult<JsonValue>;
      } finally {
        request.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** The answer of the run that already holds this workflow id (running or closed). */
async function attach(client: Client, workflowId: string): Promise<CascadeResult<JsonValue>> {
  try {
    return (await client.workflow.getHandle(workflowId).result()) as CascadeResult<JsonValue>;
  } catch (error) {
    throw toCascadeError(error, workflowId);
  }
}

/** Waits for `promise`, or rejects with the signal's reason once it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
