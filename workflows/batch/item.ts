/**
 * One batch item: load it, run the cascade on it, write its result or error line. It runs inline in the batch
 * workflow (`processBatchItem`: its attempts are activities of the batch) or as a child workflow of its own
 * (`batchItemWorkflow`: a page per item in the UI).
 */
import { ApplicationFailure, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/common';
import { usdToMicro } from '../../catalog/pricing';
import type { BatchActivities } from '../../activities/batch/io';
import type { BatchErrorLine, BatchItemInput, BatchItemSummary, BatchResultLine } from './definitions';
import { escalatedFrom } from './state';
import { batchSavings, errorLine, failedSummary, itemSummary, resultLine } from './item-summary';
import { executeCascade } from '../cascade/workflow';
import { storeRecorder, storedRequest } from '../cascade/store';
import { jobRecorder, type Recorder } from '../job/recorder';
import { inStepSpan } from '../tracing/step-spans';
import { baselineMicroUsd } from '../cascade/ledger';
import type { ProviderBatchActivities } from '../../activities/batch/provider-batch';
import { decodeCascadeFailure, type CascadeFailureKind } from '../definitions';

/*
 * Reading the item and appending its line are quick and local to the worker. An item workflow runs them as local
 * activities: no task-queue round trip and no extra workflow task per item. Both are safe to repeat (a read; an
 * idempotent append) if a crash makes the workflow task run again.
 * Inline items run them as normal activities: many local activities in flight at once beside other commands (the
 * other items' attempts and waits) do not replay in the order they ran (sdk-typescript#1744; here a TMPRL1100
 * "timer fired event did not have expected timer id" after a worker kill -9), while activity events do.
 */
const RETRIED_READ: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
};
// A result must not be lost: writes retry until the disk takes them (an operator can free space meanwhile).
const RETRIED_WRITE: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

/** An item's reads and writes: local activities in an item workflow, activities when many items share a workflow. */
const IO = {
  local: {
    ...pick(proxyLocalActivities<BatchActivities>(RETRIED_READ), 'loadBatchItem'),
    ...pick(proxyLocalActivities<BatchActivities>(RETRIED_WRITE), 'writeBatchResult'),
    // The answer a provider batch left for this item, spooled on the shared filesystem: a quick local read.
    ...pick(proxyLocalActivities<ProviderBatchActivities>(RETRIED_READ), 'loadProviderBatchAnswer'),
  },
  shared: {
    ...pick(proxyActivities<BatchActivities>(RETRIED_READ), 'loadBatchItem'),
    ...pick(proxyActivities<BatchActivities>(RETRIED_WRITE), 'writeBatchResult'),
    ...pick(proxyActivities<ProviderBatchActivities>(RETRIED_READ), 'loadProviderBatchAnswer'),
  },
};

function pick<T extends object, K extends keyof T>(proxy: T, key: K): Pick<T, K> {
  return { [key]: proxy[key] } as Pick<T, K>;
}

/** Runs one item of a batch as its own workflow; never fails for the item's own sake (that is an error line). */
export async function batchItemWorkflow(input: BatchItemInput): Promise<BatchItemSummary> {
  const { workflowId, runId } = workflowInfo();
  return processBatchItem(input, { runKey: `${workflowId}@${runId}`, silent: false, recorder: jobRecorder() });
}

/** How an item runs in the workflow that runs it. */
export interface ItemRunContext {
  /** Unique to this run of the item: its error line's key, so a repeated write is dropped and a later run writes its own. */
  runKey: string;
  /**
   * true (an inline item, one of many in the batch workflow): its attempts stay out of the workflow's ledger query,
   * Current Details and search attributes, and it reads and writes through activities, not local activities.
   */
  silent: boolean;
  /** Its attempts' recorder: the item workflow's own, or a `silentRecorder()` inline. */
  recorder: Recorder;
  /** Inline: the item's retry round in the batch (0 for its first run); the ledger store files the item by it. */
  round?: number;
}

/**
 * Runs one item through the cascade in the calling workflow; never fails for the item's own sake (that is an
 * error line). A cancellation (of the workflow, or the scope) is thrown as it is.
 */
