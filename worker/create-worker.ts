import { NativeConnection, Worker } from '@temporalio/worker';
import { failureConverterPath } from '../codec/data-converter';
import { TASK_QUEUE } from '../workflows/definitions';
import { workflowBundle } from './bundle';
import { CascadePlugin, type CascadePluginOptions } from './plugin';

export interface CascadeWorkerOptions extends CascadePluginOptions {
  /** Temporal frontend, host:port. @default 'localhost:7233' */
  address?: string;
  /** An existing connection; when given, `address` is ignored and the caller closes it. */
  connection?: NativeConnection;
  /** @default 'default' */
  namespace?: string;
  /** @default 'llm-cascade' */
  taskQueue?: string;
  /** Concurrent model calls per worker. @default 50 */
  maxConcurrentActivityTaskExecutions?: number;
}

/** A worker that runs llm-cascade's workflows and activities; `close()` also closes a connection it opened. */
export async function createCascadeWorker(options: CascadeWorkerOptions = {}) {
  const ownConnection = options.connection
    ? undefined
    : await NativeConnection.connect({ address: options.address ?? 'localhost:7233' });
  const connection = options.connection ?? ownConnection!;
  const worker = await Worker.create({
    connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: await workflowBundle({ encodeFailures: failureConverterPath(options.encryption) !== undefined }),
    plugins: [new CascadePlugin(options)],
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
  });
  return {
    worker,
    connection,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await ownConnection?.close();
    },
  };
}
