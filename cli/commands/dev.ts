/**
 * `llm-cascade dev`: its flags and help; what it does: cli/actions/dev.ts. Same ports as the Temporal CLI (7233, UI
 * on 8233) so `localhost:7233` in the README, `report` and `worker` find it.
 */
import type { Command } from 'commander';
import type { DevFlags } from '../actions/dev';
import { DEFAULT_DEV_PORT, DEFAULT_UI_PORT } from '../options';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

function port(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 65_535) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `${flag} must be a port number from 1 to 65535, got "${value}"`,
      });
    }
    return n;
  };
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description(
      'start a Temporal dev server (gRPC on 7233, Web UI on 8233, like `temporal server start-dev`) and a worker ' +
        "for the config's catalog; free ports when those are taken",
    )
    .option('-c, --config <file>', 'config file whose catalog the worker routes with (default: the built-in catalog)')
    .option('--port <port>', `gRPC port (default ${DEFAULT_DEV_PORT}, or a free one when taken)`, port('--port'))
    .option('--ui-port <port>', `Web UI port (default ${DEFAULT_UI_PORT}, or a free one when taken)`, port('--ui-port'))
    .option('--headless', 'no Web UI')
    .option('--no-worker', 'start no worker: run your own (`llm-cascade worker --config …` or your code) on the queue')
    .option('--db-filename <file>', 'persist the dev server in this SQLite file')
    .option(
      '--encrypt',
      "encrypt payloads (the config's keys, else a key for this session) and run a codec server for the UI",
    )
    .addHelpText(
      'after',
      '\nOne catalog serves the task queue: the worker started here (from --config), or, with --no-worker, yours. ' +
        'When workers already poll the queue as the server comes up, `dev` starts none of its own and names them; ' +
        '`llm-cascade worker` refuses to join a queue whose workers run another catalog, and a client holding a ' +
        'config is refused by a worker with another catalog before any provider call.\n\nExit codes: 0 stopped with ' +
        'Ctrl-C; 2 bad input (flags, config, a port in use).',
    )
    .action(async (flags: DevFlags) => (await import('../actions/dev')).devAction(flags));
}
