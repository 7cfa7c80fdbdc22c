/**
 * Retention: `prune({ before })` deletes the rows of requests that started before a time, in short transactions
 * (writers keep going meanwhile), and, unless asked to keep them, the rollups of those hours. The cut is on the hour
 * (rounded down), so what is left of the rows and of the rollups always covers the same hours.
 */
import type { SqlEngine } from './engine/types';
import { HOUR_MS } from './rollup/counters';

export interface PruneOptions {
  /** Delete requests that started before this time (rounded down to the hour), ms since the epoch. */
  beforeMs: number;
  /** Keep the hourly rollups: reports over those hours still work, a request's own ledger is gone. @default false */
  keepRollups?: boolean;
  /** Requests deleted per transaction. @default 5000 */
  chunk?: number;
}

export interface PruneResult {
  /** The cut actually used: the hour at or before `beforeMs`. */
  cutMs: number;
  requests: number;
  attempts: number;
  rollupRows: number;
}

export async function prune(engine: SqlEngine, options: PruneOptions): Promise<PruneResult> {
  if (!Number.isFinite(options.beforeMs)) throw new RangeError('prune needs a time: beforeMs');
  const cutBucket = Math.floor(options.beforeMs / HOUR_MS);
  const cutMs = cutBucket * HOUR_MS;
  const chunk = options.chunk ?? 5000;
  const result: PruneResult = { cutMs, requests: 0, attempts: 0, rollupRows: 0 };
  for (;;) {
    const done = await engine.transaction(async (tx) => {
      const keys = (
        await tx.all<{ request_key: Buffer }>(`SELECT request_key FROM requests WHERE started_at < ? LIMIT ${chunk}`, [
          cutMs,
        ])
      ).map((row) => row.request_key);
      if (keys.length === 0) return true;
      const list = keys.map(() => '?').join(', ');
      result.attempts += await tx.run(`DELETE FROM attempts WHERE request_key IN (${list})`, keys);
      result.requests += await tx.run(`DELETE FROM requests WHERE request_key IN (${list})`, keys);
      return keys.length < chunk;
    });
    if (done) break;
  }
  if (!options.keepRollups)
    result.rollupRows = await engine.transaction((tx) => tx.run('DELETE FROM rollup WHERE bucket < ?', [cutBucket]));
  return result;
}
