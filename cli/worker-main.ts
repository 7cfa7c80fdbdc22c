/** Runs a worker from a config file until SIGINT/SIGTERM (`llm-cascade worker`, `npm start`). */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from './config';
import { DEFAULT_ADDRESS, connectOptions, temporalTarget } from './temporal-target';
import { createCascadeWorker } from '../worker/create-worker';
import { workerOptions } from '../worker/config';
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
  taskQueue?: string;
  metricsPort?: number;
  /** Join the queue even when its workers run another catalog (a rolling deploy). */
  allowMixedCatalogs?: boolean;
}

export async function runWorkerFromConfig(flags: WorkerFlags): Promise<void> {
  const config = loadConfig(flags.config);
  installRuntime({ metricsPort: flags.metricsPort });
  const target = temporalTarget(flags, config);
  const taskQueue = flags.taskQueue ?? config.temporal.taskQueue;
  const connection = await NativeConnection.connect(connectOptions(target.address ?? DEFAULT_ADDRESS, target.apiKey));
  try {
    // One catalog per task queue: checked before this worker polls (and before its workflow bundle is built).
    const fingerprint = catalogFingerprint(config.catalog);
    const ours = { identity: withCatalog(`${process.pid}@${hostname()}`, fingerprint), catalog: fingerprint };
    const log = (line: string) => process.stderr.write(`llm-cascade worker: ${line}\n`);
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
    const { worker } = await createCascadeWorker({
      ...workerOptions(config),
      connection,
      namespace: target.namespace,
      taskQueue,
    });
    // Worker.run() returns after SIGINT/SIGTERM (the SDK's default shutdown signals), once in-flight tasks drain.
    await worker.run();
  } finally {
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
