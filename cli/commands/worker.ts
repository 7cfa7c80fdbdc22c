/** `llm-cascade worker`: a long-running worker for a config file's catalog. */
import type { Command } from 'commander';
import { runWorkerFromConfig } from '../worker-main';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker: the cascade workflows and the model-calling activities of a config file')
    .option('-c, --config <file>', 'config file (default: the built-in catalog)')
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--task-queue <queue>', 'task queue (default: the config, or llm-cascade)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on 127.0.0.1:<port>', Number)
    .option(
      '--allow-mixed-catalogs',
      'join the task queue even when its workers run another catalog (a rolling deploy); by default that is refused',
    )
    .addHelpText(
      'after',
      "\nOne catalog per task queue: the worker publishes its catalog's fingerprint in its identity and refuses (exit 2) " +
        'to join a queue whose live workers publish another one. It exits when its parent (npx, npm) is stopped.',
    )
    .action(
      async (flags: {
        config?: string;
        address?: string;
        namespace?: string;
        apiKey?: string;
        profile?: string;
        taskQueue?: string;
        metricsPort?: number;
        allowMixedCatalogs?: boolean;
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
