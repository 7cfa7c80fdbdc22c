/** `llm-cascade worker` and `llm-cascade dev`: long-running processes. */
import type { Command } from 'commander';
import { findFreePort } from '../../server/free-port';
import { loadConfig, type CascadeConfig } from '../config';
import { newToken, serveCodec, sessionEncryption } from './codec-server';
import { runWorkerFromConfig } from '../worker-main';
import { installRuntime } from '../../worker/runtime';
import { openTemporal } from '../temporal';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker: the cascade workflows and the model-calling activities of a config file')
    .option('-c, --config <file>', 'config file (default: the built-in catalog)')
    .option('--address <host:port>', 'Temporal frontend (default: TEMPORAL_ADDRESS, the config, or localhost:7233)')
    .option('--namespace <ns>', 'Temporal namespace')
    .option('--task-queue <queue>', 'task queue (default: the config, or llm-cascade)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on 127.0.0.1:<port>', Number)
    .action(
      async (flags: {
        config?: string;
        address?: string;
        namespace?: string;
        taskQueue?: string;
        metricsPort?: number;
      }) => {
        await runWorkerFromConfig(flags);
      },
    );

  program
    .command('dev')
    .description('start an embedded Temporal dev server with its Web UI and a worker; prints the UI URL')
    .option('-c, --config <file>', 'config file (default: the built-in catalog)')
    .option('--ui-port <port>', 'Web UI port (default: a free one)', Number)
    .option('--db-filename <file>', 'persist the dev server in this SQLite file')
    .option(
      '--encrypt',
      "encrypt payloads (the config's keys, else a key for this session) and run a codec server for the UI",
    )
    .action(async (flags: { config?: string; uiPort?: number; dbFilename?: string; encrypt?: boolean }) => {
      const config = loadConfig(flags.config);
      const log = (m: string) => process.stderr.write(`${m}\n`);
      // The in-process worker logs like `llm-cascade worker`: one JSON object per line, per-attempt records included.
      installRuntime();
      const codec = flags.encrypt ? await devCodecServer(config, flags.uiPort, log) : undefined;
      const temporal = await openTemporal(
        {
          ...config,
          encryption: codec?.encryption ?? config.encryption,
          temporal: { ...config.temporal, address: undefined },
        },
        {
          uiPort: codec?.uiPort ?? flags.uiPort,
          dbFilename: flags.dbFilename,
          log,
          uiCodecEndpoint: codec?.server.endpoint,
        },
      );
      process.stdout.write(
        `Temporal dev server: ${temporal.address}\nWeb UI: ${temporal.uiUrl}\nworker on task queue "${temporal.taskQueue}"; Ctrl-C to stop\n` +
          (codec ? `payloads encrypted; the UI decodes them through the codec server on ${codec.server.url}\n` : ''),
      );
      await waitForSignal();
      await temporal.close();
      await codec?.server.close();
    });
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

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
