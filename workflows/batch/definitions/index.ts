/**
 * Wire types, queries and signals of batch extraction. JSON-safe and sandbox-safe: imported by the batch
 * workflows, the batch activities and the client. Documents never appear here, only ids and locators.
 */
export type { BatchCursor, BatchItemRef, BatchOutputs, BatchPage, BatchSource } from './source';
export type { BatchCarriedState, BatchRetry, BatchTotals, CostMap } from './carried';
export type { BatchInput, BatchItemInput, BatchPlan, BatchPlanRequest, PlannedBatchInput } from './input';
export type { ProviderBatchAnswer, ProviderBatchPage, ProviderBatchPlan, ProviderBatchStatus } from './provider-batch';
export type { BatchErrorLine, BatchItemStatus, BatchItemSummary, BatchResultLine } from './items';
export {
  batchProgressQuery,
  cancelBatchSignal,
  pauseBatchSignal,
  resumeBatchSignal,
  type BatchPhase,
  type BatchProgress,
  type BatchReport,
  type BatchStatus,
} from './progress';
