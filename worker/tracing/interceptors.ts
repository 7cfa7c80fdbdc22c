/**
 * What a tracing worker adds to the plugin: Temporal's OpenTelemetry interceptors (client, workflow, activity) with
 * our tracer, the workflow modules that make the sandbox's spans (Temporal's, then our cascade span), our attempt
 * spans, and the sink that exports the sandbox's spans through the worker's pipeline.
 */
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSink } from '@temporalio/worker';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { attemptSpanInterceptor } from './activity-interceptor';
import type { Tracing } from './sdk';

export interface TracingParts {
  /** For the clients the worker makes and for `new Client({ plugins: [plugin] })`: the `StartWorkflow` spans. */
  clientInterceptors: WorkflowClientInterceptor[];
  /** Bundled in this order, after the plugin's own: Temporal's spans, then the cascade span inside them. */
  workflowModules: string[];
  /** Temporal's `RunActivity` span outside, our attempt span inside it. */
  activity: ActivityInterceptorsFactory[];
  /** The sink the sandbox's span exporter calls (not called on replay). */
  sinks: { exporter: InjectedSink<TemporalOtel.OpenTelemetryWorkflowExporter> };
}

/** The sandbox modules of a tracing worker, for a bundle built before any worker exists (worker/bundle.ts). */
export function tracingWorkflowModules(): string[] {
  return [
    require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
    require.resolve('../../workflows/tracing/interceptors'),
  ];
}

/** Temporal's OpenTelemetry interceptors, required only once tracing is on. */
function temporalOtel(): typeof TemporalOtel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@temporalio/interceptors-opentelemetry') as typeof TemporalOtel;
}

/** The `StartWorkflow` spans of a client: all a tracing client needs (the CLI's and the gateway's, cli/client.ts). */
export function tracingClientInterceptors(tracing: Tracing): WorkflowClientInterceptor[] {
  return [new (temporalOtel().OpenTelemetryWorkflowClientInterceptor)({ tracer: tracing.tracer })];
}

export function tracingParts(tracing: Tracing, logContent: boolean): TracingParts {
  const otel = temporalOtel();
  const options = { tracer: tracing.tracer };
  return {
    clientInterceptors: tracingClientInterceptors(tracing),
    workflowModules: tracingWorkflowModules(),
    activity: [
      (context) => ({
        inbound: new otel.OpenTelemetryActivityInboundInterceptor(context, options),
        outbound: new otel.OpenTelemetryActivityOutboundInterceptor(context),
      }),
      attemptSpanInterceptor(tracing, logContent),
    ],
    sinks: { exporter: otel.makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
