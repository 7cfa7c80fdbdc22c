/** `llm-cascade demo`: the README's first command (`npm run demo`). */
import type { Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { runDemo } from '../demo/run-demo';
import { runAgentDemo } from '../demo/run-agent-demo';
import type { runPipelineDemo } from '../../examples/support-triage/demo';
import { parseUsd } from '../input';

interface DemoFlags {
  exit?: boolean;
  limit?: number;
  outDir?: string;
  simulated?: boolean;
  real?: boolean;
  seed?: number;
  concurrency?: number;
  maxCostUsd?: number;
  uiPort?: number;
  gates?: boolean;
  pipeline?: boolean;
  agent?: boolean;
  approve?: boolean;
  providerBatch?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'batch-extract the bundled invoices, receipts and support emails with an embedded Temporal server and UI; ' +
        'simulated providers unless every tier has a provider key in the environment',
    )
    .option('--exit', 'exit once the report is printed (default: keep the server and UI up until Ctrl-C)')
    .option('--limit <n>', 'run on the first n documents only', positiveInteger('--limit'))
    .option('--out-dir <dir>', 'folder for results, errors, report and worker log (default: demo-output/<timestamp>)')
    .option('--simulated', 'use the simulated providers even when provider keys are set')
    .option('--real', 'use the real providers; fail (naming the missing keys) instead of falling back to simulated')
    .option('--seed <n>', 'seed of the simulated providers (default 7)', positiveInteger('--seed'))
    .option('--concurrency <n>', 'documents in flight at once (default 16)', positiveInteger('--concurrency'))
    .option('--max-cost-usd <usd>', 'budget of the batch (default: $1 with real providers, none simulated)', parseUsd)
    .option('--ui-port <port>', 'Temporal Web UI port (default: a free one)', positiveInteger('--ui-port'))
    .option('--no-gates', 'run without the quality gates (grounding, currency, date checks), to compare')
    .option(
      '--provider-batch',
      'send the economy tier as provider batches (simulated: the route led by openai/gpt-4o-mini, whose Batch API bills half)',
    )
    .option(
      '--pipeline',
      'run the support-triage pipeline example instead (classify → extract → draft → summary under one job budget), simulated',
    )
    .option(
      '--agent',
      'run the payables agent instead: tools over the bundled documents and an approval ("which vendors have invoices overdue?")',
    )
    .option(
      '--no-approve',
      'with --agent: wait for a person to approve (`llm-cascade agent approve`) instead of approving',
    )
    .action(async (flags: DemoFlags) => {
      if (flags.simulated && flags.real) {
        throw new CascadeConfigError({
          code: ConfigErrorCode.InvalidRequest,
          message: 'give --simulated or --real, not both',
        });
      }
      if (flags.agent) {
        await runAgentDemo({
          exit: flags.exit,
          mode: flags.simulated ? 'simulated' : flags.real ? 'real' : 'auto',
          uiPort: flags.uiPort,
          autoApproveMs: flags.approve === false ? false : 2_000,
        });
        return;
      }
      if (flags.pipeline) {
        await (
          await loadPipelineDemo()
        ).runPipelineDemo({
          exit: flags.exit,
          seed: flags.seed,
          uiPort: flags.uiPort,
          maxCostUsd: flags.maxCostUsd,
        });
        return;
      }
      await runDemo({
        exit: flags.exit,
        limit: flags.limit,
        out: flags.outDir,
        mode: flags.simulated ? 'simulated' : flags.real ? 'real' : 'auto',
        seed: flags.seed,
        concurrency: flags.concurrency,
        maxCostUsd: flags.maxCostUsd,
        uiPort: flags.uiPort,
        gates: flags.gates,
        providerBatch: flags.providerBatch,
      });
    });
}

function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `${flag} must be a positive integer, got "${value}"`,
      });
    }
    return n;
  };
}

/**
 * The pipeline demo is the example in examples/support-triage (shipped in the package as lib/examples, so
 * `npx llm-cascade demo --pipeline` works from an install too). Imported when asked for, not at every command's
 * start: a plain import the lint sees (cli/ → examples/support-triage/demo), not a file loaded by path.
 */
async function loadPipelineDemo(): Promise<{ runPipelineDemo: typeof runPipelineDemo }> {
  try {
    return await import('../../examples/support-triage/demo');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `--pipeline runs the example in examples/support-triage, which this install lacks (a partial install?): reinstall llm-cascade or run \`npm run demo -- --pipeline\` in a checkout`,
      cause: error,
    });
  }
}
