// Pure unit tests — batch decisions, totals, progress and the report; no workers, no servers
// Longer than 250 lines because it holds one small case per batch decision, total and report line, sharing fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchItemSummary } from '../../workflows/batch/definitions';
import { batchProgress, batchReport, progressMarkdown } from '../../workflows/batch/report';
import {
  addItem,
  clampConcurrency,
  continueAsNewDue,
  costsOfLedger,
  emptyTotals,
  escalatedFrom,
  initialState,
  planStart,
  raiseGrantFloor,
  resumedState,
  retryAfterTransient,
  type StartGate,
} from '../../workflows/batch/state';
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

describe('batch start decisions: the budget as a hard cap', () => {
  const gate = (overrides: Partial<StartGate> = {}): StartGate => ({
    totals: emptyTotals(),
    inFlight: 0,
    concurrency: 16,
    budgetMicroUsd: 10_000,
    grantedMicroUsd: 0,
    budgetSpent: false,
    ...overrides,
  });

  it('without a budget: the concurrency is the only limit', () => {
    assert.deepEqual(planStart(gate({ budgetMicroUsd: undefined, inFlight: 15 })), { kind: 'start' });
    assert.deepEqual(planStart(gate({ budgetMicroUsd: undefined, inFlight: 16 })), { kind: 'wait' });
  });

  it('nothing reported yet: one item goes first with the whole budget, the rest wait for it', () => {
    assert.deepEqual(planStart(gate()), { kind: 'start', grantMicroUsd: 10_000 });
    assert.deepEqual(planStart(gate({ inFlight: 1, grantedMicroUsd: 10_000 })), { kind: 'wait' });
  });

  it('later items are granted twice the most an item spent, while spent + grants stay within the budget', () => {
    const totals = emptyTotals();
    addItem(totals, item({ costMicroUsd: 1_000 }));
    assert.deepEqual(planStart(gate({ totals })), { kind: 'start', grantMicroUsd: 2_000 });
    // 1000 spent + 4 × 2000 granted: 1000 unreserved < 2000, items in flight will give back what they do not use.
    assert.deepEqual(planStart(gate({ totals, inFlight: 4, grantedMicroUsd: 8_000 })), { kind: 'wait' });
    assert.deepEqual(planStart(gate({ totals, inFlight: 3, grantedMicroUsd: 6_000 })), {
      kind: 'start',
      grantMicroUsd: 2_000,
    });
  });

  it('with nothing in flight and less than a full grant left: one last item gets the rest, then the batch stops', () => {
    const totals = emptyTotals();
    addItem(totals, item({ costMicroUsd: 4_000 }));
    addItem(totals, item({ costMicroUsd: 4_500 }));
    assert.deepEqual(planStart(gate({ totals })), { kind: 'start', grantMicroUsd: 1_500, lastChance: true });
    assert.deepEqual(planStart(gate({ totals, budgetSpent: true })), { kind: 'stop' });
    addItem(totals, item({ costMicroUsd: 1_500 }));
    assert.deepEqual(planStart(gate({ totals })), { kind: 'stop' }, 'nothing left');
  });

  it('an item stopped by its grant doubles the grant of the next ones', () => {
    const totals = emptyTotals();
    addItem(totals, item({ costMicroUsd: 100 }));
    raiseGrantFloor(totals, 200);
    assert.deepEqual(planStart(gate({ totals })), { kind: 'start', grantMicroUsd: 400 });
  });

  it('never grants past the budget, whatever the order of events (randomised)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const totals = emptyTotals();
      const budget = 1_000 + Math.floor(random() * 100_000);
      const inFlight: number[] = [];
      let budgetSpent = false;
      for (let step = 0; step < 200; step++) {
        const granted = inFlight.reduce((a, b) => a + b, 0);
        assert.ok(totals.costMicroUsd + granted <= budget, `run ${run}: spent + granted within the budget`);
        const plan = planStart({
          totals,
          inFlight: inFlight.length,
          concurrency: 8,
          budgetMicroUsd: budget,
          grantedMicroUsd: granted,
          budgetSpent,
        });
        if (plan.kind === 'start' && random() < 0.6) inFlight.push(plan.grantMicroUsd!);
        else if (inFlight.length > 0) {
          const grant = inFlight.splice(Math.floor(random() * inFlight.length), 1)[0]!;
          const spent = Math.floor(random() * (grant + 1));
          const stopped = random() < 0.2;
          addItem(totals, item({ status: stopped ? 'undone' : 'ok', costMicroUsd: spent, costs: [] }));
          if (stopped) raiseGrantFloor(totals, grant);
        } else if (plan.kind === 'stop') break;
        else if (plan.kind === 'start' && plan.lastChance) budgetSpent = true;
      }
      assert.ok(totals.costMicroUsd <= budget);
    }
  });
});

describe('batch retries after transient failures', () => {
  it('rounds back off by doubling, and end after the configured number', () => {
    assert.equal(retryAfterTransient(0, 1_000, 2, 30_000), 31_000);
    assert.equal(retryAfterTransient(1, 1_000, 2, 30_000), 61_000);
    assert.equal(retryAfterTransient(2, 1_000, 2, 30_000), undefined);
    assert.equal(retryAfterTransient(0, 1_000, 0, 30_000), undefined);
  });

  it('a run to be retried adds its spend but no outcome; its final run counts it once', () => {
    const totals = emptyTotals();
    addItem(totals, item({ status: 'retryable', costMicroUsd: 30, code: 'CascadeUnavailableError' }), false);
    assert.deepEqual([totals.ok, totals.retryable, totals.costMicroUsd], [0, 0, 30]);
    addItem(totals, item({ status: 'retryable', costMicroUsd: 0, code: 'CascadeUnavailableError' }));
    addItem(totals, item({ status: 'failed', costMicroUsd: 5, code: 'CascadeExhaustedError' }));
    assert.deepEqual([totals.retryable, totals.failed, totals.costMicroUsd], [1, 1, 35]);
    assert.deepEqual(totals.failedByCode, { CascadeUnavailableError: 1, CascadeExhaustedError: 1 });
  });

  it('a state carried from an older version gets the fields it lacks', () => {
    const old = initialState(3, 0, 0) as unknown as Record<string, unknown>;
    delete old.retries;
    delete old.budgetSpent;
    const totals = { ...(old.totals as object) } as Record<string, unknown>;
    delete totals.failedByCode;
    const resumed = resumedState({ ...old, totals } as never);
    assert.deepEqual(resumed.retries, []);
    assert.deepEqual(resumed.totals.failedByCode, {});
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
