/**
 * Sandbox-safe entry (`llm-cascade/workflow`): what your own workflow code calls — `cascade()` steps, typed schemas,
 * job budgets — and the workflows, queries and signals you may start, query or signal from it. Nothing here imports
 * activities, Node built-ins or heavy libraries.
 *
 * You do not re-export llm-cascade's workflows from your workflows module: `CascadePlugin` adds them all to the
 * bundle your worker builds (workflows/registered.ts).
 */
import { setWorkflowOptions } from '@temporalio/workflow';
import { batchWorkflow } from './batch/workflow';
import { cascadeWorkflow } from './cascade/workflow';
import { agentWorkflow } from './agent/workflow';

export { cascadeWorkflow, batchWorkflow, agentWorkflow };

// An unexpected exception in our workflow code (a bug, or input that slipped past the checks) fails the workflow
// with the error's type as an ApplicationFailure, instead of failing the workflow task, which Temporal would retry
// forever while the caller waits. Retryable trouble never reaches here: provider errors are activity retries,
// outages are durable waits, and non-determinism still fails only the task (a fixed deploy can resume it).
export const FAIL_ON_ANY_ERROR = { failureExceptionTypes: [Error] };
setWorkflowOptions(FAIL_ON_ANY_ERROR, cascadeWorkflow);
setWorkflowOptions(FAIL_ON_ANY_ERROR, batchWorkflow);
setWorkflowOptions(FAIL_ON_ANY_ERROR, agentWorkflow);

export {
  cascade,
  defineSchema,
  type CascadeStepOptions,
  type CascadeStepResult,
  type TypedSchema,
} from './cascade/step';
export { jobBudget, JobBudget, type JobBudgetOptions, type JobBudgetView } from './job/budget';
export {
  TASK_QUEUE,
  FailureType,
  ledgerQuery,
  type AttemptOutcome,
  type AttemptRecord,
  type CascadeFailureDetails,
  type CascadeRequestInput,
  type CascadeResult,
  type ChatMessage,
  type JsonObject,
  type JsonValue,
  type LedgerTotals,
  type RequestOptions,
  type StepTotals,
} from './definitions';
export { pauseSignal, resumeSignal, cancelSignal } from './definitions/control';
export {
  batchProgressQuery,
  type BatchInput,
  type BatchOutputs,
  type BatchProgress,
  type BatchReport,
  type BatchSource,
} from './batch/definitions';
export {
  sendMessageSignal,
  approveSignal,
  denySignal,
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
