/** Runs a worker from a config file until SIGINT/SIGTERM (`llm-cascade worker`, `npm start`). */
import { loadConfig } from './config';
import { temporalTarget } from './temporal-target';
import { openNativeConnection } from '../connect/native';
import { createCascadeWorker } from '../worker/create-worker';
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
  /** Join the queue even when its workers run another catalog (a rolling deploy). */
  allowMixedCatalogs?: boolean;
}

export async function runWorkerFromConfig(flags: WorkerFlags): Promise<void> {
  const config = loadConfig(flags.config);
  installRuntime({ metricsPort: flags.metricsPort });
  const target = temporalTarget(flags, config);
  const taskQueue = flags.taskQueue ?? config.temporal.taskQueue;
  const connection = await openNativeConnection(target);
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
      connection,
      namespace: target.namespace,
      taskQueue,
      catalog: config.catalog,
      tools: config.tools,
      encryption: config.encryption,
      logContent: config.logContent,
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
