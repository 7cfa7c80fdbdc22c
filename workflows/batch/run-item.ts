/**
 * The batch's side of one item: run it inline (its attempts are activities of the batch workflow) or start its
 * child workflow, and account for it even when it fails in a way the item itself could not record.
 */
import { executeChild, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/batch/io';
import type { BatchItemInput, BatchItemRef, BatchItemSummary, PlannedBatchInput } from './definitions';
import { batchItemWorkflow, itemWorkflowId, processBatchItem } from './item';
import { silentRecorder } from '../job/recorder';

/** The workflow id of an item's run: the item's own id for the first, a suffix per retry round after it. */
export function itemRunWorkflowId(batchWorkflowId: string, itemId: string, round: number): string {
  const id = itemWorkflowId(batchWorkflowId, itemId);
  return round === 0 ? id : `${id}~retry${round}`;
}

// Same options as the parent's other activities: this write only runs when an item workflow itself failed.
const { writeBatchResult } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Runs one item, inline or as a child workflow (`runId`: the id of this item run, also the child's workflow id).
 * An item that fails anyway (a bug, a terminated child) still gets its error line.
 */
export async function runItem(
  input: PlannedBatchInput,
  item: BatchItemRef,
  runId: string,
  maxCostUsd: number | undefined,
  options: { inline: boolean; round: number; providerBatch?: { spoolPath: string } },
): Promise<BatchItemSummary> {
  const itemInput = itemInputOf(input, item, maxCostUsd, options.providerBatch);
  try {
    if (options.inline) {
      // Keyed by the batch's run too: a rerun of the batch with the same id writes its own lines.
      return await processBatchItem(itemInput, {
        runKey: `${runId}@${workflowInfo().runId}`,
        silent: true,
        round: options.round,
        recorder: silentRecorder(),
      });
    }
    return await executeChild(batchItemWorkflow, {
      workflowId: runId,
      staticSummary: `batch ${input.batchId}: item ${item.id}`.slice(0, 200),
      args: [itemInput],
    });
  } catch (error) {
    const code = options.inline ? 'item_failed' : 'item_workflow_failed';
    const reason = `${options.inline ? 'item' : 'item workflow'} ${runId} failed: ${messageOf(error)}`;
    const summary: BatchItemSummary = {
      id: item.id,
      status: 'failed',
      costMicroUsd: 0,
      attempts: 0,
      baselineMicroUsd: 0,
      escalated: false,
      costs: [],
      reason,
      code,
    };
    if (isCancellation(error)) return { ...summary, status: 'undone' };
    const line = {
      id: item.id,
      key: `${item.id}@${runId}@${workflowInfo().runId}`,
      status: 'failed',
      code,
      reason,
      costUsd: 0,
      costMicroUsd: 0,
      ledger: [],
    };
    await writeBatchResult({ path: input.outputs.errorsPath, line });
    return summary;
  }
}

function itemInputOf(
  input: PlannedBatchInput,
  item: BatchItemRef,
  maxCostUsd: number | undefined,
  providerBatch: { spoolPath: string } | undefined,
): BatchItemInput {
  return {
    batchId: input.batchId,
    item,
    source: input.source,
    outputs: input.outputs,
    task: input.task,
    schema: input.schema,
    instructions: input.instructions,
    route: input.route,
    startRules: input.startRules,
    maxCostUsd,
    maxWaitMs: input.maxWaitMs,
    searchAttributes: input.searchAttributes,
    ...(input.checks && { checks: input.checks }),
    ...(input.schemaInPrompt === false && { schemaInPrompt: false }),
    ...(providerBatch && { providerBatch }),
  };
}

/** The innermost message of a Temporal failure chain. */
export function messageOf(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
