/**
 * `llm-cascade report --source store`: the same report read from the ledger store (docs/ledger-store.md) instead of
 * one history per workflow: any volume, any age (what the store keeps), no `--limit`.
 */
import { existsSync } from 'node:fs';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { resolveLedgerTarget, type LedgerConfig, type LedgerTarget } from '../../store/config';
import type { ReportGrouping } from './aggregate';
import { formatReport, type ReportFormat } from './format';

export interface StoreReportFlags {
  by: ReportGrouping;
  since?: Date;
  format: ReportFormat;
}

/** Where a store is, for people: the SQLite file, or the PostgreSQL server without its password. */
export function describeTarget(target: LedgerTarget): string {
  if (target.engine === 'sqlite') return target.path;
  const url = new URL(target.url);
  url.password = '';
  return url.toString();
}

/**
 * The store a CLI command uses: the config's `ledger` section and the environment, as the workers resolve it.
 * `mustExist`: a reader needs a store some worker wrote already; a backfill may create it.
 */
export function readableTarget(ledger: LedgerConfig | false | undefined, mustExist = true): LedgerTarget {
  const target = ledger === false ? undefined : resolveLedgerTarget(ledger);
  if (!target) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message:
        'the ledger store is off in this config ("ledger": { "enabled": false }): turn it on, or use --source history',
    });
  }
  if (mustExist && target.engine === 'sqlite' && !existsSync(target.path)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message:
        `no ledger store at ${target.path}: no worker of this user on this host has written one yet. Workers started ` +
        'by the CLI write it; set LLM_CASCADE_LEDGER_PATH or LLM_CASCADE_LEDGER_URL (or "ledger" in the config) to ' +
        'read another, or use --source history',
    });
  }
  return target;
}

export async function storeReportText(ledger: LedgerConfig | false | undefined, flags: StoreReportFlags) {
  const target = readableTarget(ledger);
  // The drivers load only here: every other command starts without them.
  const { openLedgerStore } = await import('../../store/store');
  const store = await openLedgerStore(target);
  try {
    const report = await store.report({ by: flags.by, ...(flags.since && { sinceMs: flags.since.getTime() }) });
    const where = describeTarget(target);
    return formatReport(
      { by: flags.by, groups: report.groups, total: report.total, inFlight: report.inFlight },
      { query: '', namespace: '', truncated: false, limit: 0, store: where },
      flags.format,
    );
  } finally {
    await store.close();
  }
}
