/** Runs a worker from a config file until SIGINT/SIGTERM (`llm-cascade worker`, `npm start`). */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from './config';
import { createCascadeWorker } from './create-worker';
import { installRuntime } from './runtime';

export interface WorkerFlags {
  config?: string;
  address?: string;
  namespace?: string;
  taskQueue?: string;
  metricsPort?: number;
}

export async function runWorkerFromConfig(flags: WorkerFlags): Promise<void> {
  const config = loadConfig(flags.config);
  installRuntime({ metricsPort: flags.metricsPort });
  const address = flags.address || process.env.TEMPORAL_ADDRESS || config.temporal.address || 'localhost:7233';
  const connection = await NativeConnection.connect({ address });
  try {
    const { worker } = await createCascadeWorker({
      connection,
      namespace: flags.namespace || process.env.TEMPORAL_NAMESPACE || config.temporal.namespace,
      taskQueue: flags.taskQueue ?? config.temporal.taskQueue,
      catalog: config.catalog,
    });
    // Worker.run() returns after SIGINT/SIGTERM (the SDK's default shutdown signals), once in-flight tasks drain.
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  runWorkerFromConfig({ config: process.argv[2] }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
