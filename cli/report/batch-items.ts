/**
 * The requests of a batch workflow run whose items ran inline: its attempts are its own activities, each naming
 * its item (`CallModelInput.batchItem`), so one history holds many requests. Pure: `source.ts` reads the history.
 */
import type { ReportAttempt } from './aggregate';
import type { LedgerRow } from './ledger';

/** One run of one item: what an item workflow (`<batch id>/<item id>`, `~retryN` per later round) held. */
export interface ItemRequest {
  item: string;
  /** 0 for the item's first round in this batch run, 1 for its next retry round in the same run, … */
  round: number;
  attempts: ReportAttempt[];
  /** An attempt of this round has not ended (yet). */
  running: boolean;
  /** When its first attempt was scheduled, and when its last one ended (absent while running). */
  startMs?: number;
  endMs?: number;
}

/**
 * Splits a batch run's ledger rows into one request per item and round, in the order the items started. A round
 * starts where the cascade starts: at its `first` attempt (a provider batch's answer is one), or at the classifier's
 * call that comes before it. Rows without an item (none in a batch today) belong to no request.
 */
export function itemRequests(rows: readonly LedgerRow[]): ItemRequest[] {
  const requests: ItemRequest[] = [];
  const current = new Map<string, { request: ItemRequest; last: LedgerRow }>();
  for (const row of [...rows].sort((a, b) => a.eventId - b.eventId)) {
    if (row.item === undefined) continue;
    const open = current.get(row.item);
    let request = open?.request;
    if (!request || startsRound(row, open!.last)) {
      request = { item: row.item, round: request ? request.round + 1 : 0, attempts: [], running: false };
      requests.push(request);
    }
    current.set(row.item, { request, last: row });
    if (row.attempt) request.attempts.push(row.attempt);
    else request.running = true;
    if (row.startMs !== undefined) request.startMs ??= row.startMs;
    if (row.endMs !== undefined) request.endMs = Math.max(request.endMs ?? row.endMs, row.endMs);
  }
  for (const request of requests) if (request.running) delete request.endMs;
  return requests;
}

/** A cascade's first call is `first`, or `classify` and then `first`; no other attempt has either reason. */
function startsRound(row: LedgerRow, previous: LedgerRow): boolean {
  return row.reason === 'classify' || (row.reason === 'first' && previous.reason !== 'classify');
}
