/**
 * Typed helpers to start, watch and run batch extractions. Everything that can be checked is checked before a
 * workflow starts: the input is readable and parses at the top level, its ids are unique, the outputs are
 * writable, the task and schema are valid. A batch id names one workflow (`batch-<id>`): starting it again while
 * it runs attaches to it, and after it ended starts a new run that skips every item already in the outputs.
 */
import { explainStartError } from './start-errors';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Catalog } from '../catalog/types';
import type { batchWorkflow } from '../workflows/batch/workflow';
import {
  batchProgressQuery,
  cancelBatchSignal,
  pauseBatchSignal,
  resumeBatchSignal,
  type BatchOutputs,
  type BatchProgress,
  type BatchReport,
  type BatchSource,
} from '../workflows/batch/definitions';
import { TASK_QUEUE } from '../workflows/definitions';
import { batchPresentation, prepareBatch, type BatchRequest } from './batch-prepare';
import { configErrorOf } from './cascade-client';
import { expectedCatalog, type CatalogExpectation } from './prepare';
import { explainUnreadable, readable } from './unreadable';

export { prepareBatch, type BatchRequest } from './batch-prepare';
export type { BatchProgress, BatchReport, BatchSource, BatchOutputs } from '../workflows/batch/definitions';

export interface BatchClientOptions extends CatalogExpectation {
  /**
   * A catalog to check the request's task and tier against before starting; the worker must then plan the batch
   * with this same catalog (see `matchWorkerCatalog`). @default none: the worker checks and plans it
   */
  catalog?: Catalog;
  /** @default 'llm-cascade' */
  taskQueue?: string;
  /**
   * The batch's whole life, continue-as-new runs included, after which Temporal ends it (timed out) along with
   * its item workflows: a batch left behind never runs forever. Rerun the same command to resume the rest.
   * @default {@link DEFAULT_BATCH_TIMEOUT}, or the request's `maxWaitMs` plus a day when that is longer
   */
  executionTimeout?: Duration;
}

/** 7 days: a large batch at a few items a second takes hours; a week leaves room for pauses and outages. */
export const DEFAULT_BATCH_TIMEOUT: Duration = '7 days';
const DAY_MS = 86_400_000;

/** A started (or attached-to) batch. */
export interface BatchHandle {
  batchId: string;
  /** `batch-<batchId>`. */
  workflowId: string;
  /** True when a run with this id was already going and this handle attached to it instead of starting one. */
  attached: boolean;
  source: BatchSource;
  outputs: BatchOutputs;
  /** Follows continue-as-new: queries and results go to the latest run. */
  handle: WorkflowHandle<typeof batchWorkflow>;
  progress(): Promise<BatchProgress>;
  /** Waits for the final report; throws when the batch workflow itself failed (e.g. its input vanished). */
  result(): Promise<BatchReport>;
  /** Stop starting items until `resume()`; items in flight finish. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stop starting items, let those in flight finish; the report counts the rest as undone. */
  cancel(reason?: string): Promise<void>;
}

export interface WatchOptions {
  /** How often to ask for progress. @default 500 */
  intervalMs?: number;
}

export interface RunBatchOptions extends BatchClientOptions, WatchOptions {
  /** Called with each progress answer (about twice a second) and once more with the final numbers. */
  onProgress?: (progress: BatchProgress) => void;
}

