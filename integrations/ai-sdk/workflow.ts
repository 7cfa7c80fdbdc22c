/**
 * `llm-cascade/ai-sdk/workflow`: the AI SDK model for workflow code. Each call is an inline `cascade()` step of the
 * calling workflow (planned on the worker's catalog, attempts as its activities, rows in its `ledger` query, a shared
 * `jobBudget` if given), so `generateText` with tools becomes a durable loop whose steps are cascades. The worker needs
 * `AiSdkWorkflowPlugin` from `llm-cascade/ai-sdk` (Web API polyfills the AI SDK needs in
 * the sandbox). Sandbox-safe: no Node built-ins, no Temporal client.
 */
import type { LanguageModelV3, LanguageModelV4 } from '@ai-sdk/provider';
import { workflowRunner, type WorkflowRunnerOptions } from '../runners/workflow';
import { languageModel, type CascadeModelSettings } from './model';

/** Options of the workflow-side {@link cascadeModel}. */
export type WorkflowCascadeModelOptions = WorkflowRunnerOptions & CascadeModelSettings;

/** The AI SDK model of one task, whose calls are inline cascade steps of the calling workflow. */
export function cascadeModel(
  task: string,
  options: WorkflowCascadeModelOptions & { specificationVersion: 'v3' },
): LanguageModelV3;
export function cascadeModel(task: string, options?: WorkflowCascadeModelOptions): LanguageModelV4;
export function cascadeModel(
  task: string,
  options: WorkflowCascadeModelOptions = {},
): LanguageModelV4 | LanguageModelV3 {
  const { budget, as, searchAttributes, ...settings } = options;
  return languageModel(
    task,
    workflowRunner({
      ...(budget && { budget }),
      ...(as && { as }),
      ...(searchAttributes !== undefined && { searchAttributes }),
    }),
    settings,
  );
}

export { CascadeLanguageModel, PROVIDER, type CascadeModelSettings } from './model';
export { METADATA_KEY } from './result';
export { workflowRunner, type WorkflowRunnerOptions } from '../runners/workflow';
