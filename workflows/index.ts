/**
 * Sandbox-safe entry (`llm-cascade/workflow`): re-export these from your worker's workflows module.
 * Nothing here imports activities, Node built-ins or heavy libraries.
 */
export { cascadeWorkflow } from './cascade';
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
