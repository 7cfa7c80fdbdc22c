/**
 * Requests chosen by who ran them rather than by time alone (`report --workflow-id`, `--batch`, `--kind` from the
 * store): the rows themselves with their attempts, for the same pure aggregation the history report uses.
 */
import type { SqlExecutor, SqlValue } from '../engine/types';
import type { RequestKind } from '../rows';
import { loadRequests, type StoredRequest } from './rows';
import { windowConditions, type TimeWindow } from './window';

export interface RequestSelection extends TimeWindow {
  /** Only this workflow's requests (a cascade, an item workflow, a job's steps, a batch's inline items). */
  workflowId?: string;
  /** Only the items of this batch (inline or item workflows). */
  batchId?: string;
  /** Only requests of these kinds. */
  kinds?: readonly RequestKind[];
  task?: string;
}

/** The `WHERE` clause (on `requests r`) of a selection. Pure. */
export function selectionWhere(selection: RequestSelection): { where: string; params: SqlValue[] } {
  const { conditions, params } = windowConditions(selection);
  const all: SqlValue[] = [...params];
  if (selection.workflowId !== undefined) {
    conditions.push('r.workflow_id = ?');
    all.push(selection.workflowId);
  }
  if (selection.batchId !== undefined) {
    conditions.push('r.batch_id = ?');
    all.push(selection.batchId);
  }
  if (selection.kinds !== undefined) {
    conditions.push(
      selection.kinds.length === 0 ? '1 = 0' : `r.kind IN (${selection.kinds.map(() => '?').join(', ')})`,
    );
    all.push(...selection.kinds);
  }
  return { where: conditions.length > 0 ? conditions.join(' AND ') : '1 = 1', params: all };
}

/** The selected requests with their attempts, oldest first. */
export function selectedRequests(db: SqlExecutor, selection: RequestSelection): Promise<StoredRequest[]> {
  const { where, params } = selectionWhere(selection);
  return loadRequests(db, where, params, 'ORDER BY r.started_at, r.scope');
}
