// Pure unit tests — job budgets across steps (reserve the worst case, settle to the actual) and per-step ledgers; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobBudget, jobBudget, stepLimitMicroUsd } from '../../workflows/job/budget';
import { jobLedgerMarkdown, stepTotals } from '../../workflows/job/ledger';
import type { AttemptRecord } from '../../workflows/definitions';

function row(step: string | undefined, costMicroUsd: number, seq = 1): AttemptRecord {
  return {
    seq,
    ...(step !== undefined && { step }),
    tier: 'economy',
    tierIndex: 0,
    candidateIndex: 0,
    ref: 'a/eco',
    provider: 'a',
    model: 'eco',
    reason: 'first',
    reasonDetail: 'first attempt',
    outcome: 'ok',
    billed: true,
    usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5 },
    costMicroUsd,
    costUsd: costMicroUsd / 1e6,
    latencyMs: 1,
    tries: 1,
    maxOutputTokens: 100,
    priceSource: 'test',
    priceEffectiveFrom: '2025-01-01',
  };
}

describe('jobBudget: reserve the worst case, settle to the actual cost', () => {
  it('a fresh budget has its whole limit available, floored to whole micro-USD', () => {
    const budget = jobBudget({ maxCostUsd: 0.0100009 });
    assert.equal(budget.maxMicroUsd, 10_000);
    assert.equal(budget.availableMicroUsd(), 10_000);
  });
  it('a reservation holds money back until settled; settling books the actual cost and frees the rest', () => {
    const budget = jobBudget({ maxCostUsd: 0.01 });
    const held = budget.reserve(4_000);
    assert.equal(budget.availableMicroUsd(), 6_000);
    budget.settle(held, 1_500);
    assert.deepEqual(budget.view(), {
      maxMicroUsd: 10_000,
      spentMicroUsd: 1_500,
      reservedMicroUsd: 0,
      availableMicroUsd: 8_500,
    });
  });
  it('settling twice books once', () => {
    const budget = jobBudget({ maxCostUsd: 0.01 });
    const held = budget.reserve(100);
    budget.settle(held, 100);
    budget.settle(held, 100);
    assert.equal(budget.view().spentMicroUsd, 100);
  });
  it('two steps in flight cannot reserve the same money', () => {
    const budget = jobBudget({ maxCostUsd: 0.01 });
    budget.reserve(7_000);
    assert.equal(budget.availableMicroUsd(), 3_000);
    budget.reserve(3_000);
    assert.equal(budget.availableMicroUsd(), 0);
  });
  it('an actual cost above the reservation is booked in full (it was paid); available never goes below 0', () => {
    const budget = jobBudget({ maxCostUsd: 0.001 });
    budget.settle(budget.reserve(500), 1_200);
    assert.equal(budget.view().spentMicroUsd, 1_200);
    assert.equal(budget.availableMicroUsd(), 0);
  });
  it('rejects a limit that is not a positive number of USD', () => {
    for (const maxCostUsd of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new JobBudget({ maxCostUsd }), /positive number of USD/);
    }
  });
});

describe('stepLimitMicroUsd: the limit a step checks its next attempt against', () => {
  const job = (available: number) => ({ availableMicroUsd: () => available });
  it('no job and no own limit: unbounded', () => assert.equal(stepLimitMicroUsd(0, undefined, undefined), undefined));
  it('own limit only', () => assert.equal(stepLimitMicroUsd(300, 1_000, undefined), 1_000));
  it("job only: what the step spent plus the job's available money", () =>
    assert.equal(stepLimitMicroUsd(300, undefined, job(700)), 1_000));
  it('both: the smaller', () => {
    assert.equal(stepLimitMicroUsd(300, 500, job(700)), 500);
    assert.equal(stepLimitMicroUsd(300, 5_000, job(700)), 1_000);
  });
});

describe('job ledger: per-step totals add up to the job total', () => {
  const rows = [row('classify', 120), row('extract', 300), row('extract', 450, 2), row('draft', 1_000)];
  it('one entry per step, in first-seen order, with its own totals', () => {
    const steps = stepTotals(rows);
    assert.deepEqual(
      steps.map((s) => [s.step, s.attempts, s.costMicroUsd]),
      [
        ['classify', 1, 120],
        ['extract', 2, 750],
        ['draft', 1, 1_000],
      ],
    );
    assert.equal(
      steps.reduce((sum, s) => sum + s.costMicroUsd, 0),
      1_870,
    );
  });
  it('the markdown names every step and the job total', () => {
    const markdown = jobLedgerMarkdown(rows, 'running');
    for (const step of ['classify', 'extract', 'draft']) assert.match(markdown, new RegExp(step));
    assert.match(markdown, /3 steps, 4 attempts, job total \*\*\$0\.001870\*\*/);
  });
  it('a ledger without steps (a standalone cascade) shows the plain ledger', () => {
    const markdown = jobLedgerMarkdown([row(undefined, 5)], 'done');
    assert.match(markdown, /^\*\*done\*\*: 1 attempt,/);
    assert.equal(stepTotals([row(undefined, 5)]).length, 0);
  });
});
