/**
 * The OpenTelemetry SDK of a tracing worker: a tracer whose spans are batched to an OTLP/HTTP endpoint (JSON or protobuf), and the
 * process-wide context manager and W3C propagator Temporal's interceptors need to carry a trace from the client
 * through the workflow into each activity. Every OpenTelemetry package is required here, lazily: a worker that
 * does not trace never loads them, and a user who does not trace need not install them (optional peers).
 */
import type * as OtelApi from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as OtelCore from '@opentelemetry/core';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelResources from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { OtlpProtocol, ResolvedTelemetry } from './config';

/** The packages a tracing worker needs, optional peer dependencies of llm-cascade (exact versions: README). */
export const TRACING_PACKAGES = [
  '@temporalio/interceptors-opentelemetry',
  '@opentelemetry/api',
  '@opentelemetry/core',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace-base',
] as const;

/** The OTLP exporter package of each encoding: only the chosen one need be installed. */
export const EXPORTER_PACKAGES: Record<OtlpProtocol, string> = {
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
};

/** Instrumentation scope of llm-cascade's own spans. */
export const TRACER_NAME = 'llm-cascade';

/** A running tracer and what Temporal's plugin needs to export workflow spans through the same pipeline. */
export interface Tracing {
  settings: ResolvedTelemetry;
  tracer: OtelApi.Tracer;
  api: typeof OtelApi;
  spanProcessor: TraceBase.SpanProcessor;
  resource: OtelResources.Resource;
  /** Sends every span ended so far. */
  flush(): Promise<void>;
  /** Flushes, then stops exporting. */
  shutdown(): Promise<void>;
}

/** Starts the SDK for one worker's settings; throws naming the packages to install when they are missing. */
export function startTracing(settings: ResolvedTelemetry): Tracing {
  const exporterPackage = EXPORTER_PACKAGES[settings.protocol];
  requireTracingPackages([...TRACING_PACKAGES, exporterPackage]);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const api = require('@opentelemetry/api') as typeof OtelApi;
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof OtelCore;
  // Both exporters have the same constructor and options; they differ in the body's encoding only.
  const { OTLPTraceExporter } = require(exporterPackage) as typeof OtlpHttp;
  const { Resource } = require('@opentelemetry/resources') as typeof OtelResources;
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const resource = new Resource({ 'service.name': settings.serviceName });
  const exporter = new OTLPTraceExporter({ url: settings.url, headers: settings.headers });
  const spanProcessor = new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Process-wide, and kept when the application registered its own (an OpenTelemetry NodeSDK): without a context
  // manager an activity's span is not the parent of the spans made inside it, without a propagator no trace crosses
  // from the client to the workflow. Our tracer is passed to the interceptors, never registered as the global one.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  if (!api.context.setGlobalContextManager(contextManager)) contextManager.disable();
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    settings,
    tracer: provider.getTracer(TRACER_NAME),
    api,
    spanProcessor,
    resource,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** Fails with the one npm command that fixes it when a tracing package is not installed. */
function requireTracingPackages(packages: readonly string[]): void {
  const missing = packages.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidConfig,
    message:
      `telemetry is on (the config's "telemetry" section or OTEL_TRACES_EXPORTER=otlp), but ${missing.join(', ')} ` +
      `${missing.length === 1 ? 'is' : 'are'} not installed: npm install ${missing.join(' ')} ` +
      '(versions: the README\'s "Dependencies" section), or turn telemetry off',
  });
}
