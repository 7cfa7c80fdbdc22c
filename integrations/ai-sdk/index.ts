/**
 * `llm-cascade/ai-sdk`: a cascade as a Vercel AI SDK model. Every `generateText`/`generateObject`/`streamText`/
 * `streamObject` call made with it is one whole cascade on the worker's catalog: the call's schema is the cascade's,
 * tools become a validated tool-call contract (an invalid call is billed and escalates), usage is the sum over every
 * attempt, and the ledger, cost, tier path and workflow id come back in `providerMetadata.cascade`.
 *
 * ```ts
 * const model = cascadeModel('extract', { client });                                   // through a Temporal client
 * const model = cascadeModel('extract', { gateway: { baseURL: 'http://127.0.0.1:8080/v1' } }); // through `serve`
 * ```
 * In workflow code, import `cascadeModel` from `llm-cascade/ai-sdk/workflow` instead (inline `cascade()` steps), and
 * register {@link AiSdkWorkflowPlugin} on the worker. `ai` and `@ai-sdk/provider` are optional peer dependencies.
 */
import type { LanguageModelV3, LanguageModelV4 } from '@ai-sdk/provider';
import { runnerOf, type CascadeTransport } from '../runners/transport';
import { languageModel, type CascadeModelSettings } from './model';

/** Options of {@link cascadeModel}: the transport plus the per-call settings. */
export type CascadeModelOptions = CascadeTransport & CascadeModelSettings;

/**
 * The AI SDK model of one task of the worker's catalog (`modelId` `cascade/<task>`).
 * @param task - a route of the worker's catalog, e.g. `'extract'`
 */
export function cascadeModel(
  task: string,
  options: CascadeModelOptions & { specificationVersion: 'v3' },
): LanguageModelV3;
export function cascadeModel(task: string, options: CascadeModelOptions): LanguageModelV4;
export function cascadeModel(task: string, options: CascadeModelOptions): LanguageModelV4 | LanguageModelV3 {
  return languageModel(task, runnerOf(options), settingsOf(options));
}

/** An AI SDK provider: `createCascade({ client })('extract')`, or `.languageModel('cascade/extract')` for registries. */
export interface CascadeProvider {
  (task: string, settings?: CascadeModelSettings): LanguageModelV4;
  languageModel(modelId: string): LanguageModelV4;
}

export function createCascade(options: CascadeModelOptions): CascadeProvider {
  const runner = runnerOf(options);
  const defaults = settingsOf(options);
  const model = (task: string, settings: CascadeModelSettings = {}) =>
    languageModel(task, runner, { ...defaults, ...settings, specificationVersion: 'v4' }) as LanguageModelV4;
  return Object.assign(model, {
    languageModel: (modelId: string) =>
      model(modelId.startsWith('cascade/') ? modelId.slice('cascade/'.length) : modelId),
  });
}

function settingsOf(options: CascadeModelOptions): CascadeModelSettings {
  return {
    ...(options.maxCostUsd !== undefined && { maxCostUsd: options.maxCostUsd }),
    ...(options.startTier !== undefined && { startTier: options.startTier }),
    ...(options.metadata && { metadata: options.metadata }),
    ...(options.specificationVersion && { specificationVersion: options.specificationVersion }),
  };
}

export { CascadeLanguageModel, PROVIDER, type CascadeModelSettings } from './model';
export { METADATA_KEY } from './result';
export { AiSdkWorkflowPlugin } from './plugin';
export type { CascadeRunner, RunnerRequest, RunnerResult } from '../contract/runner';
export type { CascadeTransport } from '../runners/transport';
export { temporalRunner, type TemporalRunnerOptions } from '../runners/temporal';
export { gatewayRunner, GatewayRequestError, type GatewayRunnerOptions } from '../runners/gateway';
