import { randomBytes } from 'node:crypto';
import { Client, Connection, type ClientOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer } from '../../server/dev-server';

/** Where the tests' Temporal server listens. */
export interface TestServer {
  address: string;
  namespace: string;
  uiUrl?: string;
}

/** Environment variables through which `run-tests` hands its one dev server to every test file. */
export const TEST_SERVER_ENV = {
  address: 'LLM_CASCADE_TEST_TEMPORAL_ADDRESS',
  namespace: 'LLM_CASCADE_TEST_TEMPORAL_NAMESPACE',
  uiUrl: 'LLM_CASCADE_TEST_TEMPORAL_UI_URL',
} as const;

let ownServer: Promise<TestServer> | undefined;

/**
 * The Temporal server tests should use: the runner's (from the environment) or, when a test file is run on its
 * own with `node --test`, a headless dev server started once for this process and killed when it exits.
 */
export function getTestServer(): Promise<TestServer> {
  const address = process.env[TEST_SERVER_ENV.address];
  if (address !== undefined && address !== '') {
    const uiUrl = process.env[TEST_SERVER_ENV.uiUrl] || undefined;
    return Promise.resolve({ address, namespace: process.env[TEST_SERVER_ENV.namespace] || 'default', uiUrl });
  }
  ownServer ??= startDevServer({ uiPort: false, keepProcessAlive: false }).then(({ address, namespace }) => ({
    address,
    namespace,
  }));
  return ownServer;
}

/** A client plus the native connection workers need, all closed by `close()`. */
export interface TestClient {
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  namespace: string;
  close(): Promise<void>;
}

/** Connects a client and a worker connection to the test server; call `close()` in an `after` hook. */
export async function connectClient(
  options: Omit<ClientOptions, 'connection' | 'namespace'> = {},
): Promise<TestClient> {
  const { address, namespace } = await getTestServer();
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address }).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  const client = new Client({ ...options, connection, namespace });
  return {
    client,
    connection,
    nativeConnection,
    namespace,
    close: async () => {
      await Promise.allSettled([connection.close(), nativeConnection.close()]);
    },
  };
}

let queueCounter = 0;

/** A task queue name no other test (in this run or a concurrent one on the same server) will use. */
export function uniqueTaskQueue(name: string): string {
  queueCounter += 1;
  return `${name}-${process.pid}-${queueCounter}-${randomBytes(3).toString('hex')}`;
}
