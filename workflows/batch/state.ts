/**
 * The batch's decisions and arithmetic as pure functions: totals, when to start an item, what an item may spend,
 * when to continue as new. No Temporal imports: unit-tested without a server (test/unit/batch-state.test.ts).
 */
import { worstCaseMicroUsd } from '../../catalog/pricing';
import type { RoutePlan } from '../../routing/types';
import type { AttemptRecord } from '../definitions';
import type { BatchCarriedState, BatchItemSummary, BatchTotals, CostMap } from './definitions';

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_MAX_HISTORY_EVENTS = 10_000;

export function emptyTotals(): BatchTotals {
  return {
    ok: 0,
    failed: 0,
    budgetStopped: 0,
    retryable: 0,
    failedByCode: {},
    reported: 0,
    maxItemMicroUsd: 0,
    grantFloorMicroUsd: 0,
    skipped: 0,
    costMicroUsd: 0,
    baselineMicroUsd: 0,
    escalated: 0,
    attempts: 0,
    costByTier: {},
    costByModel: {},
  };
}

export function initialState(total: number, alreadyDone: number, startedAt: number): BatchCarriedState {
  return {
    cursor: { index: 0, offset: 0 },
    exhausted: false,
    total,
    alreadyDone,
    totals: emptyTotals(),
    paused: false,
    retries: [],
    budgetSpent: false,
    runs: 0,
    startedAt,
  };
}

/** A carried state from continue-as-new, with the fields an older version of this workflow did not carry. */
export function resumedState(carried: BatchCarriedState): BatchCarriedState {
  return {
    ...carried,
    retries: carried.retries ?? [],
    budgetSpent: carried.budgetSpent ?? false,
    totals: { ...emptyTotals(), ...carried.totals },
  };
}

function addCost(map: CostMap, key: string, micro: number): void {
  map[key] = (map[key] ?? 0) + micro;
}

export const DEFAULT_RETRY_ROUNDS = 2;
export const DEFAULT_RETRY_DELAY_MS = 30_000;

/**
 * Adds a finished item run to the totals (in place: the totals are the workflow's running state). Its spend always
 * counts; `final` is false for a run that will be retried in a later round, which is not yet an outcome.
 */
export function addItem(totals: BatchTotals, item: BatchItemSummary, final = true): void {
  totals.costMicroUsd += item.costMicroUsd;
  totals.attempts += item.attempts;
  totals.reported++;
  totals.maxItemMicroUsd = Math.max(totals.maxItemMicroUsd, item.costMicroUsd);
  for (const cost of item.costs) {
    addCost(totals.costByTier, cost.tier, cost.costMicroUsd);
    addCost(totals.costByModel, cost.ref, cost.costMicroUsd);
  }
  if (!final) return;
  if (item.status === 'ok') totals.ok++;
  else if (item.status === 'failed') totals.failed++;
  else if (item.status === 'retryable') totals.retryable++;
  else totals.budgetStopped++;
  if ((item.status === 'failed' || item.status === 'retryable') && item.code) {
    totals.failedByCode[item.code] = (totals.failedByCode[item.code] ?? 0) + 1;
  }
  totals.baselineMicroUsd += item.baselineMicroUsd;
  if (item.escalated) totals.escalated++;
  if (item.providerBatch) {
    // Only batches that used provider batches carry this, so older carried states keep their shape.
    const batch = (totals.providerBatch ??= { items: 0, costMicroUsd: 0, syncMicroUsd: 0 });
    batch.items++;
    batch.costMicroUsd += item.providerBatchMicroUsd ?? 0;
    batch.syncMicroUsd += item.providerBatchSyncMicroUsd ?? 0;
  }
}

/** Items that ran to a final end, whatever it was. */
export function finishedItems(totals: BatchTotals): number {
  return totals.ok + totals.failed + totals.budgetStopped + totals.retryable;
}

/** When a transiently failed item runs again, or undefined when its rounds are used up. */
export function retryAfterTransient(
  round: number,
  now: number,
  rounds: number = DEFAULT_RETRY_ROUNDS,
  delayMs: number = DEFAULT_RETRY_DELAY_MS,
): number | undefined {
  return round >= rounds ? undefined : now + delayMs * 2 ** round;
}

export interface StartGate {
  totals: BatchTotals;
  inFlight: number;
  concurrency: number;
  budgetMicroUsd?: number;
  /** Sum of the grants of the items in flight, micro-USD. */
  grantedMicroUsd: number;
  /** A last item was stopped with all that was left: the budget is spent. */
  budgetSpent: boolean;
  /** Least an item can do with: the worst case of the route's cheapest first call, before any prompt. */
  minGrantMicroUsd?: number;
}

