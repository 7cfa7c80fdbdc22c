/**
 * The benchmark's own Temporal: a headless dev server started for this run, a client, and workers created in
 * this process (the "in-process worker" of the issue), with the tuning under test made explicit.
 */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Catalog } from '../../catalog/types';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';

/**
 * Server-side switches the tuned configuration relies on. Both are off in a stock Temporal server; both are
 * documented server features (eager workflow start, eager activity dispatch), not benchmark tricks.
 */
export const EAGER_DYNAMIC_CONFIG = [
  'system.enableEagerWorkflowStart=true',
  'system.enableActivityEagerExecution=true',
  ...(process.env.BENCH_EXTRA_DC ?? '').split(',').filter(Boolean),
];

export interface TemporalEnv {
  server: DevServer;
  native: NativeConnection;
  /** A client over a gRPC-js connection: what `runCascade` users have by default. */
  client: Client;
  /** A client over the worker's NativeConnection that asks for eager workflow start on every start. */
  eagerClient: Client;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Keeps the SDK's INFO and WARN lines (worker state, per-attempt logs, scripted activity failures) out of the tables. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

/** Starts a headless dev server with llm-cascade's search attributes and the eager-execution switches on. */
export async function startTemporal(log: (line: string) => void): Promise<TemporalEnv> {
  quietRuntime();
  const extraArgs = EAGER_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]);
  const server = await startDevServer({ uiPort: false, extraArgs, log });
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  const eager: WorkflowClientInterceptor = {
    start: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
  };
  return {
    server,
    native,
    client: new Client({ connection }),
    eagerClient: new Client({ connection: native, interceptors: { workflow: [eager] } }),
    async close() {
      await Promise.allSettled([connection.close(), native.close()]);
      await server.stop();
    },
  };
}

/** Worker settings varied by the overhead benchmark; everything else is the SDK's default. */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'nonStickyToStickyPollRatio'
  | 'maxEagerActivityReservationsPerWorkflowTask'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
  | 'maxConcurrentActivityTaskExecutions'
  | 'debugMode'
  | 'interceptors'
>;

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** Runs `worker` until `stop()`. */
export function runWorker(worker: Worker): RunningWorker {
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/** A worker with llm-cascade's bundle and plugin, as `createCascadeWorker` builds it (50 activity slots). */
export async function startCascadeWorker(
  env: Pick<TemporalEnv, 'native'>,
  catalog: Catalog,
  taskQueue: string,
  tuning: WorkerTuning = {},
): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: env.native,
    taskQueue,
    workflowBundle: await workflowBundle(),
    plugins: [new CascadePlugin({ catalog, cooldown: { failureThreshold: Number.MAX_SAFE_INTEGER } })],
    maxConcurrentActivityTaskExecutions: 50,
    ...tuning,
  });
  return runWorker(worker);
}
