/**
 * `llm-cascade/openai-agents`: cascades as OpenAI Agents SDK models. An agent whose model is `cascade/<task>` gets the
 * worker's tiered routing, validated tool calls (an invalid call is billed and escalates; a tool never runs with
 * arguments that do not validate), budgets and the ledger (`providerData.cascade` of every response).
 *
 * ```ts
 * const provider = cascadeModelProvider({ client });                     // Temporal client (e.g. in @temporalio/openai-agents)
 * const provider = cascadeModelProvider({ gateway: { baseURL: 'http://127.0.0.1:8080/v1' } }); // through `serve`
 * new Runner({ modelProvider: provider }).run(agent, input);             // agent.model: 'cascade/extract'
 * ```
 * `@openai/agents-core` is an optional peer dependency.
 */
import type { Model, ModelProvider } from '@openai/agents-core';
import { runnerOf, type CascadeTransport } from '../runners/transport';
import { CascadeAgentsModel, type CascadeAgentsModelSettings } from './model';

/** A named model: its task and its own settings (over the provider's). */
export interface CascadeModelSpec extends CascadeAgentsModelSettings {
  task: string;
}

/** Options of {@link cascadeModelProvider}. */
export type CascadeModelProviderOptions = CascadeTransport &
  CascadeAgentsModelSettings & {
    /** The task of a model asked for without a name (an agent with no `model`). @default 'default' */
    defaultTask?: string;
    /** Model names with settings of their own, e.g. `{ 'triage-cheap': { task: 'classify', maxCostUsd: 0.002 } }`. */
    models?: Record<string, CascadeModelSpec>;
  };

/** Model names are tasks: `cascade/extract` or `extract`. */
export function taskOfModelName(name: string | undefined, defaultTask: string): string {
  if (!name) return defaultTask;
  return name.startsWith('cascade/') ? name.slice('cascade/'.length) : name;
}

/** A `ModelProvider` whose models are the tasks of the worker's catalog (or the named {@link CascadeModelSpec}s). */
export function cascadeModelProvider(options: CascadeModelProviderOptions): ModelProvider {
  const runner = runnerOf(options);
  const settings: CascadeAgentsModelSettings = {
    ...(options.maxCostUsd !== undefined && { maxCostUsd: options.maxCostUsd }),
    ...(options.startTier !== undefined && { startTier: options.startTier }),
    ...(options.metadata && { metadata: options.metadata }),
    ...(options.idempotencyKey && { idempotencyKey: options.idempotencyKey }),
  };
  return {
    getModel: (name?: string): Model => {
      const named = name === undefined ? undefined : options.models?.[name];
      if (named) {
        const { task, ...own } = named;
        return new CascadeAgentsModel(task, runner, { ...settings, ...own });
      }
      return new CascadeAgentsModel(taskOfModelName(name, options.defaultTask ?? 'default'), runner, settings);
    },
  };
}

export { CascadeAgentsModel, CascadeModelError, type CascadeAgentsModelSettings } from './model';
export type { CascadeRunner, RunnerRequest, RunnerResult } from '../contract/runner';
export type { CascadeTransport } from '../runners/transport';
export { temporalRunner, type TemporalRunnerOptions } from '../runners/temporal';
export { gatewayRunner, GatewayRequestError, type GatewayRunnerOptions } from '../runners/gateway';
