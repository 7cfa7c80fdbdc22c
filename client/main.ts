/** The `llm-cascade` command line. */
import { Command } from 'commander';
import { CascadeConfigError } from '../catalog/errors';
import { registerBatch } from './commands/batch';
import { registerCatalog } from './commands/catalog';
import { registerDemo } from './commands/demo';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerSetup } from './commands/setup';
import { registerWorker } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command()
    .name('llm-cascade')
    .description('Tiered, schema-validated, cost-accounted LLM requests as durable Temporal workflows')
    .showHelpAfterError();
  registerRun(program);
  registerBatch(program);
  registerWorker(program);
  registerSetup(program);
  registerReport(program);
  registerCatalog(program);
  registerDemo(program);
  return program;
}

export async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CascadeConfigError) {
      process.stderr.write(`llm-cascade: ${error.message}\n`);
      process.exit(2);
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
