/**
 * The batch loop as a small state machine of pure functions: what to do next (read a page, start an item, wait,
 * stop), what taking an item and settling its run do to the state. No Temporal imports: `workflow.ts` is the thin
 * driver that runs the activities, child workflows and conditions these decide on (unit-tested in
 * test/unit/batch-loop.test.ts).
 *
 * The order of decisions is the order the recorded histories were made with (test/fixtures/batch): the same state
 * gives the same commands, so histories recorded before this split still replay.
 */
import type { BatchCarriedState, BatchItemRef, BatchItemSummary, BatchPhase, BatchStatus } from './definitions';
import { addItem, planStart, raiseGrantFloor, retryAfterTransient, type StartPlan } from './state';

/** One run of one item: a child workflow in flight. */
export interface ItemRun {
  item: BatchItemRef;
  /** 0 for the first run, then one per retry round. */
  round: number;
  workflowId: string;
  /** What the run may spend, micro-USD (undefined: the batch has no budget). */
  grantMicroUsd?: number;
  /** Started with everything left of the budget: if its grant stops it, the budget is spent. */
  lastChance: boolean;
}

/** Everything the loop decides on. `carried` goes to the next run on continue-as-new; the rest is this run's. */
export interface LoopState {
  carried: BatchCarriedState;
  /** Items of the pages read and not started yet, in input order. */
  queue: BatchItemRef[];
  /** Item runs in flight, by workflow id. */
  running: Map<string, ItemRun>;
  /** Set by the cancel signal, or by an item run the batch could not account for. */
  cancelReason?: string;
  /** An item run that rejected (a bug: `runItem` accounts for every way a child ends); the batch fails with it. */
  internalError?: string;
  /** A page read is in flight (page-ahead mode). */
  reading: boolean;
  /** A page read failed for good: the loop ends, the batch fails once the runs in flight are done. */
  readFailed: boolean;
  /** Held against the budget besides the grants: provider batches in flight, their answers not yet started. */
  heldMicroUsd?: number;
}

/** Fixed for a run of the batch workflow. */
export interface LoopLimits {
  concurrency: number;
  budgetMicroUsd?: number;
  minGrantMicroUsd?: number;
  retryRounds?: number;
  retryDelayMs?: number;
  /**
   * Read the next page while items of the last one are still queued (a read running beside the items), instead of
   * stopping every start for a page read once the queue is empty. Histories recorded without it replay without it.
   */
  pageAhead?: boolean;
}

/** What the workflow knows at a step besides the state: workflow time and whether history says continue as new. */
export interface LoopClock {
  now: number;
  continueAsNewDue: boolean;
}

/** Why the loop ended: `drained` when every item ran (or none is left to start). */
export type LoopEnd = 'drained' | 'cancel' | 'budget' | 'continue';

/** The driver's next move. */
export type LoopStep =
  | { kind: 'read-page' }
  | { kind: 'start'; retryIndex: number; grantMicroUsd?: number; lastChance: boolean }
  /**
   * Nothing to start: wait until runs in flight settle (`until: 'settled'`), an item can start (`'ready'`), or the
   * page being read arrives (`'page'`).
   */
  | { kind: 'wait'; until: 'settled' | 'ready' | 'page'; timeoutMs?: number }
  | { kind: 'end'; end: LoopEnd };

export function initialLoop(carried: BatchCarriedState): LoopState {
  return { carried, queue: [], running: new Map(), reading: false, readFailed: false };
}

/** Sum of the grants of the runs in flight, micro-USD. */
export function grantedMicroUsd(loop: LoopState): number {
  let granted = loop.heldMicroUsd ?? 0;
  for (const run of loop.running.values()) granted += run.grantMicroUsd ?? 0;
  return granted;
}

/** Index of the first retry whose time has come, or -1. */
export function dueRetryIndex(loop: LoopState, now: number): number {
  return loop.carried.retries.findIndex((retry) => retry.notBefore <= now);
}

/** Whether an item may start now, and with what grant (paused: wait). */
export function startPlan(loop: LoopState, limits: LoopLimits): StartPlan {
  if (loop.carried.paused) return { kind: 'wait' };
  return planStart({
    totals: loop.carried.totals,
    inFlight: loop.running.size,
    concurrency: limits.concurrency,
    budgetMicroUsd: limits.budgetMicroUsd,
    grantedMicroUsd: grantedMicroUsd(loop),
    budgetSpent: loop.carried.budgetSpent,
    minGrantMicroUsd: limits.minGrantMicroUsd,
  });
}

function hasWork(loop: LoopState, now: number): boolean {
  return loop.queue.length > 0 || dueRetryIndex(loop, now) >= 0;
}

/** The `'ready'` wait is over: a cancel, continue-as-new, or an item that may start. */
export function isReady(loop: LoopState, limits: LoopLimits, clock: LoopClock): boolean {
  return (
    loop.cancelReason !== undefined ||
    loop.readFailed ||
    clock.continueAsNewDue ||
    (hasWork(loop, clock.now) && startPlan(loop, limits).kind !== 'wait')
  );
}

/** The `'settled'` wait is over: a cancel, nothing in flight any more, or a retry to schedule. */
export function isSettled(loop: LoopState): boolean {
  return loop.cancelReason !== undefined || loop.running.size === 0 || loop.carried.retries.length > 0;
}

/** The `'page'` wait is over: the page arrived (or failed), or a cancel. */
export function isPageIn(loop: LoopState): boolean {
  return !loop.reading || loop.cancelReason !== undefined;
}

/** Page-ahead mode: read the next page once fewer items are queued than may run at once. */
function wantsPage(loop: LoopState, limits: LoopLimits): boolean {
  return !loop.reading && !loop.readFailed && !loop.carried.exhausted && loop.queue.length < limits.concurrency;
}

