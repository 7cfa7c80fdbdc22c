/** `llm-cascade tune`: its flags and help; what it does (proposes, and with --apply writes, route changes): cli/actions/tune.ts. */
import type { Command } from 'commander';
import type { TuneFlags } from '../actions/tune';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp, positiveInteger } from '../options';

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description(
      'per task, the start tier and candidate order the recorded ledgers support (lowest expected cost per valid result); --apply writes them into the config',
    )
    .option('--since <when>', 'start of the window: 90m, 24h, 7d, 2w, an ISO date, or "all"', '7d')
    .option('--task <task>', 'only this task')
    .option('--query <visibility query>', 'ANDed with the rest, e.g. \'TaskQueue = "invoices"\'')
    .option('--apply', 'write the changes into the config file (with a dated note in the route)', false)
    .option('--json', 'print the proposals and the data behind them as JSON', false)
    .option(
      '--min-samples <n>',
      'fewest requests per tier (first attempts per candidate) to trust',
      positiveInteger('--min-samples'),
      20,
    )
    .option(
      '--limit <n>',
      'read at most this many workflows (one history fetch each)',
      positiveInteger('--limit'),
      5000,
    )
    .option(
      '-c, --config <file>',
      'config file: its routes are tuned (and written with --apply); its temporal section names the cluster',
    )
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', 'namespace (default: the config, TEMPORAL_NAMESPACE or the profile, or default)')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .action(async (flags: TuneFlags) => (await import('../actions/tune')).tuneAction(flags));
}
