/**
 * `llm-cascade/worker`: what a worker process needs besides the plugin: the options it is built from (each option
 * documented once), the interfaces of the options that are code, the runtime (JSON logs, Prometheus), the prebuilt
 * workflow bundle, and secret scrubbing.
 */
export { CascadePlugin, type CascadePluginOptions } from '../worker/plugin';
export { createCascadeWorker, type CascadeWorkerOptions } from '../worker/create-worker';
export { connectWorkerFromEnv } from '../connect/native';
export type { ActivityOptions } from '../activities/options';
export { tool, type AgentTool, type ToolContext, type ToolOptions } from '../activities/agent/tools';
export type { ResultSink } from '../activities/batch/sink';
export type { CheckFunction } from '../activities/checks';
export type { ClaimCheckOptions, ClaimCheckStore } from '../activities/claim-check/store';
export type { BlobStore, BlobStoreOptions, BlobStoreSetting } from '../blobs/store';
export { MediaStore } from '../blobs/media';
export { openBlobStore } from '../blobs';
export { storeMedia, mediaStoring, MediaInputError, type MediaOptions, type MediaSource } from '../blobs/media-input';
export type { MediaPart, MediaPricing, ImageRule } from '../catalog/media';
export type { CooldownOptions } from '../activities/cascade/cooldown';
export type { CandidateStatsOptions } from '../activities/cascade/candidate-stats';
export { installRuntime, type RuntimeOptions } from '../worker/runtime';
export { WORKFLOWS_PATH, workflowBundle } from '../worker/bundle';
export { redactSecrets, registerSecret } from '../catalog/redact';
