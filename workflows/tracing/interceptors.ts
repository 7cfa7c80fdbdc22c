/**
 * Workflow interceptor module of a tracing worker (bundled into the sandbox after Temporal's OpenTelemetry
 * interceptors, only when tracing is on): one `cascade <task>` span per cascade, parent of its attempts'
 * `StartActivity:callModel` spans, carrying the cascade's outcome, totals and path. A cascade workflow's span is the
 * child of Temporal's `RunWorkflow:cascadeWorkflow`; an inline cascade's (a job's step, a batch item) is the child of
 * whatever span is active where it runs, through the hook of step-spans.ts. Spans make no commands, and the sandbox's
 * exporter sink is not called on replay, so histories replay the same with tracing on or off
 * (test/replay/replay.test.ts replays them with it on).
 */
import * as otel from '@opentelemetry/api';
import {
  ApplicationFailure,
  ContinueAsNew,
  workflowInfo,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import type { CascadeResult } from '../definitions/ledger';
import { cascadeFailureAttributes, cascadeResultAttributes, cascadeSpanName } from './attributes';
import { setStepSpanner } from './step-spans';

/** Workflows that are one cascade each (a job's inline steps get theirs from `cascade()`, through step-spans.ts). */
const CASCADE_WORKFLOWS: ReadonlySet<string> = new Set(['cascadeWorkflow']);

/** Runs a cascade inside its span: the result's totals or the failure's type on the span, which ends with it. */
function inCascadeSpan<R extends CascadeResult>(
  task: string | undefined,
  attributes: Record<string, string>,
  run: () => Promise<R>,
): Promise<R> {
  // The isolate's tracer provider is the one Temporal's interceptors registered (it exports through a sink).
  const tracer = otel.trace.getTracer('llm-cascade');
  const all = { ...attributes, ...(task !== undefined && { 'llm_cascade.task': task }) };
  return tracer.startActiveSpan(cascadeSpanName(task), { attributes: all }, async (span) => {
    try {
      const result = await run();
      span.setAttributes(cascadeResultAttributes(result));
      return result;
    } catch (error) {
      if (!(error instanceof ContinueAsNew)) {
        const type = error instanceof ApplicationFailure ? (error.type ?? undefined) : (error as Error)?.name;
        span.setAttributes(cascadeFailureAttributes(type));
        span.setStatus({ code: otel.SpanStatusCode.ERROR, message: type });
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  setStepSpanner(inCascadeSpan);
  return {
    inbound: [
      {
        async execute(input, next) {
          const info = workflowInfo();
          if (!CASCADE_WORKFLOWS.has(info.workflowType)) return next(input);
          const task = (input.args[0] as { task?: unknown } | undefined)?.task;
          return inCascadeSpan(
            typeof task === 'string' ? task : undefined,
            { 'llm_cascade.workflow_id': info.workflowId },
            () => next(input) as Promise<CascadeResult>,
          );
        },
      },
    ],
  };
};
