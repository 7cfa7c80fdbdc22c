/**
 * A dev server a test stops and starts again in place: its state in `<dir>/temporal.db`, on a restartable port the
 * first time (test/helpers/ports.ts: no other file's connection takes it while the server is down), and on that same
 * port when it is started again. The fault and restart tests share it.
 */
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { restartablePort } from './ports';

/** Starts the server of `dir`: on a fresh restartable port, or on `port` (the stopped server's) to restart it. */
export async function startServerInPlace(dir: string, port?: number): Promise<DevServer> {
  return startDevServer({
    uiPort: false,
    port: port ?? (await restartablePort()),
    dbFilename: join(dir, 'temporal.db'),
  });
}
