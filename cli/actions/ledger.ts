/**
 * `llm-cascade ledger backfill|prune`: maintenance of the ledger store (docs/ledger-store.md). `backfill` writes what
 * Temporal's histories still hold into the store (rows the store has already are kept once); `prune` deletes what
 * is older than the retention you choose.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { buildReportQuery, parseSince } from '../report/query';
import { describeTarget, readableTarget } from '../report/store-source';
import { connectCluster, type ClusterFlags } from './setup';
import { plural } from '../../catalog/plural';

export interface BackfillFlags extends ClusterFlags {
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
