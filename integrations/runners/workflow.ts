/**
 * Runs an integration's cascades as inline steps of the calling workflow: `cascade()` from `llm-cascade/workflow`
 * (planned on the worker's catalog, attempts as activities of this workflow, rows in its `ledger` query). Sandbox-safe:
 * an AI SDK model built on it is called from workflow code. A failed step throws the `ApplicationFailure` `cascade()`
 * throws (`BudgetExceededError`, `CascadeExhaustedError`, …, with the job's ledger in its details).
 */
import { cascade } from '../../workflows/cascade/step';
import type { JobBudget } from '../../workflows/job/budget';
import type { CascadeRunner, RunnerRequest, RunnerResult } from '../contract/runner';

/** Options of {@link workflowRunner}. */
export interface WorkflowRunnerOptions {
  /** The job's budget, shared with the workflow's other steps (see `jobBudget`). */
  budget?: JobBudget;
  /**
   * `'inline'`: attempts are activities of this workflow. `'child'`: each call is a child `cascadeWorkflow` (its own
   * page in the UI); its rows still join this workflow's ledger.
   * @default 'inline'
   */
  as?: 'inline' | 'child';
  /** Upsert the cost search attributes on this workflow (they must be registered). @default true */
  searchAttributes?: boolean;
}

export function workflowRunner(options: WorkflowRunnerOptions = {}): CascadeRunner {
  return {
    kind: 'workflow',
    async run(request: RunnerRequest): Promise<RunnerResult> {
      return cascade({
        task: request.task,
        schema: { name: request.schemaName, jsonSchema: request.schema },
        messages: request.messages,
        ...(request.step !== undefined && { step: request.step }),
        ...(request.maxCostUsd !== undefined && { maxCostUsd: request.maxCostUsd }),
        ...(request.startTier !== undefined && { startTier: request.startTier }),
        ...(request.metadata && { metadata: request.metadata }),
        ...(options.budget && { budget: options.budget }),
        ...(options.as && { as: options.as }),
        ...(options.searchAttributes !== undefined && { searchAttributes: options.searchAttributes }),
      });
    },
  };
}
