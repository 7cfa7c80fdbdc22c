import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { missingSearchAttributes } from './search-attributes';

/**
 * Polls a just-started server every 200 ms until it answers a gRPC health check as SERVING and, when asked,
 * lists llm-cascade's search attributes in `namespace`: the dev server registers those asynchronously after
 * it starts serving, and a workflow upserting one too early would fail.
 *
 * @throws Error naming the last reason it was not ready, when `deadline` passes or `hasExited()` turns true.
 */
export async function waitUntilReady(
  address: string,
  namespace: string,
  withSearchAttributes: boolean,
  { deadline, hasExited }: { deadline: number; hasExited: () => boolean },
): Promise<void> {
  let lastError = 'timed out';
  let connection: Connection | undefined;
  // Short at first, because an attempt made before the port is open only fails at its deadline; doubled after
  // each failure so a slow, loaded machine still gets through.
  let connectTimeout = 250;
  try {
    while (Date.now() < deadline) {
      if (hasExited()) throw new Error('the process exited early');
      try {
        if (connection === undefined) {
          // Connection.connect() drops its channel unclosed when the server is not up yet; dozens of polls
          // would pile those up, so build the connection lazily and close each failed attempt.
          const fresh = Connection.lazy({ address, connectTimeout });
          await fresh.ensureConnected().catch(async (err: unknown) => {
            connectTimeout = Math.min(connectTimeout * 2, 2000);
            await fresh.close().catch(() => undefined);
            throw err;
          });
          connection = fresh;
        }
        const conn = connection;
        // Cap every call: the client's retry interceptor would otherwise keep retrying UNAVAILABLE for long.
        const notReady = await conn.withDeadline(Date.now() + 2000, async () => {
          const { status } = await conn.healthService.check({});
          if (status !== 1 /* SERVING */) return `health status ${String(status)}`;
          if (!withSearchAttributes) return undefined;
          const missing = await missingSearchAttributes(conn, namespace);
          return missing.length === 0 ? undefined : `search attributes not yet visible: ${missing.join(', ')}`;
        });
        if (notReady === undefined) return;
        lastError = notReady;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
      await sleep(200);
    }
    throw new Error(`not ready after the start timeout (last: ${lastError})`);
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
