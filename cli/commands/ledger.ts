/**
 * `llm-cascade ledger backfill|prune`: maintenance of the ledger store (docs/ledger-store.md). `backfill` writes what
 * Temporal's histories still hold into the store (rows the store has already are kept once); `prune` deletes what
 * is older than the retention you choose.
 */
import type { Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { buildReportQuery, parseSince } from '../report/query';
import { describeTarget, readableTarget } from '../report/store-source';
import { connectCluster, type ClusterFlags } from './setup';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';
import { plural } from '../../catalog/plural';

interface BackfillFlags extends ClusterFlags {
  since: string;
  query?: string;
}

/** Reads every matching history (no cap) into the store; returns the line to print. */
export async function runBackfill(flags: BackfillFlags): Promise<string> {
  const config = loadConfig(flags.config);
  const target = readableTarget(config.worker.ledger, false);
  const query = buildReportQuery({ since: parseSince(flags.since), kind: 'all', query: flags.query });
  const [{ openLedgerStore }, { backfillLedger }] = await Promise.all([
    import('../../store/store'),
    import('../report/backfill'),
  ]);
  const store = await openLedgerStore(target);
  const { connection, namespace } = await connectCluster(flags);
  try {
    const result = await backfillLedger(cliClient(connection, namespace, config), store, { query });
    return (
      `read ${plural(result.workflows, 'workflow')} (${plural(result.requests, 'request')}) into ` +
      `${describeTarget(target)}: ${plural(result.newAttempts, 'new attempt')}, ${plural(result.newRequests, 'new request')}\n`
    );
  } finally {
    await connection.close();
    await store.close();
  }
}

/** Deletes requests that started before `--before`; returns the line to print. */
export async function runPrune(flags: { config?: string; before: string; keepRollups?: boolean }): Promise<string> {
  const before = parseSince(flags.before);
  if (!before)
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: '--before all would delete everything: give a duration (90d) or a date (2026-01-01)',
    });
  const target = readableTarget(loadConfig(flags.config).worker.ledger);
  const { openLedgerStore } = await import('../../store/store');
  const store = await openLedgerStore(target);
  try {
    const result = await store.prune({ beforeMs: before.getTime(), keepRollups: flags.keepRollups === true });
    return (
      `deleted ${plural(result.requests, 'request')} that started before ${new Date(result.cutMs).toISOString()} ` +
      `from ${describeTarget(target)}${flags.keepRollups ? ' (hourly rollups kept)' : ''}\n`
    );
  } finally {
    await store.close();
  }
}

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
      process.stdout.write(await runBackfill(flags));
    });
  ledger
    .command('prune')
    .description('delete the requests (and their attempts) that started before a time')
    .requiredOption('--before <when>', 'a duration back from now (90d, 12w) or an ISO date')
    .option('--keep-rollups', 'keep the hourly rollups: reports over those hours still work')
    .option('-c, --config <file>', 'config file whose ledger section names the store')
    .action(async (flags: { config?: string; before: string; keepRollups?: boolean }) => {
      process.stdout.write(await runPrune(flags));
    });
}
