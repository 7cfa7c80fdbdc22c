/**
 * `llm-cascade ledger backfill|prune`: maintenance of the ledger store (docs/ledger-store.md). Flags and help; what
 * each does: cli/actions/ledger.ts.
 */
import type { Command } from 'commander';
import type { BackfillFlags } from '../actions/ledger';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../options';

export function registerLedger(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('the ledger store: backfill it from histories, prune what is older than your retention');
  ledger
    .command('backfill')
    .description('write what Temporal histories hold into the ledger store (rows it has already are kept once)')
    .option('--since <when>', 'workflows started since: 90m, 24h, 7d, 2w, an ISO date, or "all"', '7d')
    .option('--query <visibility query>', 'ANDed with the rest, e.g. \'LlmTask = "invoice"\'')
    .option('-c, --config <file>', 'config file: its ledger section names the store, its temporal section the cluster')
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', "namespace (default: the config, TEMPORAL_NAMESPACE or the profile's, or default)")
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .action(async (flags: BackfillFlags) => {
      process.stdout.write(await (await import('../actions/ledger')).runBackfill(flags));
    });
  ledger
    .command('prune')
    .description('delete the requests (and their attempts) that started before a time')
    .requiredOption('--before <when>', 'a duration back from now (90d, 12w) or an ISO date')
    .option('--keep-rollups', 'keep the hourly rollups: reports over those hours still work')
    .option('-c, --config <file>', 'config file whose ledger section names the store')
    .action(async (flags: { config?: string; before: string; keepRollups?: boolean }) => {
      process.stdout.write(await (await import('../actions/ledger')).runPrune(flags));
    });
}
