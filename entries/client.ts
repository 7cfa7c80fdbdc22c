/**
 * `llm-cascade/client`: the whole client API (the root export carries its core): starting, running and watching
 * cascades, batches and agent jobs, their options and handles, preparing requests the way the worker will, and
 * connecting the way Temporal's tools do (`connectFromEnv`: temporal.toml profiles, TEMPORAL_* variables, mTLS). Loads
 * nothing of `@temporalio/worker` (a lint rule keeps it so): an app that only starts cascades installs no worker, and
 * test/integration/package-install.test.ts runs a cascade through this entry in an app installed without one.
 */
export { connectFromEnv, type ConnectFromEnvOptions, type ConnectedClient } from '../connect/client';
export type { PemSource, TemporalTarget, TlsSettings } from '../connect/target';
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
export { prepareCascade, toCascadeRequestInput, type CascadeRequest, type CatalogExpectation } from '../client/prepare';
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
