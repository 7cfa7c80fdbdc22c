/** The `llm-cascade` command line. */
import { Command, CommanderError } from 'commander';
import { CascadeConfigError } from '../catalog/errors';
import { registerAgent } from './commands/agent';
import { registerBatch } from './commands/batch';
import { registerCatalog } from './commands/catalog';
import { registerDemo } from './commands/demo';
import { registerDev } from './commands/dev';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerSetup } from './commands/setup';
import { registerWorker } from './commands/worker';

/** Exit code for bad input (flags, files, config, request): nothing was started. 1 means the work failed. */
export const EXIT_BAD_INPUT = 2;

export function buildProgram(): Command {
  const program = new Command()
    .name('llm-cascade')
    .description('Tiered, schema-validated, cost-accounted LLM requests as durable Temporal workflows')
    .showHelpAfterError()
    // Throw instead of exiting with 1: a usage error (unknown flag, missing option) is bad input, exit 2.
    // Set before the commands are added: each inherits it.
    .exitOverride();
  registerRun(program);
  registerBatch(program);
  registerWorker(program);
  registerServe(program);
  registerDev(program);
  registerSetup(program);
  registerReport(program);
  registerCatalog(program);
  registerDemo(program);
  registerAgent(program);
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

export function runCli(): void {
  main().catch((error: unknown) => {
    process.stderr.write(`llm-cascade: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

if (require.main === module) runCli();
