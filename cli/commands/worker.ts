/** `llm-cascade worker`: a long-running worker for a config file's catalog. */
import type { Command } from 'commander';
import { runWorkerFromConfig } from '../worker-main';
import { API_KEY_FLAG, API_KEY_HELP } from '../temporal-target';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker: the cascade workflows and the model-calling activities of a config file')
    .option('-c, --config <file>', 'config file (default: the built-in catalog)')
    .option('--address <host:port>', 'Temporal frontend (default: TEMPORAL_ADDRESS, the config, or localhost:7233)')
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option('--task-queue <queue>', 'task queue (default: the config, or llm-cascade)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on 127.0.0.1:<port>', Number)
    .action(
      async (flags: {
        config?: string;
        address?: string;
        namespace?: string;
        apiKey?: string;
        taskQueue?: string;
        metricsPort?: number;
      }) => {
        await runWorkerFromConfig(flags);
      },
    );
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
