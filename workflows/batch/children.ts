/** The parent's side of one item: start its workflow, and account for it even when that workflow fails. */
import { executeChild, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/batch/io';
import type { BatchItemRef, BatchItemSummary, PlannedBatchInput } from './definitions';
import { batchItemWorkflow, itemWorkflowId } from './item';

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

/** Runs one item's child workflow; an item workflow that fails anyway (a bug, a terminate) still gets its error line. */
export async function runItem(
  input: PlannedBatchInput,
  item: BatchItemRef,
  workflowId: string,
  maxCostUsd: number | undefined,
  providerBatch?: { spoolPath: string },
): Promise<BatchItemSummary> {
  try {
    return await executeChild(batchItemWorkflow, {
      workflowId,
      staticSummary: `batch ${input.batchId}: item ${item.id}`.slice(0, 200),
      args: [
        {
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
        },
      ],
    });
  } catch (error) {
    const reason = `item workflow ${workflowId} failed: ${messageOf(error)}`;
    const summary: BatchItemSummary = {
      id: item.id,
      status: 'failed',
      costMicroUsd: 0,
      attempts: 0,
      baselineMicroUsd: 0,
      escalated: false,
      costs: [],
      reason,
      code: 'item_workflow_failed',
    };
    if (isCancellation(error)) return { ...summary, status: 'undone' };
    const line = {
      id: item.id,
      key: `${item.id}@${workflowId}@${workflowInfo().runId}`,
      status: 'failed',
      code: 'item_workflow_failed',
      reason,
      costUsd: 0,
      costMicroUsd: 0,
      ledger: [],
    };
    await writeBatchResult({ path: input.outputs.errorsPath, line });
    return summary;
  }
}

/** The innermost message of a Temporal failure chain. */
export function messageOf(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
