/**
 * The one read every aggregate query is built on: counter sums per grouping key over a time window (optionally per
 * day or hour, per task), from the rollups for whole hours and from the rows for the partial hours at the ends.
 */
import type { SqlExecutor, SqlValue } from '../engine/types';
import { addAttempt, addLabel, addRequest } from '../rollup/contributions';
import {
  COUNTERS,
  DAILY_DIMS,
  DAY_MS,
  HOUR_MS,
  RollupDeltas,
  type Counter,
  type Counters,
  type Dim,
} from '../rollup/counters';
import type { RequestRow } from '../rows';
import { loadRequests } from './rows';
import { planWindow, type TimeWindow } from './window';

export interface SumsOptions extends TimeWindow {
  dims: readonly Dim[];
  /** Only requests of this task. */
  task?: string;
  /** Sums per hour or per day (UTC) of request start, besides per key. */
  per?: 'hour' | 'day';
  /** Sums per task, besides per key. */
  perTask?: boolean;
  /** Only these counters (the others read as 0): less for the database to add up. @default all */
  counters?: readonly Counter[];
}

export interface SumRow {
  dim: Dim;
  key: string;
  /** The hour or day (hours since the epoch of its first hour), with `per`. */
  bucket?: number;
  task?: string;
  counters: Required<Counters>;
}

const zero = (): Required<Counters> => Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Required<Counters>;

export interface SumsResult {
  rows: SumRow[];
  /** The window the sums cover: the one asked for, or the whole UTC days around it for daily groupings. */
  window: TimeWindow;
}

/** A window widened to whole UTC days (daily groupings have no hourly cells to cut a day with). */
export function dayWindow(window: TimeWindow): TimeWindow {
  return {
    ...(window.sinceMs !== undefined && { sinceMs: Math.floor(window.sinceMs / DAY_MS) * DAY_MS }),
    ...(window.untilMs !== undefined && { untilMs: Math.ceil(window.untilMs / DAY_MS) * DAY_MS }),
  };
}

export async function sums(db: SqlExecutor, asked: SumsOptions): Promise<SumsResult> {
  const daily = asked.dims.some((dim) => DAILY_DIMS.has(dim));
  const options: SumsOptions = daily ? { ...asked, ...dayWindow(asked) } : asked;
  const rows = new Map<string, SumRow>();
  const selected = options.counters ?? COUNTERS;
  const width = options.per === 'day' ? 24 : 1;
  const add = (dim: Dim, key: string, bucket: number, task: string, counters: Counters) => {
    const group = options.per ? Math.floor(bucket / width) * width : undefined;
    const id = `${dim}\u0001${key}\u0001${group ?? ''}\u0001${options.perTask ? task : ''}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        dim,
        key,
        ...(group !== undefined && { bucket: group }),
        ...(options.perTask && { task }),
        counters: zero(),
      };
      rows.set(id, row);
    }
    for (const name of selected) row.counters[name] += Number(counters[name] ?? 0);
  };

  const plan = planWindow(options);
  if (plan.whole) {
    const where = [`dim IN (${options.dims.map(() => '?').join(', ')})`];
    const params: SqlValue[] = [...options.dims];
    if (plan.whole.fromBucket !== undefined) {
      where.push('bucket >= ?');
      params.push(plan.whole.fromBucket);
    }
    if (plan.whole.toBucket !== undefined) {
      where.push('bucket < ?');
      params.push(plan.whole.toBucket);
    }
    if (options.task !== undefined) {
      where.push('task = ?');
      params.push(options.task);
    }
    const groups = ['dim', 'key', ...(options.per ? [`bucket / ${width}`] : []), ...(options.perTask ? ['task'] : [])];
    const sql = `SELECT dim, key${options.per ? `, bucket / ${width} AS grp` : ''}${options.perTask ? ', task' : ''}, ${selected
      .map((name) => `SUM(${name}) AS ${name}`)
      .join(', ')} FROM rollup WHERE ${where.join(' AND ')} GROUP BY ${groups.join(', ')}`;
    for (const row of await db.all(sql, params)) {
      add(
        row.dim as Dim,
        String(row.key),
        options.per ? Number(row.grp) * width : 0,
        options.perTask ? String(row.task) : '',
        row as Counters,
      );
    }
  }
  for (const edge of plan.edges) {
    const deltas = await edgeDeltas(db, edge.fromMs, edge.toMs, options.task);
    const wanted = new Set<Dim>(options.dims);
    for (const { cell, counters } of deltas.entries())
      if (wanted.has(cell.dim)) add(cell.dim, cell.key, cell.bucket, cell.task, counters);
  }
  return {
    rows: [...rows.values()],
    window: {
      ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
      ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
    },
  };
}

/** What the rows of requests started in [fromMs, toMs) added to the rollups: recomputed, as the writer did. */
async function edgeDeltas(db: SqlExecutor, fromMs: number, toMs: number, task?: string): Promise<RollupDeltas> {
  const deltas = new RollupDeltas();
  const where = `r.started_at >= ? AND r.started_at < ?${task !== undefined ? ' AND r.task = ?' : ''}`;
  const requests = await loadRequests(db, where, task !== undefined ? [fromMs, toMs, task] : [fromMs, toMs]);
  for (const request of requests) {
    for (const attempt of request.attempts) addAttempt(deltas, attempt);
    if (request.outcome === undefined) continue;
    const row: RequestRow = {
      key: request.key,
      context: request.context,
      outcome: request.outcome,
      attempts: request.attempts.length,
      billedAttempts: 0,
      costMicroUsd: request.costMicroUsd,
      usage: { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
      baselineMicroUsd: request.baselineMicroUsd,
      finishedAtMs: request.finishedAtMs!,
      latencyMs: request.latencyMs!,
      ledger: request.attempts,
    };
    addRequest(deltas, row);
    if (request.correct !== undefined) addLabel(deltas, row, null, request.correct);
  }
  return deltas;
}

export { HOUR_MS };
