/** Runs a worker from a config file until SIGINT/SIGTERM (`llm-cascade worker`, `npm start`). */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from './config';
import { DEFAULT_ADDRESS, connectOptions, temporalTarget } from './temporal-target';
import { createCascadeWorker } from '../worker/create-worker';
import { installRuntime } from '../worker/runtime';

export interface WorkerFlags {
  config?: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  taskQueue?: string;
  metricsPort?: number;
}

export async function runWorkerFromConfig(flags: WorkerFlags): Promise<void> {
  const config = loadConfig(flags.config);
  installRuntime({ metricsPort: flags.metricsPort });
  const target = temporalTarget(flags, config);
  const connection = await NativeConnection.connect(connectOptions(target.address ?? DEFAULT_ADDRESS, target.apiKey));
  try {
    const { worker } = await createCascadeWorker({
      connection,
      namespace: target.namespace,
      taskQueue: flags.taskQueue ?? config.temporal.taskQueue,
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
  runWorkerFromConfig({ config: process.argv[2] }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
