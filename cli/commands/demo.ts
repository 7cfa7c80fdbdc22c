/** `llm-cascade demo`: the README's first command (`npm run demo`); its flags and help; what it does: cli/actions/demo.ts. */
import type { Command } from 'commander';
import type { DemoFlags } from '../actions/demo';
import { parseUsd, positiveInteger } from '../options';

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
    .action(async (flags: DemoFlags) => (await import('../actions/demo')).demoAction(flags));
}
