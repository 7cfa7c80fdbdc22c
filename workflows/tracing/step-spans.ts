/**
 * The span of an inline cascade (a job's `cascade()` step, a batch's item), made only by tracing workers. The
 * OpenTelemetry API is bundled into the sandbox only when tracing is on, so the step code cannot import it: the
 * tracing interceptor module (interceptors.ts) registers a spanner here when it is loaded, and without one a step
 * runs as it is. A span issues no commands, so the hook never changes a workflow's command sequence.
 */
import type { CascadeResult } from '../definitions/ledger';

/** Runs `run` inside a `cascade <task>` span with these attributes; the span ends with its result or failure. */
export type StepSpanner = <R extends CascadeResult>(
  task: string,
  attributes: Record<string, string>,
  run: () => Promise<R>,
) => Promise<R>;

let spanner: StepSpanner | undefined;

/** Called by the tracing interceptor module of a tracing worker's bundle. */
export function setStepSpanner(next: StepSpanner): void {
  spanner = next;
}

/** An inline cascade, in its own span when the worker traces. */
export function inStepSpan<R extends CascadeResult>(
  task: string,
  attributes: Record<string, string>,
  run: () => Promise<R>,
): Promise<R> {
  return spanner ? spanner(task, attributes, run) : run();
}
