/** `llm-cascade demo`: the README's first command (`npm run demo`). */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { runDemo } from '../demo/run-demo';
import { runAgentDemo } from '../demo/run-agent-demo';
import type { runPipelineDemo } from '../../examples/support-triage/demo';

export interface DemoFlags {
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

export async function demoAction(flags: DemoFlags): Promise<void> {
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
