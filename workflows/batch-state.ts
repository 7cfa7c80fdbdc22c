/**
 * The batch's decisions and arithmetic as pure functions: totals, when to start an item, what an item may spend,
 * when to continue as new. No Temporal imports: unit-tested without a server (test/unit/batch-state.test.ts).
 */
import type { AttemptRecord } from './definitions';
import type { BatchCarriedState, BatchItemSummary, BatchTotals, CostMap } from './batch-definitions';

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_MAX_HISTORY_EVENTS = 10_000;

export function emptyTotals(): BatchTotals {
  return {
    ok: 0,
    failed: 0,
    budgetStopped: 0,
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
    runs: 0,
    startedAt,
  };
}

function addCost(map: CostMap, key: string, micro: number): void {
  map[key] = (map[key] ?? 0) + micro;
}

/** Adds a finished item to the totals (in place: the totals are the workflow's running state). */
export function addItem(totals: BatchTotals, item: BatchItemSummary): void {
  if (item.status === 'ok') totals.ok++;
  else if (item.status === 'failed') totals.failed++;
  else totals.budgetStopped++;
  totals.costMicroUsd += item.costMicroUsd;
  totals.baselineMicroUsd += item.baselineMicroUsd;
  totals.attempts += item.attempts;
  if (item.escalated) totals.escalated++;
  for (const cost of item.costs) {
    addCost(totals.costByTier, cost.tier, cost.costMicroUsd);
    addCost(totals.costByModel, cost.ref, cost.costMicroUsd);
  }
}

/** Items that ran to an end, whatever it was; their spend is what the mean item cost is measured on. */
export function finishedItems(totals: BatchTotals): number {
  return totals.ok + totals.failed + totals.budgetStopped;
}

/** Mean spend of a finished item, micro-USD (0 before any finished). */
export function meanItemMicroUsd(totals: BatchTotals): number {
  const finished = finishedItems(totals);
  return finished === 0 ? 0 : totals.costMicroUsd / finished;
}

export interface StartGate {
  totals: BatchTotals;
  inFlight: number;
  concurrency: number;
  budgetMicroUsd?: number;
}

/**
 * How many items may be in flight now. With a budget and no item finished yet there is no cost estimate,
 * so one item goes first: its cost sizes the reservation of the rest.
 */
export function inFlightLimit(gate: StartGate): number {
  return gate.budgetMicroUsd !== undefined && finishedItems(gate.totals) === 0 ? 1 : gate.concurrency;
}

/**
 * Whether the budget leaves room for one more item: spent + a mean item's cost reserved for each item in flight
 * and for the new one stays under the maximum.
 */
export function budgetAllowsStart(gate: StartGate): boolean {
  if (gate.budgetMicroUsd === undefined) return true;
  // An item already stopped for want of budget: the rest would be too.
  if (gate.totals.budgetStopped > 0) return false;
  const reserved = (gate.inFlight + 1) * meanItemMicroUsd(gate.totals);
  return gate.totals.costMicroUsd + reserved < gate.budgetMicroUsd;
}

/** The most a new item may spend: what is left once the spend and the items in flight's reservations are taken off. */
export function itemBudgetUsd(gate: StartGate): number | undefined {
  if (gate.budgetMicroUsd === undefined) return undefined;
  const left = gate.budgetMicroUsd - gate.totals.costMicroUsd - gate.inFlight * meanItemMicroUsd(gate.totals);
  return Math.max(0, Math.floor(left)) / 1e6;
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
