/** `llm-cascade serve`: the OpenAI-compatible front door (POST /v1/chat/completions, GET /v1/models). */
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/server';
import { loadConfig } from '../config';
import { DEFAULT_WAIT_FOR_WORKER_MS, WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP, openTemporal } from '../temporal';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';
import { waitForSignal } from './worker';
import { parseDuration } from '../input';
import { plural } from '../../catalog/plural';

interface ServeFlags {
  waitForWorker?: number;
  config?: string;
  port: number;
  host: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  withWorker?: boolean;
  quiet?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve an OpenAI-compatible endpoint: every chat completion is a durable, idempotent cascade')
    .option('-c, --config <file>', 'config file: catalog, temporal and gateway (keys, budgets, task schemas) sections')
    .option('-p, --port <port>', 'port to listen on', port, 8080)
    .option('--host <ip>', 'interface to listen on; without gateway.keys only loopback is allowed', '127.0.0.1')
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option(WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP, parseDuration('--wait-for-worker'))
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--with-worker', 'also run a worker in this process (implied with an embedded server)')
    .option('--quiet', 'no request log on stderr')
    .action(async (flags: ServeFlags) => {
      const config = loadConfig(flags.config);
      const gateway = parseGatewayConfig(config.gateway, config.origin);
      if (gateway.keys.length === 0 && !isLoopback(flags.host)) {
        throw new CascadeConfigError({
          code: ConfigErrorCode.InvalidConfig,
          message: `refusing to serve on ${flags.host} without API keys: add gateway.keys to the config, or listen on 127.0.0.1`,
        });
      }
      const log = (m: string) => process.stderr.write(`${m}\n`);
      const temporal = await openTemporal(config, {
        ...flags,
        log,
        workerWaitMs: flags.waitForWorker ?? DEFAULT_WAIT_FOR_WORKER_MS,
      });
      const server = await startGateway(
        {
          client: temporal.client,
          catalog: config.catalog,
          taskQueue: temporal.taskQueue,
          config: gateway,
          log: flags.quiet ? undefined : log,
        },
        { host: flags.host, port: flags.port },
      );
      process.stdout.write(
        `llm-cascade serve: ${server.url}/v1 (${plural(Object.keys(config.catalog.routes).length, 'task')}, ` +
          `${gateway.keys.length ? plural(gateway.keys.length, 'API key') : 'no API keys: loopback only'}); ` +
          `Temporal ${temporal.address}${temporal.uiUrl ? `, Web UI ${temporal.uiUrl}` : ''}; Ctrl-C to stop\n`,
      );
      await waitForSignal();
      await server.close();
      await temporal.close();
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--port must be 0..65535, got "${value}"`,
    });
  }
  return n;
}

/** 127.0.0.0/8, ::1 or localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}
