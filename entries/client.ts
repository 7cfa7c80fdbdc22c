/**
 * `llm-cascade/client`: the whole client API (the root export carries its core): starting, running and watching
 * cascades, batches and agent jobs, their options and handles, and preparing requests the way the worker will.
 */
export {
  CascadeError,
  DEFAULT_CASCADE_TIMEOUT,
  runCascade,
  startCascade,
  toCascadeError,
  type CascadeClientOptions,
  type CascadeErrorOptions,
  type CascadeHandle,
} from '../client/cascade-client';
export {
  prepareCascade,
  toCascadeRequestInput,
  type CascadeRequest,
  type CatalogExpectation,
} from '../client/prepare';
export type { JsonSchemaObject, OutputOf, SchemaInput, StandardSchemaV1 } from '../client/schema-input';
export {
  DEFAULT_BATCH_TIMEOUT,
  prepareBatch,
  runBatch,
  startBatch,
  watchBatch,
  type BatchClientOptions,
  type BatchHandle,
  type BatchOutputs,
  type BatchProgress,
  type BatchReport,
  type BatchRequest,
  type BatchSource,
  type RunBatchOptions,
  type WatchOptions,
} from '../client/batch-client';
export {
  agentFromConfig,
  getAgentHandle,
  prepareAgent,
  runAgent,
  startAgent,
  type AgentClientOptions,
  type AgentDefinition,
  type AgentHandle,
  type AgentRequest,
} from '../client/agent-client';
export type {
  AgentEnding,
  AgentLedgerRow,
  AgentResult,
  AgentSpec,
  AgentStatus,
  ToolSpec,
  Turn,
} from '../workflows/agent/definitions';
export { EncryptionKeyMismatchError } from '../client/unreadable';
export {
  CASCADE_FAILURE_TYPE,
  FailureType,
  TASK_QUEUE,
  type AttemptOutcome,
  type AttemptRecord,
  type CascadeFailureDetails,
  type CascadeFailureKind,
  type CascadeRequestInput,
  type CascadeResult,
  type ChatMessage,
  type LedgerTotals,
  type RequestMetadata,
  type RequestOptions,
  type StepTotals,
} from '../workflows/definitions';
