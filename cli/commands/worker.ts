/** `llm-cascade worker`: its flags and help; what it does: cli/worker-main.ts (runWorkerFromConfig). */
import type { Command } from 'commander';
import type { WorkerFlags } from '../worker-main';
import { HOST_HELP, SHUTDOWN_GRACE_FLAG, SHUTDOWN_GRACE_HELP, parseGrace, parseHost, parsePort } from '../listen-flags';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../options';

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
    .option('--metrics-port <port>', 'serve Prometheus metrics on <metrics-host>:<port>', parsePort('--metrics-port'))
    .option('--metrics-host <ip>', HOST_HELP('metrics endpoint'), parseHost('--metrics-host'))
    .option(
      '--health-port <port>',
      'serve GET /health on <health-host>:<port>: 200 while polling, 503 while draining or stopped',
      parsePort('--health-port'),
    )
    .option('--health-host <ip>', HOST_HELP('health endpoint'), parseHost('--health-host'))
    .option(SHUTDOWN_GRACE_FLAG, SHUTDOWN_GRACE_HELP, parseGrace('--shutdown-grace'))
    .option(
      '--allow-mixed-catalogs',
      'join the task queue even when its workers run another catalog (a rolling deploy); by default that is refused',
    )
    .addHelpText(
      'after',
      "\nOne catalog per task queue: the worker publishes its catalog's fingerprint in its identity and refuses (exit 2) " +
        'to join a queue whose live workers publish another one. It exits when its parent (npx, npm) is stopped.\n' +
        'SIGTERM or SIGINT drains it: polling stops at once, model calls in flight finish (up to --shutdown-grace), ' +
        'then it exits 0.',
    )
    .action(async (flags: WorkerFlags & { shutdownGrace?: number }) =>
      (await import('../actions/worker')).workerAction(flags),
    );
}
