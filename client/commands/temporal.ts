/**
 * Where the CLI's Temporal comes from: `--address`, then TEMPORAL_ADDRESS, then the config file's
 * `temporal.address`; with none of them, an embedded dev server is started and stopped with the command.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../server/dev-server';
import type { CascadeConfig } from '../../worker/config';
import { createCascadeWorker } from '../../worker/create-worker';

export interface TemporalOptions {
  address?: string;
  namespace?: string;
  /** Start a worker in this process too. Always true with an embedded server. */
  withWorker?: boolean;
  /** Web UI port of an embedded server; false: headless. */
  uiPort?: number | false;
  dbFilename?: string;
  /** fetch for the in-process worker's provider calls (the demo's simulated provider uses the default). */
  log?: (message: string) => void;
}

export interface TemporalSession {
  client: Client;
  address: string;
  namespace: string;
  taskQueue: string;
  /** Set when this process started the dev server. */
  server?: DevServer;
  uiUrl?: string;
  close(): Promise<void>;
}

export async function openTemporal(config: CascadeConfig, options: TemporalOptions): Promise<TemporalSession> {
  const address = options.address || process.env.TEMPORAL_ADDRESS || config.temporal.address;
  const namespace = options.namespace || process.env.TEMPORAL_NAMESPACE || config.temporal.namespace;
  const taskQueue = config.temporal.taskQueue;
  let server: DevServer | undefined;
  if (!address) {
    options.log?.('no Temporal address given (--address or TEMPORAL_ADDRESS): starting an embedded dev server…');
    server = await startDevServer({
      uiPort: options.uiPort ?? false,
      dbFilename: options.dbFilename,
      log: options.log,
    });
  }
  const target = address ?? server!.address;
  const connection = await Connection.connect({ address: target });
  const client = new Client({ connection, namespace: server?.namespace ?? namespace });
  let worker: Awaited<ReturnType<typeof createCascadeWorker>> | undefined;
  let running: Promise<void> | undefined;
  if (server || options.withWorker) {
    const nativeConnection = await NativeConnection.connect({ address: target });
    worker = await createCascadeWorker({
      connection: nativeConnection,
      namespace: client.options.namespace,
      taskQueue,
      catalog: config.catalog,
    });
    running = worker.worker.run();
  }
  return {
    client,
    address: target,
    namespace: client.options.namespace,
    taskQueue,
    server,
    uiUrl: server?.uiUrl,
    async close() {
      await worker?.close();
      await running?.catch(() => undefined);
      await worker?.connection.close();
      await connection.close();
      await server?.stop();
    },
  };
}
