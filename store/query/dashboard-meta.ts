/** What the dashboard's filters offer: every task the store has seen, and when its first request started. */
import type { SqlExecutor } from '../engine/types';
import { HOUR_MS } from '../rollup/counters';

export interface StoreSpan {
  tasks: string[];
  /** Start of the hour of the oldest request kept; absent for an empty store. */
  firstMs?: number;
}

/** Read from the rollups' `total` cells (one per hour and task): a short range of the primary key. */
export async function storeSpan(db: SqlExecutor): Promise<StoreSpan> {
  const tasks = await db.all<{ task: string }>("SELECT DISTINCT task FROM rollup WHERE dim = 'total' ORDER BY task");
  const [first] = await db.all<{ bucket: number | null }>(
    "SELECT MIN(bucket) AS bucket FROM rollup WHERE dim = 'total'",
  );
  const bucket = first?.bucket;
  return {
    tasks: tasks.map((row) => String(row.task)),
    ...(bucket !== null && bucket !== undefined && { firstMs: Number(bucket) * HOUR_MS }),
  };
}
