/**
 * The `llm-cascade` command line. Each command is a light definition (cli/commands/<name>.ts: name, flags, help)
 * whose action (cli/actions/<name>.ts) is imported when it runs, so `--help`, `--version` and a bad flag answer at
 * once: see CONTRIBUTING.md, "Adding a CLI command".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { CascadeConfigError } from '../catalog/errors';
import { CliCommand } from './cli-command';
import { registerAgent } from './commands/agent';
import { registerBatch } from './commands/batch';
import { registerCatalog } from './commands/catalog';
import { registerCodecServer } from './commands/codec-server';
import { registerDashboard } from './commands/dashboard';
import { registerDemo } from './commands/demo';
import { registerDev } from './commands/dev';
import { registerExplain } from './commands/explain';
import { registerEval } from './commands/eval';
import { registerInit } from './commands/init';
import { registerLedger } from './commands/ledger';
import { registerLint } from './commands/lint';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerSetup } from './commands/setup';
import { registerTune } from './commands/tune';
import { registerWorker } from './commands/worker';
import { exitWithParent } from './parent-watch';

/** Exit code for bad input (flags, files, config, request): nothing was started. 1 means the work failed. */
export const EXIT_BAD_INPUT = 2;

/** The package's version, from its package.json: lib/cli/main.js is two folders below it, in a checkout or installed. */
function packageVersion(): string {
  const file = resolve(__dirname, '../../package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new CliCommand()
    .name('llm-cascade')
    .description('Tiered, schema-validated, cost-accounted LLM requests as durable Temporal workflows')
    .version(packageVersion(), '-V, --version', 'print the version of llm-cascade')
    .addHelpText(
      'after',
      '\nExit codes (every command): 0 ok; 1 the work failed (a cascade found no valid answer, a batch had ' +
        'failed items); 2 bad input, nothing started (flags, config, schema, input, missing keys, no worker); ' +
        '3 a batch stopped early (cancelled, out of budget).',
    )
    // A usage error names what is wrong and where the options are, not the whole help (80 lines for `run`).
    .showHelpAfterError("(add --help for the command's options)")
    // Throw instead of exiting with 1: a usage error (unknown flag, missing option) is bad input, exit 2.
    // Set before the commands are added: each inherits it.
    .exitOverride();
  registerInit(program);
  registerRun(program);
  registerBatch(program);
  registerWorker(program);
  registerServe(program);
  registerDev(program);
  registerSetup(program);
  registerReport(program);
  registerTune(program);
  registerExplain(program);
  registerEval(program);
  registerLedger(program);
  registerDashboard(program);
  registerCatalog(program);
  registerLint(program);
  registerDemo(program);
  registerAgent(program);
  registerCodecServer(program);
  return program;
}

export async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    // Commander has already printed its message (and the help for a usage error); --help and --version exit 0.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
    if (error instanceof CascadeConfigError) {
      process.stderr.write(`llm-cascade: ${error.message}\n`);
      process.exit(EXIT_BAD_INPUT);
    }
    throw error;
  }
}

/**
 * Output piped into a reader that stops early (`| head`) closes the pipe while the CLI still writes: that is the
 * reader's choice, not a failure, so the CLI ends quietly with exit 0 instead of an unhandled `EPIPE` trace.
 */
export function endQuietlyOnBrokenPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

export function runCli(): void {
  endQuietlyOnBrokenPipe();
  // Under npx/npm, a stopped parent stops this process too (npx does not pass its signals on).
  exitWithParent({ log: (line) => process.stderr.write(`${line}\n`) });
  main().catch((error: unknown) => {
    process.stderr.write(`llm-cascade: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

if (require.main === module) runCli();
