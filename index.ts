/**
 * llm-cascade: tiered, schema-validated, cost-accounted LLM requests as durable Temporal workflows.
 *
 * The root export is deliberately small: the worker's plugin, the clients (cascades, batches, agent jobs), the
 * errors and the core wire types. Everything else is a subpath (package.json `exports`): `llm-cascade/workflow`
 * (code for your workflows), `/client` (the whole client API), `/catalog`, `/encryption`, `/worker`, `/gateway`,
 * `/scoring` and `/testing`.
 */
export { CascadePlugin, type CascadePluginOptions } from './worker/plugin';
export { createCascadeWorker, type CascadeWorkerOptions } from './worker/create-worker';
export {
  runCascade,
  startCascade,
  CascadeError,
  type CascadeClientOptions,
  type CascadeHandle,
} from './client/cascade-client';
export type { CascadeRequest } from './client/prepare';
export type { OutputOf, SchemaInput } from './client/schema-input';
export {
  startBatch,
  runBatch,
  watchBatch,
  type BatchHandle,
  type BatchRequest,
  type BatchProgress,
  type BatchReport,
} from './client/batch-client';
export {
  startAgent,
  runAgent,
  getAgentHandle,
  type AgentDefinition,
  type AgentRequest,
  type AgentHandle,
} from './client/agent-client';
export type { AgentResult } from './workflows/agent/definitions';
export { tool, type AgentTool } from './activities/agent/tools';
export { CascadeConfigError, ConfigErrorCode } from './catalog/errors';
export { EncryptionKeyMismatchError } from './client/unreadable';
export {
  TASK_QUEUE,
  FailureType,
  type AttemptRecord,
  type CascadeResult,
  type ChatMessage,
  type LedgerTotals,
} from './workflows/definitions';
export { loadCatalog } from './catalog/node/load';
export type { Catalog } from './catalog/types';
