/**
 * Sandbox-safe entry (`llm-cascade/workflow`): re-export these from your worker's workflows module.
 * Nothing here imports activities, Node built-ins or heavy libraries.
 */
import { setWorkflowOptions } from '@temporalio/workflow';
import { batchWorkflow } from './batch/workflow';
import { batchItemWorkflow } from './batch/item';
import { cascadeWorkflow } from './cascade/workflow';
import { agentWorkflow } from './agent/workflow';
import { keyBudgetWorkflow } from './gateway/key-budget';

export { cascadeWorkflow, batchWorkflow, batchItemWorkflow, agentWorkflow, keyBudgetWorkflow };

// An unexpected exception in our workflow code (a bug, or input that slipped past the checks) fails the workflow
// with the error's type as an ApplicationFailure, instead of failing the workflow task, which Temporal would retry
// forever while the caller waits. Retryable trouble never reaches here: provider errors are activity retries,
// outages are durable waits, and non-determinism still fails only the task (a fixed deploy can resume it).
const failOnAnyError = { failureExceptionTypes: [Error] };
setWorkflowOptions(failOnAnyError, cascadeWorkflow);
setWorkflowOptions(failOnAnyError, batchWorkflow);
setWorkflowOptions(failOnAnyError, batchItemWorkflow);
setWorkflowOptions(failOnAnyError, agentWorkflow);
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
} from './batch/definitions';
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
export {
  cascade,
  defineSchema,
  type CascadeStepOptions,
  type CascadeStepResult,
  type TypedSchema,
} from './cascade/step';
export { jobBudget, JobBudget, type JobBudgetOptions, type JobBudgetView } from './job/budget';
export type {
  CascadeRequestInput,
  CascadePlan,
  ChatMessage,
  JsonObject,
  JsonValue,
  LedgerTotals,
  StepTotals,
} from './definitions';
export {
  sendMessageSignal,
  approveSignal,
  denySignal,
  pauseSignal,
  resumeSignal,
  cancelAgentSignal,
  agentStatusQuery,
  transcriptQuery,
  agentLedgerQuery,
  type AgentSpec,
  type AgentInput,
  type AgentResult,
  type AgentStatus,
  type AgentEnding,
  type AgentLedgerRow,
  type ToolSpec,
  type Turn,
} from './agent/definitions';
