/**
 * Sandbox-safe entry (`llm-cascade/workflow`): re-export these from your worker's workflows module.
 * Nothing here imports activities, Node built-ins or heavy libraries.
 */
export { cascadeWorkflow } from './cascade';
export { batchWorkflow } from './batch';
export { batchItemWorkflow } from './batch-item';
export {
  batchProgressQuery,
  pauseBatchSignal,
  resumeBatchSignal,
  cancelBatchSignal,
  type BatchInput,
  type BatchItemInput,
  type BatchItemSummary,
  type BatchProgress,
  type BatchReport,
  type BatchSource,
  type BatchOutputs,
} from './batch-definitions';
export {
  TASK_QUEUE,
  FailureType,
  ledgerQuery,
  type AttemptRecord,
  type AttemptOutcome,
  type CascadeInput,
  type CascadeResult,
  type CascadeFailureDetails,
} from './definitions';
