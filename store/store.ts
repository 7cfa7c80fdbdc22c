/**
 * The ledger store: `openLedgerStore` for reading (reports, the dashboard, `tune`, `explain`) and maintenance,
 * `createLedgerWriter` for the processes that record (workers, the gateway). Both take a `LedgerTarget`
 * (`resolveLedgerTarget`), so the embedded file and PostgreSQL are one choice of configuration.
 */
import type { LedgerTarget } from './config';
import { openPostgres } from './engine/postgres';
import { openSqlite } from './engine/sqlite';
import type { SqlEngine } from './engine/types';
import { prune, type PruneOptions, type PruneResult } from './prune';
import { experimentArms, type StoreExperiment } from './query/experiments';
import { storeReport, type StoreReport, type StoreReportOptions } from './query/report';
import { failedRequests, requestLedger, topRequests, type ListOptions } from './query/requests';
import type { StoredRequest } from './query/rows';
import { spendSeries, tierRates, type SeriesOptions, type SeriesPoint, type TierRatePoint } from './query/series';
import { tuneInputs, type TuneTaskCounts } from './query/tune';
import type { TimeWindow } from './query/window';
import { migrate } from './schema/migrate';
import { applyOperations, type ApplyResult, type LedgerOperation } from './write/apply';
import { LedgerWriter, type WriterLog } from './write/writer';

export interface OpenOptions {
  /** SQLite: how long a write waits for another process's lock, ms. @default 5000 */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. @default 4 */
  poolSize?: number;
}

/** The engine of a target, schema not checked (see {@link openLedgerStore}). */
export function openEngine(target: LedgerTarget, options: OpenOptions = {}): SqlEngine {
  return target.engine === 'sqlite'
    ? openSqlite({ path: target.path, busyTimeoutMs: options.busyTimeoutMs })
    : openPostgres({ url: target.url, max: options.poolSize });
}

/** An engine whose schema is up to date (the migrations it lacked applied). */
export async function connectEngine(target: LedgerTarget, options: OpenOptions = {}): Promise<SqlEngine> {
  const engine = openEngine(target, options);
  try {
    await migrate(engine);
    return engine;
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}

export class LedgerStore {
  constructor(
    readonly target: LedgerTarget,
    readonly engine: SqlEngine,
  ) {}

  /** Spend, savings and rates per grouping over a window (whole hours from rollups, the ends from rows). */
  report(options: StoreReportOptions): Promise<StoreReport> {
    return storeReport(this.engine, options);
  }

  /** Totals over a window: the report's total row. */
  async totals(options: TimeWindow & { task?: string } = {}): Promise<StoreReport['total']> {
    return (await storeReport(this.engine, { ...options, by: 'task' })).total;
  }

  spendSeries(options: SeriesOptions): Promise<SeriesPoint[]> {
    return spendSeries(this.engine, options);
  }

  tierRates(options: SeriesOptions): Promise<TierRatePoint[]> {
    return tierRates(this.engine, options);
  }

  experiments(options: TimeWindow & { task?: string } = {}): Promise<StoreExperiment[]> {
    return experimentArms(this.engine, options);
  }

  tuneInputs(options: TimeWindow & { task?: string } = {}): Promise<TuneTaskCounts[]> {
    return tuneInputs(this.engine, options);
  }

  requestLedger(workflowId: string): Promise<StoredRequest[]> {
    return requestLedger(this.engine, workflowId);
  }

  topRequests(options: ListOptions = {}): Promise<StoredRequest[]> {
    return topRequests(this.engine, options);
  }

  failedRequests(options: ListOptions = {}): Promise<StoredRequest[]> {
    return failedRequests(this.engine, options);
  }

  /** Writes rows directly (backfill, the generator, tests): exactly once, like the writer, but it may throw. */
  apply(operations: readonly LedgerOperation[]): Promise<ApplyResult> {
    return applyOperations(this.engine, operations);
  }

  prune(options: PruneOptions): Promise<PruneResult> {
    return prune(this.engine, options);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Opens a target's store for reading and maintenance, bringing its schema up to date. */
export async function openLedgerStore(target: LedgerTarget, options: OpenOptions = {}): Promise<LedgerStore> {
  return new LedgerStore(target, await connectEngine(target, options));
}

export interface WriterOptions {
  log?: WriterLog;
  /** SQLite: a drain waits at most this long for another process's write lock, then tries later, ms. @default 250 */
  busyTimeoutMs?: number;
  batchSize?: number;
  retryMaxMs?: number;
}

/**
 * The writer a worker or gateway holds for its life: never throws, never waits for the store (see LedgerWriter).
 * It connects (and migrates) lazily, so a worker starts even while the store is down.
 */
export function createLedgerWriter(target: LedgerTarget, options: WriterOptions = {}): LedgerWriter {
  return new LedgerWriter({
    connect: () => connectEngine(target, { busyTimeoutMs: options.busyTimeoutMs ?? 250 }),
    outboxDir: target.outboxDir,
    ...(options.log && { log: options.log }),
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    ...(options.retryMaxMs !== undefined && { retryMaxMs: options.retryMaxMs }),
  });
}
