/**
 * Deterministic identities of ledger rows. Every writer of a row (the activity the moment the provider answered,
 * the workflow's ledger as it grows, a backfill from history) derives the same key from the same position, so the
 * store keeps a row once however many times it is written. Pure.
 */
import { createHash } from 'node:crypto';

/** Where a request sits inside its workflow run: a standalone cascade, a named step, or a batch item's round. */
export interface RequestPosition {
  workflowId: string;
  runId: string;
  /** The job step (`cascade({ step })`), for a request that is a step of a larger workflow. */
  step?: string;
  /** The batch item, for an item that ran inline in its batch workflow. */
  itemId?: string;
  /** The item's retry round inside this run (0 for its first). @default 0 */
  round?: number;
}

/** Where an attempt sits inside its request. */
export interface AttemptPosition extends RequestPosition {
  /** 1-based position in the request's ledger (`AttemptRecord.seq`). */
  seq: number;
  /**
   * A billed answer: Temporal's attempt number of the activity that got it (`AttemptRecord.tries`), so an answer
   * billed by a try whose worker died before completing the activity keeps its own row: it was paid.
   * 0 for the ledger's row of an attempt nobody billed (an error, a timeout): one row per position, whoever writes it.
   */
  activityAttempt: number;
}

/**
 * The request's scope inside its run, as text: `''` for a standalone cascade, `step:<name>`, `item:<id>` or
 * `item:<id>~retry<n>` (the batch's own naming of later rounds). Stored with the row, readable by people.
 */
export function requestScope(position: Pick<RequestPosition, 'step' | 'itemId' | 'round'>): string {
  if (position.itemId !== undefined) {
    const round = position.round ?? 0;
    return round === 0 ? `item:${position.itemId}` : `item:${position.itemId}~retry${round}`;
  }
  return position.step !== undefined ? `step:${position.step}` : '';
}

/**
 * 16 bytes of SHA-256 over the parts, as 32 hex digits. 128 bits: at ten billion rows the chance of any two keys
 * colliding is below 1e-18, so a key can stand for its row (a collision would silently drop a paid row).
 * The parts are JSON-encoded, so no choice of ids can make two different positions hash the same text.
 */
function digest(parts: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The key of a request: its workflow run and scope. */
export function requestKey(position: RequestPosition): string {
  return digest(['request', position.workflowId, position.runId, requestScope(position)]);
}

/** The key of an attempt: its request, ledger position and activity attempt. */
export function attemptKey(position: AttemptPosition): string {
  if (!Number.isSafeInteger(position.seq) || position.seq < 1)
    throw new RangeError(`attempt seq must be a positive integer, got ${position.seq}`);
  if (!Number.isSafeInteger(position.activityAttempt) || position.activityAttempt < 0)
    throw new RangeError(`activity attempt must be a non-negative integer, got ${position.activityAttempt}`);
  return digest([
    'attempt',
    position.workflowId,
    position.runId,
    requestScope(position),
    position.seq,
    position.activityAttempt,
  ]);
}
