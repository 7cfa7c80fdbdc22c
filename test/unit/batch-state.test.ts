// Pure unit tests — batch decisions, totals, progress and the report; no workers, no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchItemSummary } from '../../workflows/batch-definitions';
import { batchProgress, batchReport, progressMarkdown } from '../../workflows/batch-report';
import {
  addItem,
  budgetAllowsStart,
  clampConcurrency,
  continueAsNewDue,
  costsOfLedger,
  emptyTotals,
  escalatedFrom,
  inFlightLimit,
  initialState,
  itemBudgetUsd,
  meanItemMicroUsd,
} from '../../workflows/batch-state';
import type { AttemptRecord } from '../../workflows/definitions';

function item(overrides: Partial<BatchItemSummary> = {}): BatchItemSummary {
  return {
    id: 'x',
    status: 'ok',
    costMicroUsd: 100,
    attempts: 1,
    baselineMicroUsd: 1000,
    escalated: false,
    costs: [{ tier: 'economy', ref: 'a/eco', costMicroUsd: 100 }],
    ...overrides,
  };
}

function attempt(tierIndex: number, tier: string, ref: string, costMicroUsd: number): AttemptRecord {
  return { tierIndex, tier, ref, costMicroUsd } as AttemptRecord;
}

const outputs = { resultsPath: '/tmp/r.jsonl', errorsPath: '/tmp/e.jsonl' };

describe('batch totals', () => {
  it('addItem: counts by status, sums cost and baseline, splits cost by tier and model', () => {
    const totals = emptyTotals();
    addItem(totals, item());
    addItem(
      totals,
      item({
        status: 'failed',
        costMicroUsd: 700,
        attempts: 3,
        baselineMicroUsd: 0,
        escalated: true,
        costs: [
          { tier: 'economy', ref: 'a/eco', costMicroUsd: 100 },
          { tier: 'premium', ref: 'c/top', costMicroUsd: 600 },
        ],
      }),
    );
    addItem(totals, item({ status: 'undone', costMicroUsd: 0, attempts: 0, baselineMicroUsd: 0, costs: [] }));
    assert.deepEqual([totals.ok, totals.failed, totals.budgetStopped], [1, 1, 1]);
    assert.equal(totals.costMicroUsd, 800);
    assert.equal(totals.baselineMicroUsd, 1000);
    assert.equal(totals.attempts, 4);
    assert.equal(totals.escalated, 1);
    assert.deepEqual(totals.costByTier, { economy: 200, premium: 600 });
    assert.deepEqual(totals.costByModel, { 'a/eco': 200, 'c/top': 600 });
  });

  it('costsOfLedger: one entry per (tier, model) pair; escalatedFrom: any attempt above the start tier', () => {
    const ledger = [
      attempt(0, 'economy', 'a/eco', 10),
      attempt(0, 'economy', 'a/eco', 5),
      attempt(1, 'standard', 'b/std', 40),
    ];
    assert.deepEqual(costsOfLedger(ledger), [
      { tier: 'economy', ref: 'a/eco', costMicroUsd: 15 },
      { tier: 'standard', ref: 'b/std', costMicroUsd: 40 },
    ]);
    assert.equal(escalatedFrom(ledger, 0), true);
    assert.equal(escalatedFrom(ledger, 1), false, 'an item that started on standard did not escalate');
    assert.equal(escalatedFrom([], 0), false);
  });
});