/** Checks the request, then starts the batch workflow, or attaches to the run with the same batch id. */
export async function startBatch(
  client: Client,
  request: BatchRequest,
  options: BatchClientOptions = {},
): Promise<BatchHandle> {
  const input = {
    ...prepareBatch(options.catalog, request, new Date().toISOString().slice(0, 10)),
    ...expectedCatalog(options),
  };
  const workflowId = `batch-${input.batchId}`;
  const attached = await isRunning(client, workflowId);
  if (!attached) {
    await client.workflow
      .start<typeof batchWorkflow>('batchWorkflow', {
        taskQueue: options.taskQueue ?? TASK_QUEUE,
        workflowId,
        args: [input],
        // Two clients starting the same batch at once both end up on one run.
        workflowIdConflictPolicy: 'USE_EXISTING',
        // Items told to wait out outages for longer than the default get that long, and a day to finish after.
        workflowExecutionTimeout:
          options.executionTimeout ?? Math.max(msToNumber(DEFAULT_BATCH_TIMEOUT), (request.maxWaitMs ?? 0) + DAY_MS),
        ...batchPresentation(input),
      })
      .catch((error: unknown) => {
        throw explainStartError(error, client.options.namespace);
      });
  }
  const handle = client.workflow.getHandle<typeof batchWorkflow>(workflowId);
  return {
    batchId: input.batchId,
    workflowId,
    attached,
    source: input.source,
    outputs: input.outputs,
    handle,
    progress: () => readable(workflowId, 'progress', () => handle.query(batchProgressQuery)),
    result: () => awaitReport(handle),
    pause: () => handle.signal(pauseBatchSignal),
    resume: () => handle.signal(resumeBatchSignal),
    cancel: (reason) => handle.signal(cancelBatchSignal, reason),
  };
}

/** How long a finished batch waits for its last progress query to settle. */
const QUERY_DRAIN_MS = 10_000;

/** Polls the progress query until the batch ends; returns its report. Failed polls (a worker restarting) are skipped. */
export async function watchBatch(
  batch: Pick<BatchHandle, 'progress' | 'result'>,
  onProgress: (progress: BatchProgress) => void,
  options: WatchOptions = {},
): Promise<BatchReport> {
  const intervalMs = options.intervalMs ?? 500;
  let finished = false;
  const result = batch.result().finally(() => (finished = true));
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  // One query at a time: with no worker polling, a query waits, and piling more on would help nobody.
  let asking: Promise<void> | undefined;
  while (!finished) {
    asking ??= batch
      .progress()
      .then(
        (progress) => {
          if (!finished) onProgress(progress);
        },
        () => undefined,
      )
      .finally(() => (asking = undefined));
    await Promise.race([settled, sleep(intervalMs)]);
  }
  // No call may still be in flight when the caller closes the connection: a gRPC retry timer firing on a
  // closed channel throws "Channel has been shut down" out of nowhere. Bounded: a query nobody answers must not
  // hold up a finished batch.
  await Promise.race([asking, sleep(QUERY_DRAIN_MS)]);
  const report = await result;
  onProgress(progressOfReport(report));
  return report;
}

/** Starts (or attaches to) a batch and waits for its report, reporting progress on the way. */
export async function runBatch(
  client: Client,
  request: BatchRequest,
  options: RunBatchOptions = {},
): Promise<BatchReport> {
  const batch = await startBatch(client, request, options);
  return watchBatch(batch, options.onProgress ?? (() => undefined), options);
}

/** The last progress of a finished batch, from its report. */
export function progressOfReport(report: BatchReport): BatchProgress {
  return {
    batchId: report.batchId,
    phase: 'done',
    total: report.total,
    alreadyDone: report.skipped,
    done: report.ok + report.failed,
    ok: report.ok,
    failed: report.failed,
    retrying: 0,
    inFlight: 0,
    costUsd: report.costUsd,
    projectedTotalCostUsd: report.costUsd,
    runs: report.runs,
  };
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

async function awaitReport(handle: WorkflowHandle<typeof batchWorkflow>): Promise<BatchReport> {
  try {
    return await handle.result();
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw explainUnreadable(error, handle.workflowId, 'report');
    // The worker refused the batch while planning it (another catalog, an unknown task): nothing ran.
    const config = configErrorOf(error);
    if (config) throw config;
    throw new Error(`batch ${handle.workflowId} failed: ${error.cause?.message ?? error.message}`, { cause: error });
  }
}
