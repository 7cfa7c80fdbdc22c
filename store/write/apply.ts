/**
 * Applies a batch of writes to the store in one transaction, exactly once: a row whose key is already there is
 * skipped, and the rollups get the deltas of the rows this transaction really inserted (or the requests it really
 * finished), in the same transaction. A retry of the whole batch after a failure is therefore harmless.
 */
import { insertRows } from '../engine/bulk';
import type { SqlEngine, SqlExecutor, SqlValue } from '../engine/types';
import { addAttempt, addLabel, addRequest } from '../rollup/contributions';
import { RollupDeltas } from '../rollup/counters';
import type { AttemptRow, LabelVerdict, LedgerContext, RequestRow } from '../rows';
import {
  ATTEMPT_COLUMNS,
  CONTEXT_COLUMNS,
  FINISH_COLUMNS,
  ROLLUP_COLUMNS,
  ROLLUP_UPSERT,
  attemptOf,
  attemptValues,
  contextOf,
  contextValues,
  finishValues,
  keyBytes,
  keyHex,
  pgType,
  rollupValues,
} from './columns';

/** One write, as the outbox keeps it. */
export type LedgerOperation =
  { op: 'attempt'; row: AttemptRow } | { op: 'request'; row: RequestRow } | { op: 'label'; verdict: LabelVerdict };

export interface ApplyResult {
  /** Attempt rows new to the store (the rest were there already). */
  attempts: number;
  /** Requests whose end was new to the store. */
  requests: number;
  labels: number;
}

export async function applyOperations(engine: SqlEngine, operations: readonly LedgerOperation[]): Promise<ApplyResult> {
  return engine.transaction((tx) => applyIn(tx, operations));
}

export async function applyIn(tx: SqlExecutor, operations: readonly LedgerOperation[]): Promise<ApplyResult> {
  const attempts = new Map<string, AttemptRow>();
  const requests = new Map<string, RequestRow>();
  const contexts = new Map<string, LedgerContext>();
  const labels: LabelVerdict[] = [];
  for (const operation of operations) {
    if (operation.op === 'attempt') {
      if (!attempts.has(operation.row.key)) attempts.set(operation.row.key, operation.row);
      if (!contexts.has(operation.row.requestKey)) contexts.set(operation.row.requestKey, operation.row.context);
    } else if (operation.op === 'request') {
      if (!requests.has(operation.row.key)) requests.set(operation.row.key, operation.row);
      if (!contexts.has(operation.row.key)) contexts.set(operation.row.key, operation.row.context);
    } else labels.push(operation.verdict);
  }
  const deltas = new RollupDeltas();

  // A finished request new to the store goes in whole, in one multi-row insert (backfill, a request that ends on
  // the worker that started it); the others get their end by an update, only if they have none yet.
  let finished = 0;
  const ended = [...requests.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const insertedWhole = new Set(
    (
      await insertRows<{ request_key: unknown }>(
        tx,
        'requests',
        [...CONTEXT_COLUMNS, ...FINISH_COLUMNS],
        ended.map((row) => [...contextValues(row.key, row.context), ...finishValues(row)]),
        'ON CONFLICT (request_key) DO NOTHING RETURNING request_key',
        pgType,
      )
    ).map((row) => keyHex(row.request_key)),
  );
  // Every other request gets its context row from whichever of its rows comes first; later ones leave it as it is.
  const contextRows = [...contexts]
    .filter(([key]) => !requests.has(key))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, context]) => contextValues(key, context));
  await insertRows(tx, 'requests', CONTEXT_COLUMNS, contextRows, 'ON CONFLICT (request_key) DO NOTHING', pgType);
  const pending = ended.filter((row) => !insertedWhole.has(row.key));
  const newlyEnded = new Set([...insertedWhole, ...(await finishRequests(tx, pending))]);
  for (const row of ended) {
    if (!newlyEnded.has(row.key)) continue;
    finished++;
    addRequest(deltas, row);
  }

  const attemptRows = [...attempts.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const inserted = await insertRows<{ attempt_key: unknown }>(
    tx,
    'attempts',
    ATTEMPT_COLUMNS,
    attemptRows.map(attemptValues),
    'ON CONFLICT (request_key, attempt_key) DO NOTHING RETURNING attempt_key',
    pgType,
  );
  for (const row of inserted) addAttempt(deltas, attempts.get(keyHex(row.attempt_key))!);

  let labelled = 0;
  for (const verdict of labels) if (await applyLabel(tx, verdict, deltas)) labelled++;

  const cells = deltas.entries();
  await insertRows(
    tx,
    'rollup',
    ROLLUP_COLUMNS,
    cells.map(({ cell, counters }) => rollupValues(cell, counters)),
    ROLLUP_UPSERT,
    pgType,
  );
  return { attempts: inserted.length, requests: finished, labels: labelled };
}

/** Sets the end of requests that have none yet; the keys of those it set. */
async function finishRequests(tx: SqlExecutor, rows: readonly RequestRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  if (tx.dialect === 'postgres') {
    // One statement for the lot: a round trip per request is what makes a backlog slow to drain.
    const columns = ['request_key', ...FINISH_COLUMNS];
    const values = rows.map((row) => [keyBytes(row.key), ...finishValues(row)]);
    const select = columns.map((column, index) => `$${index + 1}::${pgType(column)}[]`).join(', ');
    const updated = await tx.all<{ request_key: unknown }>(
      `UPDATE requests r SET ${FINISH_COLUMNS.map((column) => `${column} = v.${column}`).join(', ')}
FROM unnest(${select}) AS v(${columns.join(', ')})
WHERE r.request_key = v.request_key AND r.finished_at IS NULL RETURNING r.request_key`,
      columns.map((_, index) => values.map((row) => row[index]!)) as unknown as SqlValue[],
    );
    return updated.map((row) => keyHex(row.request_key));
  }
  const set = FINISH_COLUMNS.map((column) => `${column} = ?`).join(', ');
  const done: string[] = [];
  for (const row of rows) {
    const sql = `UPDATE requests SET ${set} WHERE request_key = ? AND finished_at IS NULL`;
    if ((await tx.run(sql, [...finishValues(row), keyBytes(row.key)])) > 0) done.push(row.key);
  }
  return done;
}

/** Sets a finished request's label verdict; the rollups move by the change. False when it is unknown or unfinished. */
async function applyLabel(tx: SqlExecutor, verdict: LabelVerdict, deltas: RollupDeltas): Promise<boolean> {
  const key = keyBytes(verdict.requestKey);
  const [request] = await tx.all('SELECT * FROM requests WHERE request_key = ? AND finished_at IS NOT NULL', [key]);
  if (!request) return false;
  const before = request.label_correct === null ? null : Number(request.label_correct) === 1;
  if (before === verdict.correct) return true;
  await tx.run('UPDATE requests SET label_correct = ? WHERE request_key = ?', [verdict.correct ? 1 : 0, key]);
  const context = contextOf(request);
  const rows = await tx.all('SELECT * FROM attempts WHERE request_key = ?', [key]);
  addLabel(deltas, { context, ledger: rows.map((row) => attemptOf(row, context)) }, before, verdict.correct);
  return true;
}
