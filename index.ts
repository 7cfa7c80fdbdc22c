/**
 * llm-cascade: tiered, schema-validated, cost-accounted LLM requests as durable Temporal workflows.
 *
 * Worker side: {@link CascadePlugin} (or {@link createCascadeWorker}). Client side: {@link runCascade},
 * {@link startCascade}. Workflow code: import from `llm-cascade/workflow`.
 */
export { CascadePlugin, type CascadePluginOptions } from './worker/plugin';
export { createCascadeWorker, type CascadeWorkerOptions } from './worker/create-worker';
export { connectFromEnv, type ConnectFromEnvOptions, type ConnectedClient } from './connect/client';
export { connectWorkerFromEnv } from './connect/native';
export type { TemporalTarget, TlsSettings, PemSource } from './connect/target';
export { loadConfig, type CascadeConfig } from './cli/config';
export { installRuntime, type RuntimeOptions } from './worker/runtime';
export {
  runCascade,
  startCascade,
  CascadeError,
  type CascadeClientOptions,
  type CascadeHandle,
  type OutputOf,
} from './client/cascade-client';
export { prepareCascade, type CascadeRequest, type SchemaInput } from './client/prepare';
export type { JsonSchemaObject, StandardSchemaV1 } from './client/schema-input';
export {
  startBatch,
  runBatch,
  watchBatch,
  type BatchHandle,
  type BatchRequest,
  type BatchProgress,
  type BatchReport,
} from './client/batch-client';
export type { ResultSink } from './activities/batch/sink';
export { scoreResults, valueCorrect, LABEL_FIELD, type Label, type ResultLine, type Score } from './inputs/score';
export { readLabels, readResultLines } from './inputs/labels';
export { tool, type AgentTool, type ToolContext, type ToolOptions } from './activities/agent/tools';
export {
  startAgent,
  runAgent,
  getAgentHandle,
  prepareAgent,
  agentFromConfig,
  type AgentDefinition,
  type AgentRequest,
  type AgentHandle,
  type AgentClientOptions,
} from './client/agent-client';
export type {
  AgentSpec,
  AgentResult,
  AgentStatus,
  AgentEnding,
  AgentLedgerRow,
  ToolSpec,
  Turn,
} from './workflows/agent/definitions';
export { loadCatalog, defaultCatalog } from './catalog/node/load';
export { costMicroUsd, worstCaseMicroUsd, priceAt, microToUsd } from './catalog/pricing';
export { CascadeConfigError, ConfigErrorCode } from './catalog/errors';
export { startDevServer, type DevServer, type DevServerOptions } from './server/dev-server';
export type * from './catalog/types';
export {
  TASK_QUEUE,
  FailureType,
  type AttemptRecord,
  type AttemptOutcome,
  type CascadeInput,
  type CascadeResult,
  type LedgerTotals,
  type ChatMessage,
  type RequestMetadata,
} from './workflows/definitions';
export {
  cascadeDataConverter,
  EncryptionCodec,
  EncryptionKeyError,
  ENCRYPTION_MISMATCH_TYPE,
  startCodecServer,
  type EncryptionOptions,
  type EncryptionKeySpec,
  type CodecServer,
  type CodecServerOptions,
} from './codec';
export { redactSecrets, registerSecret } from './catalog/redact';
export { EncryptionKeyMismatchError } from './client/unreadable';
