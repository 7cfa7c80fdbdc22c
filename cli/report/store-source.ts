/**
 * `llm-cascade report --source store`: the same report read from the ledger store (docs/ledger-store.md) instead of
 * one history per workflow: any volume, any age (what the store keeps), no `--limit`.
 */
import { existsSync } from 'node:fs';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { resolveLedgerTarget, type LedgerConfig, type LedgerTarget } from '../../store/config';
import type { LedgerStore } from '../../store/store';
import { selectedRequests } from '../../store/query/selected';
import { aggregateReport, type ReportGrouping } from './aggregate';
import { compareArms, compareExperiments, formatExperiments } from './experiment';
import { formatReport, type ReportFormat } from './format';
import type { ReportKind } from './query';
import { STORE_KINDS, storedRun } from './store-runs';

export interface StoreReportFlags {
  by: ReportGrouping | 'experiment';
  since?: Date;
  format: ReportFormat;
  kind: ReportKind;
  batch?: string;
  workflowId?: string;
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

/** Whether a store is configured and there to read (the choice of `--source`'s default: choose-source.ts). */
export function storePresence(ledger: LedgerConfig | false | undefined): { storeOff: boolean; storePresent: boolean } {
  const target = ledger === false ? undefined : resolveLedgerTarget(ledger);
  if (!target) return { storeOff: true, storePresent: false };
  return { storeOff: false, storePresent: target.engine === 'postgres' || existsSync(target.path) };
}

/** Opens the readable store of a config for one read (the drivers load only here: other commands start without them). */
export async function withStore<T>(
  ledger: LedgerConfig | false | undefined,
  read: (store: LedgerStore, where: string) => Promise<T>,
): Promise<T> {
  const target = readableTarget(ledger);
  const { openLedgerStore } = await import('../../store/store');
  const store = await openLedgerStore(target);
  try {
    return await read(store, describeTarget(target));
  } finally {
    await store.close();
  }
}

/**
 * A report from the store. Over a window alone it sums the rollups (any volume); a selection by workflow, batch or
 * kind reads those requests' rows and aggregates them as the history report does.
 */
export function storeReportText(ledger: LedgerConfig | false | undefined, flags: StoreReportFlags): Promise<string> {
  return withStore(ledger, async (store, where) => {
    const context = { query: '', namespace: '', truncated: false, limit: 0, store: where };
    const window = flags.since ? { sinceMs: flags.since.getTime() } : {};
    const selective = flags.batch !== undefined || flags.workflowId !== undefined || flags.kind !== 'all';
    if (selective) {
      const requests = await selectedRequests(store.engine, {
        ...window,
        ...(flags.workflowId !== undefined && { workflowId: flags.workflowId }),
        ...(flags.batch !== undefined && { batchId: flags.batch }),
        ...(flags.kind !== 'all' && { kinds: STORE_KINDS[flags.kind] }),
      });
      const runs = requests.map(storedRun);
      if (flags.by === 'experiment') return formatExperiments(compareExperiments(runs), context, flags.format);
      return formatReport(aggregateReport(runs, flags.by), context, flags.format);
    }
    if (flags.by === 'experiment') {
      const arms = await store.experiments(window);
      const comparisons = arms.map((e) => compareArms(e.experiment, e.control, e.variant));
      return formatExperiments(comparisons, context, flags.format);
    }
    const report = await store.report({ by: flags.by, ...window });
    return formatReport(
      { by: flags.by, groups: report.groups, total: report.total, inFlight: report.inFlight },
      context,
      flags.format,
    );
  });
}