/** Start an item with this grant (undefined: no budget), wait for items in flight, or stop for want of budget. */
export type StartPlan =
  { kind: 'start'; grantMicroUsd?: number; lastChance?: boolean } | { kind: 'wait' } | { kind: 'stop' };

/**
 * The batch budget as a hard cap: an item starts only with a grant, spent + the grants of the items in flight never
 * pass the budget, and each item's cascade never spends past its grant (it reserves each call's worst case).
 * The first item is granted everything, alone, to size the rest; later items get twice the most any item has spent
 * (or more once an item was stopped by its grant). When that does not fit, the batch waits for items in flight to
 * give back what they did not use; with none in flight, one last item gets what is left; then it stops.
 */
export function planStart(gate: StartGate): StartPlan {
  if (gate.inFlight >= gate.concurrency) return { kind: 'wait' };
  if (gate.budgetMicroUsd === undefined) return { kind: 'start' };
  const unreserved = gate.budgetMicroUsd - gate.totals.costMicroUsd - gate.grantedMicroUsd;
  if (gate.totals.reported === 0) {
    if (gate.inFlight > 0) return { kind: 'wait' };
    return unreserved > 0 ? { kind: 'start', grantMicroUsd: unreserved } : { kind: 'stop' };
  }
  const target = Math.max(
    2 * gate.totals.maxItemMicroUsd,
    gate.totals.grantFloorMicroUsd,
    gate.minGrantMicroUsd ?? 0,
    1,
  );
  if (unreserved >= target) return { kind: 'start', grantMicroUsd: target };
  if (gate.inFlight > 0) return { kind: 'wait' };
  if (unreserved > 0 && !gate.budgetSpent) return { kind: 'start', grantMicroUsd: unreserved, lastChance: true };
  return { kind: 'stop' };
}

/** The least grant worth giving: the worst case of the start tier's cheapest candidate with an empty prompt. */
export function minGrantMicroUsd(route: RoutePlan): number {
  const tier = route.tiers[route.startTier];
  const costs = (tier?.candidates ?? []).map((candidate) =>
    worstCaseMicroUsd(
      candidate.price,
      0,
      Math.min(tier!.options.maxOutputTokens ?? Infinity, candidate.maxOutputTokens),
    ),
  );
  return costs.length ? Math.min(...costs) : 0;
}

/** An item stopped by its grant: later items are granted at least twice as much. */
export function raiseGrantFloor(totals: BatchTotals, grantMicroUsd: number): void {
  totals.grantFloorMicroUsd = Math.max(totals.grantFloorMicroUsd, 2 * grantMicroUsd);
}

/**
 * History bytes past which the batch continues as new. Every child start carries the route and schema (a few KB),
 * and a parent evicted from the worker's cache replays its whole history: at 2.8 MB that replay took 8 s on
 * 2 cores in the 10,000-item benchmark, close to the 10 s workflow-task timeout. 1 MB keeps replays short.
 */
export const DEFAULT_MAX_HISTORY_BYTES = 1_000_000;

/** Continue as new when the server suggests it or the history passes our own event or size threshold. */
export function continueAsNewDue(
  info: { continueAsNewSuggested: boolean; historyLength: number; historySize?: number },
  maxHistoryEvents: number,
  maxHistoryBytes: number = DEFAULT_MAX_HISTORY_BYTES,
): boolean {
  return (
    info.continueAsNewSuggested || info.historyLength >= maxHistoryEvents || (info.historySize ?? 0) >= maxHistoryBytes
  );
}

/** Concurrency within Temporal's limit of 2,000 pending children per execution. */
export function clampConcurrency(requested: number | undefined): number {
  return Math.min(500, Math.max(1, Math.floor(requested ?? DEFAULT_CONCURRENCY)));
}

/** Spend of one item's ledger, per (tier, model) pair. */
export function costsOfLedger(ledger: readonly AttemptRecord[]): BatchItemSummary['costs'] {
  const byPair = new Map<string, BatchItemSummary['costs'][number]>();
  for (const attempt of ledger) {
    const key = `${attempt.tier}\u0000${attempt.ref}`;
    const entry = byPair.get(key) ?? { tier: attempt.tier, ref: attempt.ref, costMicroUsd: 0 };
    entry.costMicroUsd += attempt.costMicroUsd;
    byPair.set(key, entry);
  }
  return [...byPair.values()];
}

/** An item escalated when any attempt ran on a tier above the one it started on. */
export function escalatedFrom(ledger: readonly AttemptRecord[], startTier: number): boolean {
  return ledger.some((attempt) => attempt.tierIndex > startTier);
}