export async function processBatchItem(input: BatchItemInput, run: ItemRunContext): Promise<BatchItemSummary> {
  const { item, outputs, route } = input;
  const { loadBatchItem, writeBatchResult, loadProviderBatchAnswer } = run.silent ? IO.shared : IO.local;
  const loaded = await loadBatchItem({
    source: input.source,
    item,
    schema: input.schema,
    instructions: input.instructions,
    route,
    startRules: input.startRules,
  });
  if (loaded.kind === 'error') {
    await writeBatchResult({
      path: outputs.errorsPath,
      line: errorLine(item.id, run.runKey, 'failed', loaded.code, loaded.reason, []),
    });
    // The code only: a parse error's message can quote the document, and the summary goes to the parent's history.
    return { ...failedSummary(item.id, loaded.code, [], route.startTier), code: loaded.code };
  }
  const answer = input.providerBatch
    ? await loadProviderBatchAnswer({ spoolPath: input.providerBatch.spoolPath, id: item.id })
    : undefined;
  if (answer?.attempt.outcome === 'ok' && answer.result) {
    // The batch answer validated and passed its checks: the item is done with one attempt at the batch rate.
    const { attempt } = answer;
    const store = storeRecorder(
      storedRequest(
        { task: input.task, metadata: batchMetadata(input) },
        { item: storeItem(run, item.id) },
        Date.now(),
      ),
    );
    store.attempt(attempt);
    store.finished([attempt], { baselineMicroUsd: baselineMicroUsd(route, [attempt]) });
    if (!run.silent) {
      // Its row in this workflow's ledger query, Current Details and search attributes, as a cascade would show it.
      const job = run.recorder;
      job.stepStarted();
      job.add(attempt);
      job.publish('done', { task: input.task, searchAttributes: input.searchAttributes });
      job.stepEnded();
    }
    const summary = itemSummary(item.id, [attempt], {
      status: 'ok',
      finalTier: attempt.tier,
      finalModel: attempt.ref,
      baselineMicroUsd: baselineMicroUsd(route, [attempt]),
      escalated: false,
    });
    const line = resultLine(summary, answer.result.output ?? null);
    await writeBatchResult({
      path: outputs.resultsPath,
      line: { ...line, providerBatchId: attempt.providerBatchId } as BatchResultLine & Record<string, unknown>,
    });
    return { ...summary, ...batchSavings(route, attempt) };
  }
  try {
    const spanAttributes = { 'llm_cascade.workflow_id': workflowInfo().workflowId, 'llm_cascade.batch_item': item.id };
    const result = await inStepSpan(input.task, spanAttributes, () =>
      executeCascade(
        {
          task: input.task,
          schema: input.schema,
          messages: loaded.messages,
          route: { ...route, startTier: loaded.startTier },
          estimatedInputTokens: loaded.estimatedInputTokens,
          maxCostUsd: input.maxCostUsd,
          maxWaitMs: input.maxWaitMs,
          metadata: batchMetadata(input),
          searchAttributes: input.searchAttributes,
          checks: input.checks,
          schemaInPrompt: input.schemaInPrompt,
          ...(answer && { prior: { attempts: [answer.attempt], ...(answer.result && { last: answer.result }) } }),
          ...(run.silent && { batchItem: item.id }),
        },
        { recorder: run.recorder, item: storeItem(run, item.id) },
      ),
    );
    const summary = itemSummary(item.id, result.attempts, {
      status: 'ok',
      finalTier: result.finalTier,
      finalModel: result.finalModel,
      baselineMicroUsd: usdToMicro(result.baselineCostUsd),
      escalated: escalatedFrom(result.attempts, loaded.startTier),
    });
    await writeBatchResult({
      path: outputs.resultsPath,
      line: resultLine(summary, result.output) as unknown as BatchResultLine & Record<string, unknown>,
      // Earlier error lines of the item (an undone or retryable run) are then marked superseded.
      errorsPath: outputs.errorsPath,
    });
    return { ...summary, ...(answer && batchSavings(route, answer.attempt)) };
  } catch (error) {
    const failure = error instanceof ApplicationFailure ? decodeCascadeFailure(error) : undefined;
    if (!failure || failure.kind === 'config') throw error;
    const status = STATUS_OF_FAILURE[failure.kind];
    const ledger = failure.details?.attempts ?? [];
    const code = failure.type;
    // A retryable or budget-stopped item does not become done: its line records what this run spent (so the files
    // add up to the bill), and a later round or a rerun with the same batch id runs it again.
    if (status !== 'undone' || ledger.some((attempt) => attempt.costMicroUsd > 0)) {
      await writeBatchResult({
        path: outputs.errorsPath,
        line: errorLine(item.id, run.runKey, status, code, failure.message, ledger),
      });
    }
    return {
      ...failedSummary(item.id, failure.message, ledger, loaded.startTier),
      status,
      code,
      ...(answer && batchSavings(route, answer.attempt)),
    };
  }
}

/** How an item ends for each way its cascade can fail. */
const STATUS_OF_FAILURE: Readonly<Record<CascadeFailureKind, BatchErrorLine['status']>> = {
  exhausted: 'failed',
  budget: 'undone',
  unavailable: 'retryable',
};

/** The id of an item's workflow: the batch's id and the item's, so a rerun finds the same child. */
export function itemWorkflowId(batchWorkflowId: string, itemId: string): string {
  return `${batchWorkflowId}/${itemId}`;
}

function batchMetadata(input: BatchItemInput) {
  return { tags: [`batch:${input.batchId}`] };
}

/** An inline item as the ledger store files it: its id and retry round. An item workflow is a run of its own. */
function storeItem(run: ItemRunContext, id: string): { id: string; round: number } | undefined {
  return run.silent ? { id, round: run.round ?? 0 } : undefined;
}
