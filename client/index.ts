/**
 * `llm-cascade/client`: everything an app that only starts cascades, batches and agent jobs needs (a web server
 * calling `runCascade`), and nothing that loads `@temporalio/worker`: such an app installs no worker, and bundlers
 * (webpack, swc, esbuild) never meet the worker's native module. test/integration/client-only-install.test.ts
 * installs the packed package into an app without the worker and runs a cascade through this entry point.
 */
export { connectFromEnv, type ConnectFromEnvOptions, type ConnectedClient } from '../connect/client';
export type { TemporalTarget, TlsSettings, PemSource } from '../connect/target';
export {
  runCascade,
  startCascade,
  CascadeError,
  type CascadeClientOptions,
  type CascadeHandle,
  type OutputOf,
} from './cascade-client';
export { prepareCascade, type CascadeRequest, type SchemaInput } from './prepare';
export type { JsonSchemaObject, StandardSchemaV1 } from './schema-input';
export {
  startBatch,
  runBatch,
  watchBatch,
  type BatchHandle,
  type BatchRequest,
  type BatchProgress,
  type BatchReport,
} from './batch-client';
export {
  startAgent,
  runAgent,
  getAgentHandle,
  agentFromConfig,
  type AgentDefinition,
  type AgentRequest,
  type AgentHandle,
  type AgentClientOptions,
} from './agent-client';
export { EncryptionKeyMismatchError } from './unreadable';
export { cascadeDataConverter } from '../codec/data-converter';
export type { EncryptionOptions, EncryptionKeySpec } from '../codec/keys';
export { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
export { TASK_QUEUE, type CascadeResult, type AttemptRecord, type LedgerTotals } from '../workflows/definitions';
