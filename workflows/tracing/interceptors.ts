/**
 * Workflow interceptor module of a tracing worker (bundled into the sandbox after Temporal's OpenTelemetry
 * interceptors, only when tracing is on): one `cascade <task>` span per cascade workflow, child of Temporal's
 * `RunWorkflow:cascadeWorkflow` and parent of its `StartActivity:callModel` spans, carrying the cascade's outcome,
 * totals and path. Spans make no commands, and the sandbox's exporter sink is not called on replay, so histories
 * replay the same with tracing on or off (test/replay/replay.test.ts replays them with it on).
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

/** Workflows that are one cascade each (a job's inline steps are traced by their attempts). */
const CASCADE_WORKFLOWS: ReadonlySet<string> = new Set(['cascadeWorkflow']);

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        const info = workflowInfo();
        if (!CASCADE_WORKFLOWS.has(info.workflowType)) return next(input);
        const task = (input.args[0] as { task?: unknown } | undefined)?.task;
        const attributes = {
          'llm_cascade.workflow_id': info.workflowId,
          ...(typeof task === 'string' && { 'llm_cascade.task': task }),
        };
        // The isolate's tracer provider is the one Temporal's interceptors registered (it exports through a sink).
        const tracer = otel.trace.getTracer('llm-cascade');
        const name = cascadeSpanName(typeof task === 'string' ? task : undefined);
        return tracer.startActiveSpan(name, { attributes }, async (span) => {
          try {
            const result = (await next(input)) as CascadeResult;
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
      },
    },
  ],
});
