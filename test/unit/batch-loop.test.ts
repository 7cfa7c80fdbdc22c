// Pure unit tests — the batch loop's state machine: next step, taking an item, settling or failing a run; no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchItemRef, BatchItemSummary } from '../../workflows/batch/definitions';
import {
  endingPhase,
  failRun,
  grantedMicroUsd,
  initialLoop,
  isPageIn,
  isReady,
  isSettled,
  nextStep,
  outcomeOf,
  rewindToQueue,
  settleRun,
  takeItem,
  type LoopLimits,
  type LoopState,
} from '../../workflows/batch/loop';
import { initialState } from '../../workflows/batch/state';

const ref = (n: number): BatchItemRef => ({ id: `item-${n}`, at: { index: n, offset: n * 10 } });
const idOf = (item: BatchItemRef, round: number) => `batch/${item.id}${round ? `~retry${round}` : ''}`;
const clock = (now = 1_000, continueAsNewDue = false) => ({ now, continueAsNewDue });
const limits = (overrides: Partial<LoopLimits> = {}): LoopLimits => ({ concurrency: 2, ...overrides });

function loopWith(queue: number[], exhausted = true): LoopState {
  const loop = initialLoop(initialState(queue.length, 0, 0));
  loop.queue.push(...queue.map(ref));
  loop.carried.exhausted = exhausted;
  return loop;
}

function summary(status: BatchItemSummary['status'], costMicroUsd = 100): BatchItemSummary {
  return { id: 'x', status, costMicroUsd, attempts: 1, baselineMicroUsd: 0, escalated: false, costs: [] };
}

/** Starts an item the way the driver does; fails the test when the step is not a start. */
function start(loop: LoopState, lim = limits(), now = 1_000) {
  const step = nextStep(loop, lim, clock(now));
  assert.equal(step.kind, 'start', JSON.stringify(step));
  return takeItem(loop, step as Extract<typeof step, { kind: 'start' }>, idOf);
}

describe('batch loop: next step', () => {
  it('reads a page while the queue is empty and the input is not exhausted', () => {
    assert.deepEqual(nextStep(loopWith([], false), limits(), clock()), { kind: 'read-page' });
  });

  it('starts queued items up to the concurrency, then waits for a run to end', () => {
    const loop = loopWith([0, 1, 2]);
    assert.equal(start(loop).item.id, 'item-0');
    assert.equal(start(loop).item.id, 'item-1');
    assert.deepEqual(nextStep(loop, limits(), clock()), { kind: 'wait', until: 'ready' });
    assert.equal(isReady(loop, limits(), clock()), false);
    settleRun(loop, loop.running.get('batch/item-0')!, summary('ok'), limits(), 1_000);
    assert.equal(isReady(loop, limits(), clock()), true);
    assert.equal(start(loop).item.id, 'item-2');
  });

  it('with everything started, waits for runs in flight to settle, then ends drained', () => {
    const loop = loopWith([0]);
    const run = start(loop);
    assert.deepEqual(nextStep(loop, limits(), clock()), { kind: 'wait', until: 'settled' });
    assert.equal(isSettled(loop), false);
    settleRun(loop, run, summary('ok'), limits(), 1_000);
    assert.equal(isSettled(loop), true);
    assert.deepEqual(nextStep(loop, limits(), clock()), { kind: 'end', end: 'drained' });
    assert.equal(loop.carried.totals.ok, 1);
  });

  it('a cancel or a due continue-as-new ends the loop before another item starts', () => {
    const cancelled = loopWith([0, 1]);
    cancelled.cancelReason = 'stop';
    assert.deepEqual(nextStep(cancelled, limits(), clock()), { kind: 'end', end: 'cancel' });
    assert.deepEqual(nextStep(loopWith([0, 1]), limits(), clock(1_000, true)), { kind: 'end', end: 'continue' });
  });

  it('paused: waits even with free slots, and starts again on resume', () => {
    const loop = loopWith([0]);
    loop.carried.paused = true;
    assert.deepEqual(nextStep(loop, limits(), clock()), { kind: 'wait', until: 'ready' });
    loop.carried.paused = false;
    assert.equal(nextStep(loop, limits(), clock()).kind, 'start');
  });

  it('a transient failure comes back as a retry round; the wait wakes at its time', () => {
    const loop = loopWith([0]);
    const lim = limits({ retryRounds: 2, retryDelayMs: 500 });
    settleRun(loop, start(loop, lim), summary('retryable', 5), lim, 1_000);
    assert.equal(loop.carried.totals.retryable, 0, 'not final yet');
    assert.equal(loop.carried.totals.costMicroUsd, 5, 'its spend counts');
    assert.deepEqual(nextStep(loop, lim, clock(1_200)), { kind: 'wait', until: 'ready', timeoutMs: 300 });
    const retry = start(loop, lim, 1_500);
    assert.deepEqual([retry.round, retry.workflowId], [1, 'batch/item-0~retry1']);
    assert.equal(loop.carried.retries.length, 0);
  });

  it('queued items go before due retries', () => {
    const loop = loopWith([0, 1]);
    loop.carried.retries.push({ item: ref(9), round: 1, notBefore: 0 });
    assert.equal(start(loop).item.id, 'item-0');
  });
});