/** The next move of the batch loop. */
export function nextStep(loop: LoopState, limits: LoopLimits, clock: LoopClock): LoopStep {
  const { carried } = loop;
  if (limits.pageAhead) {
    if (loop.readFailed) return { kind: 'end', end: 'drained' };
    if (wantsPage(loop, limits)) return { kind: 'read-page' };
    if (loop.queue.length === 0 && !carried.exhausted) {
      return loop.cancelReason !== undefined ? { kind: 'end', end: 'cancel' } : { kind: 'wait', until: 'page' };
    }
  } else if (loop.queue.length === 0 && !carried.exhausted) return { kind: 'read-page' };
  if (loop.queue.length === 0 && carried.retries.length === 0) {
    if (loop.running.size === 0) return { kind: 'end', end: loop.cancelReason !== undefined ? 'cancel' : 'drained' };
    // Items in flight may still fail transiently and need another round.
    if (loop.cancelReason !== undefined) return { kind: 'end', end: 'cancel' };
    return { kind: 'wait', until: 'settled' };
  }
  if (!isReady(loop, limits, clock)) {
    // Wake for a retry round's time too; everything else is a state change that the condition notices.
    const nextRetry = Math.min(...carried.retries.map((retry) => retry.notBefore));
    return Number.isFinite(nextRetry)
      ? { kind: 'wait', until: 'ready', timeoutMs: Math.max(1, nextRetry - clock.now) }
      : { kind: 'wait', until: 'ready' };
  }
  if (loop.cancelReason !== undefined) return { kind: 'end', end: 'cancel' };
  if (clock.continueAsNewDue) return { kind: 'end', end: 'continue' };
  const plan = startPlan(loop, limits);
  if (plan.kind === 'stop') return { kind: 'end', end: 'budget' };
  if (plan.kind === 'wait') return { kind: 'wait', until: 'ready' }; // not reached: isReady said it may start
  // Items of the input first, in order; retries once the input is read.
  const retryIndex = loop.queue.length > 0 ? -1 : dueRetryIndex(loop, clock.now);
  return { kind: 'start', retryIndex, grantMicroUsd: plan.grantMicroUsd, lastChance: plan.lastChance === true };
}

/** Takes the item a `start` step names off the queue or the retries, and records its run as in flight. */
export function takeItem(
  loop: LoopState,
  step: Extract<LoopStep, { kind: 'start' }>,
  workflowIdOf: (item: BatchItemRef, round: number) => string,
): ItemRun {
  const retry = step.retryIndex >= 0 ? loop.carried.retries.splice(step.retryIndex, 1)[0] : undefined;
  const item = retry?.item ?? loop.queue.shift();
  if (!item) throw new Error('takeItem: the start step names no item');
  const round = retry?.round ?? 0;
  const run: ItemRun = { item, round, workflowId: workflowIdOf(item, round), lastChance: step.lastChance };
  if (step.grantMicroUsd !== undefined) run.grantMicroUsd = step.grantMicroUsd;
  loop.running.set(run.workflowId, run);
  return run;
}

/**
 * A run's summary comes back: its spend counts, and the item is final, or goes again in a later round (a transient
 * failure), or at once with a larger grant (stopped by its grant, not by the batch).
 */
export function settleRun(
  loop: LoopState,
  run: ItemRun,
  summary: BatchItemSummary,
  limits: LoopLimits,
  now: number,
): void {
  const { carried } = loop;
  let retryAt =
    summary.status === 'retryable'
      ? retryAfterTransient(run.round, now, limits.retryRounds, limits.retryDelayMs)
      : undefined;
  if (summary.status === 'undone' && run.grantMicroUsd !== undefined) {
    // Later grants are larger; after a last-chance run, nothing is left to grant.
    raiseGrantFloor(carried.totals, run.grantMicroUsd);
    if (run.lastChance) carried.budgetSpent = true;
    else retryAt = now;
  }
  if (retryAt !== undefined) carried.retries.push({ item: run.item, round: run.round + 1, notBefore: retryAt });
  addItem(carried.totals, summary, retryAt === undefined);
  loop.running.delete(run.workflowId);
}

/** A run rejected instead of reporting: stop starting items, and fail the batch once those in flight are done. */
export function failRun(loop: LoopState, run: ItemRun, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  loop.internalError ??= `item ${run.item.id} (${run.workflowId}): ${message}`;
  loop.cancelReason ??= `internal error: ${message}`;
  loop.running.delete(run.workflowId);
}

/** Where the next run resumes: the first item not started (the queue's head), else the page cursor. */
export function rewindToQueue(loop: LoopState): void {
  const head = loop.queue[0];
  if (!head) return;
  loop.carried.cursor = head.at;
  loop.carried.exhausted = false;
}

/** The phase shown while items in flight finish after the loop ended. */
export function endingPhase(end: LoopEnd): BatchPhase {
  return end === 'cancel' ? 'cancelling' : end === 'budget' ? 'budget_stopped' : 'draining';
}

/** How the batch ended, and why when early. */
export function outcomeOf(
  loop: LoopState,
  end: LoopEnd,
  maxCostUsd: number | undefined,
): { status: BatchStatus; reason?: string } {
  if (loop.cancelReason !== undefined) return { status: 'cancelled', reason: loop.cancelReason };
  // Items stopped by the budget inside their cascade count too, even when every other item got to run.
  if (end === 'budget' || loop.carried.totals.budgetStopped > 0) {
    return {
      status: 'budget_exhausted',
      reason: `the batch budget of $${maxCostUsd} leaves no room for another item`,
    };
  }
  return { status: 'completed' };
}
