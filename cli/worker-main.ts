/**
 * Runs a worker from a config file until SIGINT/SIGTERM (`llm-cascade worker`, `npm start`), then drains: it stops
 * polling at once, lets in-flight model calls finish for up to the shutdown grace, and exits 0.
 */
import { loadConfig } from './config';
import { temporalTarget } from './temporal-target';
import { openNativeConnection } from '../connect/native';
import { DEFAULT_SHUTDOWN_GRACE, createCascadeWorker } from '../worker/create-worker';
import { startHealthServer } from '../worker/health';
import { workerOptions } from '../worker/config';
import { msToNumber } from '@temporalio/common/lib/time';
import { installRuntime } from '../worker/runtime';
import { hostname } from 'node:os';
import { catalogFingerprint } from '../catalog/node/fingerprint';
import { withCatalog } from '../worker/catalog-identity';
import { checkQueueCatalogs } from '../worker/queue-workers';
import { exitWithParent } from './parent-watch';

export interface WorkerFlags {
  config?: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  profile?: string;
  taskQueue?: string;
  metricsPort?: number;
  /** Interface of the metrics endpoint. @default '127.0.0.1' */
  metricsHost?: string;
  /** Serve `GET /health` (200 while polling, 503 while draining) on this port. */
  healthPort?: number;
  /** Interface of the health endpoint. @default '127.0.0.1' */
  healthHost?: string;
  /** How long a shutdown waits for in-flight model calls, ms. @default 30 000 */
  shutdownGraceMs?: number;
  /** Join the queue even when its workers run another catalog (a rolling deploy). */
  allowMixedCatalogs?: boolean;
}

export async function runWorkerFromConfig(flags: WorkerFlags): Promise<void> {
  const config = loadConfig(flags.config);
  installRuntime({ metricsPort: flags.metricsPort, metricsHost: flags.metricsHost });
  const target = temporalTarget(flags, config);
  const taskQueue = flags.taskQueue ?? config.temporal.taskQueue;
  const log = (line: string) => process.stderr.write(`llm-cascade worker: ${line}\n`);
  const connection = await openNativeConnection(target);
  let health: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  try {
    // One catalog per task queue: checked before this worker polls (and before its workflow bundle is built).
    const fingerprint = catalogFingerprint(config.catalog);
    const ours = { identity: withCatalog(`${process.pid}@${hostname()}`, fingerprint), catalog: fingerprint };
    if (!flags.allowMixedCatalogs) {
      await checkQueueCatalogs({
        service: connection.workflowService,
        namespace: target.namespace,
        taskQueue,
        ours,
        log,
      });
    } else {
      log(
        `--allow-mixed-catalogs: joining task queue "${taskQueue}" with catalog ${fingerprint} whatever its workers run`,
      );
    }
    const graceMs = flags.shutdownGraceMs ?? msToNumber(DEFAULT_SHUTDOWN_GRACE);
    const { worker } = await createCascadeWorker({
      ...workerOptions(config),
      connection,
      namespace: target.namespace,
      taskQueue,
      shutdownGraceTime: graceMs,
    });
    health =
      flags.healthPort === undefined
        ? undefined
        : await startHealthServer({
            host: flags.healthHost,
            port: flags.healthPort,
            state: () => worker.getState(),
            inFlight: () => worker.getStatus().numInFlightActivities,
          });
    const draining = (signal: string) =>
      log(
        `${signal}: draining — polling stopped; waiting up to ${Math.round(graceMs / 1000)} s for ` +
          `${worker.getStatus().numInFlightActivities} in-flight activities`,
      );
    process.once('SIGTERM', () => draining('SIGTERM'));
    process.once('SIGINT', () => draining('SIGINT'));
    // Worker.run() returns after SIGINT/SIGTERM (the SDK's shutdown signals: it stops polling, waits up to the grace
    // time for in-flight activities, then cancels what is left), once every task has drained.
    await worker.run();
    log('drained: every in-flight task finished or was handed back; exiting');
  } finally {
    await health?.close();
    await connection.close();
  }
}

if (require.main === module) {
  exitWithParent({ log: (line) => process.stderr.write(`${line}\n`) });
  runWorkerFromConfig({ config: process.argv[2] }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
