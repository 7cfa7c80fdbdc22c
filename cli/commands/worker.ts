/** `llm-cascade worker` and `llm-cascade dev`: long-running processes. */
import type { Command } from 'commander';
import { loadConfig } from '../config';
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
    .action(async (flags: { config?: string; uiPort?: number; dbFilename?: string }) => {
      const config = loadConfig(flags.config);
      const log = (m: string) => process.stderr.write(`${m}\n`);
      // The in-process worker logs like `llm-cascade worker`: one JSON object per line, per-attempt records included.
      installRuntime();
      const temporal = await openTemporal(
        { ...config, temporal: { ...config.temporal, address: undefined } },
        { uiPort: flags.uiPort, dbFilename: flags.dbFilename, log },
      );
      process.stdout.write(
        `Temporal dev server: ${temporal.address}\nWeb UI: ${temporal.uiUrl}\nworker on task queue "${temporal.taskQueue}"; Ctrl-C to stop\n`,
      );
      await waitForSignal();
      await temporal.close();
    });
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
