import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { failureConverterPath } from '../codec/data-converter';
import { connectWorkerFromEnv } from '../connect/native';
import { TASK_QUEUE } from '../workflows/definitions';
import { workflowBundle } from './bundle';
import { CascadePlugin, type CascadePluginOptions } from './plugin';

export interface CascadeWorkerOptions extends CascadePluginOptions {
  /**
   * Temporal frontend, host:port.
   * @default the environment configuration's (TEMPORAL_ADDRESS, the temporal.toml profile), else 'localhost:7233'
   */
  address?: string;
  /**
   * A profile of Temporal's temporal.toml (address, namespace, API key, TLS client certificate, server CA).
   * @default TEMPORAL_PROFILE, else `default`
   */
  profile?: string;
  /** An existing connection; when given, `address` and `profile` are ignored and the caller closes it. */
  connection?: NativeConnection;
  /** @default the profile's, TEMPORAL_NAMESPACE, else 'default' */
  namespace?: string;
  /** @default 'llm-cascade' */
  taskQueue?: string;
  /** Concurrent model calls per worker. @default 50 */
  maxConcurrentActivityTaskExecutions?: number;
  /**
   * How long a shutdown (SIGTERM, SIGINT, `shutdown()`) waits for in-flight model calls to finish before cancelling
   * them: a call cut short may still be billed by its provider and is sent again by the next worker. The worker stops
   * polling at once; past this time plus 10 s it gives up (`run()` throws).
   * @default {@link DEFAULT_SHUTDOWN_GRACE}
   */
  shutdownGraceTime?: Duration;
}

/** 30 s: most model calls finish within it; an orchestrator's stop timeout must be longer (docs/deploying.md). */
export const DEFAULT_SHUTDOWN_GRACE: Duration = '30 seconds';
/** After the grace time, how long cancelled activities get to report before the worker gives up on them. */
const SHUTDOWN_FORCE_MARGIN_MS = 10_000;

/** A worker that runs llm-cascade's workflows and activities; `close()` also closes a connection it opened. */
export async function createCascadeWorker(options: CascadeWorkerOptions = {}) {
  const own = options.connection
    ? undefined
    : await connectWorkerFromEnv({ address: options.address, namespace: options.namespace, profile: options.profile });
  const connection = options.connection ?? own!.connection;
  const grace = options.shutdownGraceTime ?? DEFAULT_SHUTDOWN_GRACE;
  const plugin = new CascadePlugin(options);
  const encodeFailures = failureConverterPath(options.encryption) !== undefined;
  const worker = await Worker.create({
    connection,
    namespace: options.namespace ?? own?.target.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    // A prebuilt bundle gets no interceptor modules from plugins: a tracing worker's bundle has them built in.
    workflowBundle: await workflowBundle({ encodeFailures, tracing: plugin.tracing !== undefined }),
    plugins: [plugin],
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    shutdownGraceTime: grace,
    shutdownForceTime: msToNumber(grace) + SHUTDOWN_FORCE_MARGIN_MS,
  });
  return {
    worker,
    connection,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await own?.connection.close();
    },
  };
}
