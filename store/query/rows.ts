/** Reads requests with their attempts back from the tables (a window's edges, one workflow's ledger). */
import type { SqlExecutor, SqlValue } from '../engine/types';
import type { AttemptRow, LedgerContext } from '../rows';
import { attemptOf, contextOf, keyHex } from '../write/columns';

/** A request as stored: its context, its end when it finished, and its attempt rows in ledger order. */
export interface StoredRequest {
  key: string;
  context: LedgerContext;
  /** Absent while it runs. */
  outcome?: 'ok' | 'failed';
  failure?: string;
  finishedAtMs?: number;
  finalTier?: string;
  finalRef?: string;
  costMicroUsd: number;
  baselineMicroUsd: number;
  latencyMs?: number;
  /** The labels file's verdict, when one was recorded. */
  correct?: boolean;
  attempts: AttemptRow[];
}

export function storedRequestOf(row: Record<string, unknown>): StoredRequest {
  const context = contextOf(row);
  const finished = row.finished_at !== null && row.finished_at !== undefined;
  return {
    key: keyHex(row.request_key),
    context,
    ...(finished && {
      outcome: String(row.outcome) as 'ok' | 'failed',
      finishedAtMs: Number(row.finished_at),
      latencyMs: Number(row.latency_ms),
    }),
    ...(row.failure != null && { failure: String(row.failure) }),
    ...(row.final_tier != null && { finalTier: String(row.final_tier) }),
    ...(row.final_ref != null && { finalRef: String(row.final_ref) }),
    costMicroUsd: Number(row.cost_micro ?? 0),
    baselineMicroUsd: Number(row.baseline_micro ?? 0),
    ...(row.label_correct != null && { correct: Number(row.label_correct) === 1 }),
    attempts: [],
  };
}

/**
 * The requests a `WHERE` clause on `requests` selects, each with its attempts (by seq, then activity attempt).
 * `where` uses `r.` for the requests table.
 */
export async function loadRequests(
  db: SqlExecutor,
  where: string,
  params: readonly SqlValue[],
  tail = '',
): Promise<StoredRequest[]> {
  const rows = await db.all(`SELECT r.* FROM requests r WHERE ${where} ${tail}`, params);
  const requests = rows.map(storedRequestOf);
  if (requests.length === 0) return requests;
  const byKey = new Map(requests.map((request) => [request.key, request]));
  const keys = [...byKey.keys()];
  // In chunks: a parameter per key.
  for (let start = 0; start < keys.length; start += 5000) {
    const chunk = keys.slice(start, start + 5000);
    const attempts = await db.all(
      `SELECT * FROM attempts WHERE request_key IN (${chunk.map(() => '?').join(', ')})`,
      chunk.map((key) => Buffer.from(key, 'hex')),
    );
    for (const attempt of attempts) {
      const request = byKey.get(keyHex(attempt.request_key));
      if (request) request.attempts.push(attemptOf(attempt, request.context));
    }
  }
  for (const request of requests)
    request.attempts.sort((a, b) => a.seq - b.seq || a.activityAttempt - b.activityAttempt);
  return requests;
}
