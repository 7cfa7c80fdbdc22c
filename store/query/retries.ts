/** The more-tokens retries the store holds, for a worker's retry measurements (activities/cascade/retry-stats.ts). */
import type { SqlExecutor } from '../engine/types';

/** One more-tokens retry: its model, whether its answer was `ok`, when it was recorded (epoch ms). */
export interface StoredRetry {
  ref: string;
  ok: boolean;
  atMs: number;
}

/** The retries of requests started in [sinceMs, untilMs), oldest first (found through the requests' start index). */
export async function moreTokensRetries(db: SqlExecutor, sinceMs: number, untilMs: number): Promise<StoredRetry[]> {
  const rows = await db.all<{ model_ref: string; outcome: string; at: number | string }>(
    `SELECT a.model_ref, a.outcome, a.at FROM requests r JOIN attempts a ON a.request_key = r.request_key
     WHERE r.started_at >= ? AND r.started_at < ? AND a.reason = 'more_tokens' ORDER BY a.at`,
    [sinceMs, untilMs],
  );
  return rows.map((row) => ({ ref: row.model_ref, ok: row.outcome === 'ok', atMs: Number(row.at) }));
}
