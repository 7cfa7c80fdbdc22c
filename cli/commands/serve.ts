/** `llm-cascade serve`: the OpenAI-compatible front door's flags and help; what it does: cli/actions/serve.ts. */
import type { Command } from 'commander';
import type { ServeFlags } from '../actions/serve';
import { HOST_HELP, SHUTDOWN_GRACE_FLAG, SHUTDOWN_GRACE_HELP, parseGrace, parseHost, parsePort } from '../listen-flags';
import {
  API_KEY_FLAG,
  API_KEY_HELP,
  PROFILE_FLAG,
  PROFILE_HELP,
  UI_URL_FLAG,
  UI_URL_HELP,
  WAIT_FOR_WORKER_FLAG,
  WAIT_FOR_WORKER_HELP,
  addressHelp,
  parseDuration,
} from '../options';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve an OpenAI-compatible endpoint: every chat completion is a durable, idempotent cascade')
    .option('-c, --config <file>', 'config file: catalog, temporal and gateway (keys, budgets, task schemas) sections')
    .option('-p, --port <port>', 'port to listen on', parsePort('--port'), 8080)
    .option(
      '--host <ip>',
      `${HOST_HELP('gateway (and its GET /health)')}; without gateway.keys only loopback is allowed`,
      parseHost('--host'),
      '127.0.0.1',
    )
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option(WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP, parseDuration('--wait-for-worker'))
    .option('--namespace <ns>', 'Temporal namespace')
    .option(UI_URL_FLAG, UI_URL_HELP)
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--with-worker', 'also run a worker in this process (implied with an embedded server)')
    .option('--quiet', 'no request log on stderr')
    .option(SHUTDOWN_GRACE_FLAG, SHUTDOWN_GRACE_HELP, parseGrace('--shutdown-grace'))
    .addHelpText(
      'after',
      '\nSIGTERM or SIGINT drains it: no new connections, open requests answered (their cascades go on, so an ' +
        'in-process worker keeps polling), then the in-process worker stops polling and finishes its model calls; each ' +
        'phase waits at most --shutdown-grace; then it exits 0.',
    )
    .action(async (flags: ServeFlags) => (await import('../actions/serve')).serveAction(flags));
}
