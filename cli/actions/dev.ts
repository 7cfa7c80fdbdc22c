/**
 * `llm-cascade dev`: what `temporal server start-dev` gives, plus a worker for the config's catalog. Same ports as
 * the Temporal CLI (7233, UI on 8233) so `localhost:7233` in the README, `report` and `worker` find it; free ports
 * only when those are taken, and then the `export TEMPORAL_ADDRESS=…` line to copy.
 */
import { hostname } from 'node:os';
import type { Client } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { findFreePort, findFreePorts, isPortFree } from '../../server/free-port';
import { installRuntime } from '../../worker/runtime';
import { listColumnsHint } from '../temporal-target';
import { loadConfig, type CascadeConfig } from '../config';
import { newToken, serveCodec, sessionEncryption } from './codec-server';
import { openTemporal } from '../temporal';
import { waitForSignal } from '../signals';
import { catalogFingerprint } from '../../catalog/node/fingerprint';
import { withCatalog } from '../../worker/catalog-identity';
import { describeWorker, judgeWorkers } from '../../worker/queue-catalogs';
import { readQueueWorkers } from '../../worker/queue-workers';

import { DEFAULT_DEV_PORT, DEFAULT_UI_PORT } from '../options';

export { DEFAULT_DEV_PORT, DEFAULT_UI_PORT };
const IP = '127.0.0.1';
/** How often the dev command looks for other workers on its task queue. */
const POLLER_CHECK_MS = 5_000;

export interface DevFlags {
  config?: string;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  worker: boolean;
  dbFilename?: string;
  encrypt?: boolean;
}

export interface DevPorts {
  port: number;
  /** false: headless. */
  uiPort: number | false;
  /** The ports differ from the defaults because those were taken: other shells need TEMPORAL_ADDRESS. */
  moved: boolean;
}

/**
 * Ports for the dev server: the flags when given (an error when taken), else 7233 and 8233 when free, else free
 * ones (never the same twice).
 */
export async function devPorts(
  flags: { port?: number; uiPort?: number; headless?: boolean },
  defaults = { port: DEFAULT_DEV_PORT, uiPort: DEFAULT_UI_PORT },
): Promise<DevPorts> {
  for (const [flag, port] of [
    ['--port', flags.port],
    ['--ui-port', flags.headless ? undefined : flags.uiPort],
  ] as const) {
    if (port !== undefined && !(await isPortFree(port, IP))) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `${flag} ${port}: ${IP}:${port} is in use; pick another port or leave ${flag} out for a free one`,
      });
    }
  }
  const free = await findFreePorts(2, IP);
  const port = flags.port ?? ((await isPortFree(defaults.port, IP)) ? defaults.port : free[0]!);
  let uiPort: number | false = false;
  if (!flags.headless) {
    uiPort =
      flags.uiPort ??
      (port !== defaults.uiPort && (await isPortFree(defaults.uiPort, IP))
        ? defaults.uiPort
        : free.find((p) => p !== port)!);
  }
  return { port, uiPort, moved: flags.port === undefined && port !== defaults.port };
}

export async function devAction(flags: DevFlags): Promise<void> {
  const config = loadConfig(flags.config);
  const ports = await devPorts(flags);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  // The in-process worker logs like `llm-cascade worker`: one JSON object per line, per-attempt records included.
  installRuntime();
  const codec = flags.encrypt
    ? await devCodecServer(config, ports.uiPort === false ? undefined : ports.uiPort, log)
    : undefined;
  const temporal = await openTemporal(
    { ...config, encryption: codec?.encryption ?? config.encryption },
    {
      devServer: { port: ports.port },
      uiPort: ports.uiPort,
      dbFilename: flags.dbFilename,
      noWorker: !flags.worker,
      uiCodecEndpoint: codec?.server.endpoint,
    },
  );
  const lines = [
    `Temporal dev server: ${temporal.address} (namespace ${temporal.namespace})`,
    `Web UI: ${temporal.uiUrl ?? 'none (--headless)'}`,
    temporal.worker
      ? `worker: task queue "${temporal.taskQueue}", routing with ${catalogName(config.origin)} (catalog ${catalogFingerprint(config.catalog)})`
      : temporal.queueTakenBy
        ? `no worker started: task queue "${temporal.taskQueue}" is already polled by ${temporal.queueTakenBy.join(', ')}; ` +
          'requests will be planned by their catalog. Stop them and restart `llm-cascade dev` for a worker of ' +
          'its own, or keep them (and pass --no-worker to say so)'
        : `no worker (--no-worker): start yours on task queue "${temporal.taskQueue}"`,
  ];
  if (ports.moved) {
    lines.push(
      `port ${DEFAULT_DEV_PORT} was taken, so this server is on ${ports.port}; in other shells run:`,
      `  export TEMPORAL_ADDRESS=${temporal.address}`,
    );
  }
  if (temporal.uiUrl) lines.push(listColumnsHint(temporal.uiUrl, temporal.namespace));
  if (codec) lines.push(`payloads encrypted; the UI decodes them through the codec server on ${codec.server.url}`);
  lines.push('Ctrl-C to stop');
  process.stdout.write(`${lines.join('\n')}\n`);
  const stopWatching = temporal.worker
    ? watchForOtherWorkers(temporal.client, temporal.taskQueue, catalogFingerprint(config.catalog), log)
    : () => undefined;
  await waitForSignal();
  stopWatching();
  await temporal.close();
  await codec?.server.close();
}

/** `dev --encrypt`: the UI port chosen up front, so the codec server can allow exactly the UI's origin. */
async function devCodecServer(config: CascadeConfig, uiPort: number | undefined, log: (m: string) => void) {
  const port = uiPort ?? (await findFreePort());
  const encryption = config.encryption ?? sessionEncryption();
  if (!config.encryption)
    log('--encrypt: no "encryption" in the config; a key for this session only (histories unreadable after exit)');
  const server = await serveCodec(encryption, {
    port: 0,
    uiOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    // The dev UI cannot send headers of its own: the token travels as the endpoint's path.
    token: newToken(),
  });
  return { encryption, server, uiPort: port };
}

function catalogName(origin: string): string {
  return origin === 'built-in catalog' ? 'the built-in catalog' : origin;
}

/**
 * Tells, once per worker, when another worker polls the dev worker's task queue: with the same catalog they share
 * its tasks harmlessly; with another one each would plan some of its requests (clients holding this config are then
 * refused by the other worker, before any provider call). Returns a function that stops watching.
 */
export function watchForOtherWorkers(
  client: Client,
  taskQueue: string,
  catalog: string,
  warn: (message: string) => void,
  everyMs = POLLER_CHECK_MS,
): () => void {
  const told = new Set<string>();
  const ours = withCatalog(`${process.pid}@${hostname()}`, catalog);
  const check = async () => {
    const workers = await readQueueWorkers(client.workflowService, client.options.namespace, taskQueue).catch(() => []);
    const now = Date.now();
    for (const worker of judgeWorkers(ours, workers, now)) {
      if (worker.presence === 'gone' || told.has(worker.identity)) continue;
      told.add(worker.identity);
      warn(
        worker.catalog === catalog
          ? `another worker with the same catalog (${describeWorker(worker, now)}) polls task queue "${taskQueue}": ` +
              'it shares the queue with this dev worker'
          : `warning: another worker, ${describeWorker(worker, now)}, polls task queue "${taskQueue}" with another ` +
              `catalog than this dev worker's (${catalog}): each would plan some of its requests. Stop it, or restart ` +
              'with `llm-cascade dev --no-worker` to leave the queue to it.',
      );
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  void check();
  return () => clearInterval(timer);
}