describe('batch loop: budget', () => {
  it('the first item gets everything, alone; later grants are twice the most spent', () => {
    const loop = loopWith([0, 1, 2]);
    const lim = limits({ budgetMicroUsd: 1_000 });
    const first = start(loop, lim);
    assert.equal(first.grantMicroUsd, 1_000);
    assert.equal(grantedMicroUsd(loop), 1_000);
    assert.deepEqual(nextStep(loop, lim, clock()), { kind: 'wait', until: 'ready' });
    settleRun(loop, first, summary('ok', 100), lim, 1_000);
    assert.equal(start(loop, lim).grantMicroUsd, 200);
  });

  it('an item stopped by its grant goes again at once with a larger one', () => {
    const loop = loopWith([0, 1, 2]);
    const lim = limits({ budgetMicroUsd: 10_000, concurrency: 1 });
    settleRun(loop, start(loop, lim), summary('ok', 100), lim, 1_000);
    const second = start(loop, lim);
    assert.equal(second.grantMicroUsd, 200);
    settleRun(loop, second, summary('undone', 0), lim, 1_000);
    assert.deepEqual(loop.carried.retries, [{ item: ref(1), round: 1, notBefore: 1_000 }]);
    assert.equal(loop.carried.totals.budgetStopped, 0, 'not final');
    assert.equal(start(loop, lim).grantMicroUsd, 400, 'twice the grant that stopped it');
  });

  it('a last-chance item stopped by its grant spends the budget: the loop ends for want of budget', () => {
    const loop = loopWith([0, 1, 2]);
    const lim = limits({ budgetMicroUsd: 1_000, concurrency: 1 });
    settleRun(loop, start(loop, lim), summary('ok', 400), lim, 1_000);
    const second = start(loop, lim);
    assert.deepEqual([second.grantMicroUsd, second.lastChance], [600, true]);
    settleRun(loop, second, summary('undone', 0), lim, 1_000);
    assert.equal(loop.carried.budgetSpent, true);
    assert.equal(loop.carried.totals.budgetStopped, 1);
    assert.deepEqual(nextStep(loop, lim, clock()), { kind: 'end', end: 'budget' });
    assert.equal(outcomeOf(loop, 'budget', 0.001).status, 'budget_exhausted');
    assert.equal(endingPhase('budget'), 'budget_stopped');
  });
});

describe('batch loop: a run that rejects', () => {
  it('is recorded, not waited for: the loop ends, and the outcome names it', () => {
    const loop = loopWith([0, 1]);
    const run = start(loop);
    failRun(loop, run, new Error('boom'));
    assert.equal(loop.running.size, 0, 'no longer in flight: nothing waits for it');
    assert.equal(isSettled(loop), true);
    assert.match(loop.internalError!, /item-0 \(batch\/item-0\): boom/);
    assert.deepEqual(nextStep(loop, limits(), clock()), { kind: 'end', end: 'cancel' });
    assert.match(outcomeOf(loop, 'cancel', undefined).reason!, /internal error: boom/);
  });

  it('the first failure is kept when a second run rejects too', () => {
    const loop = loopWith([0, 1]);
    const a = start(loop);
    const b = start(loop);
    failRun(loop, a, new Error('first'));
    failRun(loop, b, 'second');
    assert.match(loop.internalError!, /first/);
  });
});

describe('batch loop: page-ahead reads', () => {
  const ahead = limits({ pageAhead: true, concurrency: 2 });

  it('reads the next page while items are still queued, and starts items meanwhile', () => {
    const loop = loopWith([0], false);
    assert.deepEqual(nextStep(loop, ahead, clock()), { kind: 'read-page' }, 'fewer queued than may run');
    loop.reading = true;
    assert.equal(start(loop, ahead).item.id, 'item-0', 'the read does not hold up a start');
    assert.deepEqual(nextStep(loop, ahead, clock()), { kind: 'wait', until: 'page' });
    assert.equal(isPageIn(loop), false);
    loop.reading = false;
    assert.equal(isPageIn(loop), true);
  });

  it('without page-ahead, a page is read only once the queue is empty', () => {
    const loop = loopWith([0], false);
    assert.equal(start(loop).item.id, 'item-0');
    assert.deepEqual(nextStep(loop, limits(), clock()), { kind: 'read-page' });
  });

  it('a failed read ends the loop and wakes a wait for a start', () => {
    const loop = loopWith([0, 1, 2], false);
    start(loop, ahead);
    start(loop, ahead);
    loop.reading = true;
    assert.equal(isReady(loop, ahead, clock()), false);
    loop.reading = false;
    loop.readFailed = true;
    assert.equal(isReady(loop, ahead, clock()), true);
    assert.deepEqual(nextStep(loop, ahead, clock()), { kind: 'end', end: 'drained' });
  });
});

describe('batch loop: resuming', () => {
  it('rewinds the cursor to the first item not started', () => {
    const loop = loopWith([3, 4]);
    loop.carried.cursor = { index: 10, offset: 100 };
    rewindToQueue(loop);
    assert.deepEqual([loop.carried.cursor, loop.carried.exhausted], [{ index: 3, offset: 30 }, false]);
    const empty = loopWith([]);
    empty.carried.cursor = { index: 10, offset: 100 };
    rewindToQueue(empty);
    assert.deepEqual(empty.carried.cursor, { index: 10, offset: 100 });
  });
});
