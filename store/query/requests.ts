/** Single requests: one workflow's full ledger, the most expensive requests, the failures. */
import type { SqlExecutor, SqlValue } from '../engine/types';
import { loadRequests, type StoredRequest } from './rows';
import { windowConditions, type TimeWindow } from './window';

/** Every request of a workflow (all its runs, steps and items), each with its attempts, oldest first. */
export function requestLedger(db: SqlExecutor, workflowId: string): Promise<StoredRequest[]> {
  return loadRequests(db, 'r.workflow_id = ?', [workflowId], 'ORDER BY r.started_at, r.scope');
}

export interface ListOptions extends TimeWindow {
  task?: string;
  /** @default 20 */
  limit?: number;
}

function windowWhere(options: ListOptions, extra: string[]): { where: string; params: SqlValue[] } {
  const { conditions, params } = windowConditions(options);
  return { where: [...extra, ...conditions].join(' AND '), params };
}

/** The finished requests that cost most in the window, most expensive first. */
export function topRequests(db: SqlExecutor, options: ListOptions = {}): Promise<StoredRequest[]> {
  const { where, params } = windowWhere(options, ['r.finished_at IS NOT NULL']);
  return loadRequests(db, where, params, `ORDER BY r.cost_micro DESC LIMIT ${limitOf(options)}`).then((rows) =>
    rows.sort((a, b) => b.costMicroUsd - a.costMicroUsd),
  );
}

/** The failed requests in the window, newest first. */
export function failedRequests(db: SqlExecutor, options: ListOptions = {}): Promise<StoredRequest[]> {
  const { where, params } = windowWhere(options, ["r.outcome = 'failed'"]);
  return loadRequests(db, where, params, `ORDER BY r.started_at DESC LIMIT ${limitOf(options)}`).then((rows) =>
    rows.sort((a, b) => b.context.startedAtMs - a.context.startedAtMs),
  );
}

function limitOf(options: ListOptions): number {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new RangeError(`limit must be an integer from 1 to 10000, got ${limit}`);
  return limit;
}
