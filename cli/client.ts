/**
 * The one place the command line builds a Temporal client. Every command's client (runs, batches, agent jobs,
 * reports, tuning, the gateway) takes the config's `encryption`, so whatever it sends (workflow inputs, signals,
 * updates, query arguments) is encrypted and whatever it reads is decrypted with the worker's keys; and, when the
 * config's `telemetry` section or `OTEL_TRACES_EXPORTER=otlp` turns tracing on, Temporal's OpenTelemetry client
 * interceptor, so a trace starts at the CLI's (or the gateway's) `StartWorkflow` span as it does for a library client
 * given the plugin. test/unit/cli-client.test.ts checks that no other CLI module constructs a `Client`.
 */
import { Client, type ConnectionLike, type WorkflowClientInterceptor } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { cascadeDataConverter } from '../codec/data-converter';
import { resolveTelemetry } from '../worker/tracing/config';
import { tracingClientInterceptors } from '../worker/tracing/interceptors';
import { startTracing, type Tracing } from '../worker/tracing/sdk';
import type { CascadeConfig } from './config';
import { openConnection } from '../connect/client';
import { temporalTarget, type TemporalFlags } from './temporal-target';

/**
 * Asks for eager workflow start on every start: the server hands the new workflow's first task back in the start
 * response to a worker on the same connection (the in-process one), skipping a dispatch through the task queue. A
 * server that does not start eagerly (switch off, no local worker slot) starts the workflow as usual.
 */
export const eagerStart: WorkflowClientInterceptor = {
  start: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
};

/**
 * A client on `connection` with the config's encryption (and client spans when tracing is on). `eager`: starts ask
 * for eager workflow start; only useful on the connection of a worker in this process (its NativeConnection).
 */
export function cliClient(
  connection: ConnectionLike,
  namespace: string,
  config: Pick<CascadeConfig, 'encryption'> & { worker?: Pick<CascadeConfig['worker'], 'telemetry'> },
  options: { eager?: boolean } = {},
): Client {
  const tracing = cliTracing(config.worker?.telemetry);
  const workflow = [...(options.eager ? [eagerStart] : []), ...(tracing ? tracingClientInterceptors(tracing) : [])];
  return new Client({
    connection,
    namespace,
    dataConverter: cascadeDataConverter(config.encryption),
    ...(workflow.length && { interceptors: { workflow } }),
  });
}

/** The process's tracer for its clients, started by the first client whose config or environment turns tracing on. */
let clientTracing: Tracing | undefined;

function cliTracing(telemetry: CascadeConfig['worker']['telemetry']): Tracing | undefined {
  if (clientTracing) return clientTracing;
  const settings = resolveTelemetry(telemetry, process.env);
  if (settings) clientTracing = startTracing(settings);
  return clientTracing;
}

/** Sends the client spans not yet exported (a command's last `StartWorkflow`), before the process exits. */
export async function flushClientSpans(): Promise<void> {
  await clientTracing?.flush().catch(() => undefined);
}

/** A client of the cluster the flags, config or environment name (no worker: steering a job needs none). */
export async function openClient(
  config: CascadeConfig,
  flags: TemporalFlags,
): Promise<{ client: Client; close(): Promise<void> }> {
  const target = temporalTarget(flags, config);
  if (!target.address) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: 'which Temporal? give --address, temporal.address in the config, TEMPORAL_ADDRESS or a profile',
    });
  }
  const connection = await openConnection(target);
  const client = cliClient(connection, target.namespace, config);
  return {
    client,
    async close() {
      await flushClientSpans();
      await connection.close();
    },
  };
}
