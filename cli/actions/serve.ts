/** `llm-cascade serve`: the OpenAI-compatible front door (POST /v1/chat/completions, GET /v1/models). */
import { isIP } from 'node:net';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/server';
import { MediaStore, openBlobStore } from '../../blobs';
import { mediaStoring } from '../../blobs/media-input';
import { Runtime } from '@temporalio/worker';
import { msToNumber } from '@temporalio/common/lib/time';
import { DEFAULT_SHUTDOWN_GRACE } from '../../worker/create-worker';
import { loadConfig } from '../config';
import { DEFAULT_WAIT_FOR_WORKER_MS, openTemporal } from '../temporal';
import { waitForSignal } from '../signals';
import { plural } from '../../catalog/plural';
import { sessionUiBase, workflowListLink } from '../ui-link';

export interface ServeFlags {
  waitForWorker?: number;
  shutdownGrace?: number;
  config?: string;
  port: number;
  host: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  withWorker?: boolean;
  quiet?: boolean;
  uiUrl?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function serveAction(flags: ServeFlags): Promise<void> {
  const config = loadConfig(flags.config);
  const gateway = parseGatewayConfig(config.gateway, config.origin);
  if (gateway.keys.length === 0 && !isLoopback(flags.host)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `refusing to serve on ${flags.host} without API keys: add gateway.keys to the config, or listen on 127.0.0.1`,
    });
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const graceMs = flags.shutdownGrace ?? msToNumber(DEFAULT_SHUTDOWN_GRACE);
  // The SDK would stop an in-process worker on the first SIGTERM, leaving the open requests' cascades without a
  // worker: this process stops it itself, once the requests are answered.
  Runtime.install({ shutdownSignals: [] });
  const temporal = await openTemporal(config, {
    ...flags,
    log,
    workerWaitMs: flags.waitForWorker ?? DEFAULT_WAIT_FOR_WORKER_MS,
    shutdownGraceMs: graceMs,
  });
  const server = await startGateway(
    {
      // With its worker in this process, the front door starts each cascade eagerly on that worker.
      client: temporal.eagerClient ?? temporal.client,
      catalog: config.catalog,
      taskQueue: temporal.taskQueue,
      config: gateway,
      log: flags.quiet ? undefined : log,
      storeMedia: mediaStoring(new MediaStore(openBlobStore(config.worker.blobs), config.encryption)),
    },
    { host: flags.host, port: flags.port },
  );
  const ui = sessionUiBase({ flag: flags.uiUrl, config: config.temporal.uiUrl }, temporal);
  process.stdout.write(
    `llm-cascade serve: ${server.url}/v1 (${plural(Object.keys(config.catalog.routes).length, 'task')}, ` +
      `${gateway.keys.length ? plural(gateway.keys.length, 'API key') : 'no API keys: loopback only'}); ` +
      `Temporal ${temporal.address}${ui ? `, its requests in the Web UI: ${workflowListLink(ui, temporal.namespace, `TaskQueue="${temporal.taskQueue}"`)}` : ''}; Ctrl-C to stop\n`,
  );
  const signal = await waitForSignal();
  log(
    `llm-cascade serve: ${signal}: draining — no new connections; up to ${Math.round(graceMs / 1000)} s for ` +
      `${plural(server.openRequests, 'open request')}`,
  );
  const { cut } = await server.drain(graceMs);
  if (cut > 0) log(`llm-cascade serve: ${plural(cut, 'request')} cut after the grace; their cascades go on`);
  await server.close();
  if (temporal.worker) {
    log(
      `llm-cascade serve: in-process worker: polling stopped; up to ${Math.round(graceMs / 1000)} s for its model calls`,
    );
  }
  await temporal.close();
  log('llm-cascade serve: drained; exiting');
}

/** 127.0.0.0/8, ::1 or localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}
