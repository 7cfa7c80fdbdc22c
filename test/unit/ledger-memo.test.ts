// Pure unit tests — the ledger summary a finished run leaves in its memo (shown by the Temporal UI with no worker)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../workflows/definitions';
import { MEMO_ATTEMPT_ROWS, MEMO_STEP_ROWS, ledgerMemo } from '../../workflows/job/memo';
import { batchMemo } from '../../workflows/batch/report';
import { route, row } from '../helpers/plans';

const PLAN = route([['economy', ['a/eco']]]);

/** The shared test row (test/helpers/plans.ts) with this file's tokens, latency and cost. */
function memoRow(seq: number, costMicroUsd: number, extra: Partial<AttemptRecord> = {}): AttemptRecord {
  return row(PLAN, 0, 0, extra.outcome ?? 'ok', {
    seq,
    billed: costMicroUsd > 0,
    usage: { inputTokens: 120, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 30 },
    costMicroUsd,
    costUsd: costMicroUsd / 1e6,
    latencyMs: 42,
    ...extra,
  });
}

describe('ledgerMemo', () => {
  it('sums the rows in integer micro-USD and prints the total the UI shows', () => {
    const memo = ledgerMemo(
      [
        memoRow(1, 73, { outcome: 'schema_violation' }),
        memoRow(2, 0, { outcome: 'provider_error', status: 503, tries: 2 }),
        memoRow(3, 1_234_567),
      ],
      'done',
    );
    assert.equal(memo.costMicroUsd, 1_234_640);
    assert.equal(memo.total, '$1.234640 over 3 attempts (2 billed)');
    assert.deepEqual(memo.rows, [
      '1. economy · a/eco · first · schema_violation · 120→30 tok · $0.000073 · 42 ms',
      '2. economy · a/eco · first · provider_error 503 (2 tries) · 120→30 tok · $0.000000 · 42 ms',
      '3. economy · a/eco · first · ok · 120→30 tok · $1.234567 · 42 ms',
    ]);
    assert.equal(memo.steps, undefined);
    assert.equal(memo.omitted, undefined);
  });

  it("a job's memo has its steps' totals; an estimated cost is marked", () => {
    const memo = ledgerMemo(
      [
        memoRow(1, 10, { step: 'classify' }),
        memoRow(1, 20, { step: 'draft', estimated: true }),
        memoRow(2, 30, { step: 'draft' }),
      ],
      'draft: done',
    );
    assert.deepEqual(memo.steps, [
      { step: 'classify', attempts: 1, billed: 1, cost: '$0.000010', costMicroUsd: 10 },
      { step: 'draft', attempts: 2, billed: 2, cost: '$0.000050', costMicroUsd: 50 },
    ]);
    assert.equal(memo.rows[1], 'draft 1. economy · a/eco · first · ok · 120→30 tok · ≈$0.000020 · 42 ms');
    assert.equal(memo.status, 'draft: done');
  });

  it('keeps the newest rows of a long ledger and says how many it left out; the totals still count every row', () => {
    const rows = Array.from({ length: MEMO_ATTEMPT_ROWS + 7 }, (_, i) => memoRow(i + 1, 1));
    const memo = ledgerMemo(rows, 'done');
    assert.equal(memo.rows.length, MEMO_ATTEMPT_ROWS);
    assert.match(memo.rows[0]!, /^8\. /);
    assert.equal(memo.attempts, MEMO_ATTEMPT_ROWS + 7);
    assert.equal(memo.costMicroUsd, MEMO_ATTEMPT_ROWS + 7);
    assert.match(memo.omitted!, /^7 earlier attempts/);
  });

  it("keeps a long job's newest steps only, and says so", () => {
    const rows = Array.from({ length: MEMO_STEP_ROWS + 5 }, (_, i) => memoRow(1, 2, { step: `step ${i + 1}` }));
    const memo = ledgerMemo(rows, 'done');
    assert.equal(memo.steps!.length, MEMO_STEP_ROWS);
    assert.equal(memo.steps![0]!.step, 'step 6');
    assert.equal(memo.costMicroUsd, 2 * (MEMO_STEP_ROWS + 5));
    assert.match(memo.omitted!, /^5 earlier steps: /);
  });

  it('carries names and numbers only (no answer text or errors)', () => {
    const memo = ledgerMemo([memoRow(1, 5, { error: 'SECRET document text', validationErrors: ['SECRET'] })], 'done');
    assert.doesNotMatch(JSON.stringify(memo), /SECRET/);
  });
});

describe('batchMemo', () => {
  it("a batch run's items, outcome and exact cost", () => {
    const memo = batchMemo(
      {
        batchId: 'b1',
        phase: 'done',
        total: 12,
        alreadyDone: 2,
        done: 10,
        ok: 9,
        failed: 1,
        retrying: 0,
        inFlight: 0,
        costUsd: 0.000321,
        projectedTotalCostUsd: 0.000321,
        runs: 2,
      },
      321,
      'completed',
    );
    assert.equal(memo.items, '10 of 10 items finished: 9 ok, 1 failed');
    assert.equal(memo.total, '$0.000321');
    assert.equal(memo.costMicroUsd, 321);
    assert.equal(memo.alreadyDone, 2);
    assert.equal(memo.runs, 2);
  });
});