describe('batch start decisions', () => {
  it('without a budget: the concurrency is the limit and the budget never stops anything', () => {
    const gate = { totals: emptyTotals(), inFlight: 15, concurrency: 16 };
    assert.equal(inFlightLimit(gate), 16);
    assert.equal(budgetAllowsStart(gate), true);
    assert.equal(itemBudgetUsd(gate), undefined);
  });

  it('with a budget and nothing finished: one item goes first to measure the cost of an item', () => {
    const gate = { totals: emptyTotals(), inFlight: 0, concurrency: 16, budgetMicroUsd: 10_000 };
    assert.equal(inFlightLimit(gate), 1);
    assert.equal(budgetAllowsStart(gate), true);
    assert.equal(itemBudgetUsd(gate), 0.01);
  });

  it('with a budget: reserve a mean item for each in flight and the new one; stop at the maximum', () => {
    const totals = emptyTotals();
    for (let i = 0; i < 4; i++) addItem(totals, item({ costMicroUsd: 1_000 }));
    assert.equal(meanItemMicroUsd(totals), 1_000);
    const gate = (inFlight: number) => ({ totals, inFlight, concurrency: 16, budgetMicroUsd: 10_000 });
    assert.equal(inFlightLimit(gate(0)), 16);
    assert.equal(budgetAllowsStart(gate(4)), true, '4000 spent + 5 × 1000 reserved < 10000');
    assert.equal(budgetAllowsStart(gate(5)), false, '4000 + 6 × 1000 reaches 10000');
    assert.equal(itemBudgetUsd(gate(4)), 0.002, 'what is left after the spend and the 4 in flight');
  });

  it('an item stopped by the budget stops the batch from starting more', () => {
    const totals = emptyTotals();
    addItem(totals, item({ costMicroUsd: 10 }));
    addItem(totals, item({ status: 'undone', costMicroUsd: 0, costs: [] }));
    assert.equal(budgetAllowsStart({ totals, inFlight: 0, concurrency: 4, budgetMicroUsd: 1_000_000 }), false);
  });

  it('continue as new when the server suggests it or history passes the threshold; concurrency is clamped', () => {
    assert.equal(continueAsNewDue({ continueAsNewSuggested: true, historyLength: 10 }, 10_000), true);
    assert.equal(continueAsNewDue({ continueAsNewSuggested: false, historyLength: 10_000 }, 10_000), true);
    assert.equal(continueAsNewDue({ continueAsNewSuggested: false, historyLength: 9_999 }, 10_000), false);
    assert.equal(
      continueAsNewDue({ continueAsNewSuggested: false, historyLength: 10, historySize: 1_000_000 }, 10_000),
      true,
    );
    assert.equal(
      continueAsNewDue({ continueAsNewSuggested: false, historyLength: 10, historySize: 999_999 }, 10_000),
      false,
    );
    assert.deepEqual(
      [clampConcurrency(undefined), clampConcurrency(0), clampConcurrency(5000), clampConcurrency(8)],
      [16, 1, 500, 8],
    );
  });
});

describe('batch progress and report', () => {
  it('progress: done counts ok + failed; projected cost scales the mean to the items to process', () => {
    const state = initialState(110, 10, 0);
    addItem(state.totals, item({ costMicroUsd: 300 }));
    addItem(state.totals, item({ status: 'failed', costMicroUsd: 100 }));
    const progress = batchProgress({ batchId: 'b', phase: 'running', state, inFlight: 3 });
    assert.deepEqual([progress.done, progress.ok, progress.failed, progress.inFlight, progress.runs], [2, 1, 1, 3, 1]);
    assert.equal(progress.costUsd, 0.0004);
    assert.equal(progress.projectedTotalCostUsd, 0.02, '200 micro-USD per item × 100 items to process');
    assert.match(progressMarkdown(progress), /2 of 100 items finished \(10 done by earlier runs\)/);
    assert.equal(
      batchProgress({ batchId: 'b', phase: 'starting', state: initialState(0, 0, 0), inFlight: 0 })
        .projectedTotalCostUsd,
      0,
    );
  });

  it('report: counts, undone, cost maps in USD, escalation rate over items run, savings against the baseline', () => {
    const state = initialState(10, 2, 1_000);
    state.totals.skipped = 2;
    state.runs = 2;
    addItem(
      state.totals,
      item({
        costMicroUsd: 200,
        baselineMicroUsd: 1_000,
        costs: [{ tier: 'economy', ref: 'a/eco', costMicroUsd: 200 }],
      }),
    );
    addItem(
      state.totals,
      item({
        costMicroUsd: 300,
        baselineMicroUsd: 1_000,
        escalated: true,
        costs: [{ tier: 'standard', ref: 'b/std', costMicroUsd: 300 }],
      }),
    );
    addItem(
      state.totals,
      item({
        status: 'failed',
        costMicroUsd: 500,
        baselineMicroUsd: 0,
        escalated: true,
        costs: [{ tier: 'premium', ref: 'c/top', costMicroUsd: 500 }],
      }),
    );
    const report = batchReport('b', state, outputs, 'cancelled', 6_000, 'stop');
    assert.deepEqual([report.ok, report.failed, report.skipped, report.undone], [2, 1, 2, 5]);
    assert.equal(report.costMicroUsd, 1_000);
    assert.deepEqual(report.costByTierUsd, { economy: 0.0002, standard: 0.0003, premium: 0.0005 });
    assert.equal(report.escalationRate, 2 / 3);
    assert.equal(report.baselineCostUsd, 0.002);
    assert.equal(report.savingsPct, 50);
    assert.deepEqual([report.runs, report.durationMs, report.stopReason], [3, 5_000, 'stop']);
  });

  it('report: no baseline (nothing ok) gives null savings; an early stop counts unread recorded items as skipped', () => {
    const state = initialState(10, 4, 0);
    state.totals.skipped = 1; // only the first page was read before the stop
    addItem(state.totals, item({ status: 'failed', baselineMicroUsd: 0 }));
    const report = batchReport('b', state, outputs, 'budget_exhausted', 0);
    assert.equal(report.savingsPct, null);
    assert.equal(report.skipped, 4);
    assert.equal(report.undone, 5);
    assert.equal(report.stopReason, undefined);
  });
});
