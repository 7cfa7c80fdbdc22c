/**
 * The spend ledger of one gateway API key: a pure state machine (no Temporal imports), run inside
 * `keyBudgetWorkflow`. Money is integer micro-USD. A request reserves its worst case before it starts, and settles
 * to what its cascade really cost when it ends; the reservation is what the cascade is allowed to spend
 * (`maxCostUsd`), so the billed total of a key can never pass its budget.
 */
import type { KeyLedgerState, KeyLimits, KeyOperation, KeyOperationResult } from './definitions';

/** A reservation whose request never settled (the gateway died and nobody retried) is charged in full after this. */
export const RESERVATION_EXPIRY_MS = 2 * 86_400_000;

export function emptyKeyLedger(keyId: string): KeyLedgerState {
  return { keyId, spentMicroUsd: {}, open: {}, settled: {} };
}

function periods(nowMs: number): { day: string; month: string } {
  const iso = new Date(nowMs).toISOString();
  return { day: iso.slice(0, 10), month: iso.slice(0, 7) };
}

/** Spend of a period: settled costs plus open reservations (at their full grant) made in it. */
export function committedMicroUsd(state: KeyLedgerState, period: string): number {
  let total = state.spentMicroUsd[period] ?? 0;
  for (const r of Object.values(state.open)) if (r.day === period || r.month === period) total += r.grantMicroUsd;
  return total;
}

function addSpend(state: KeyLedgerState, reservation: { day: string; month: string }, micro: number): void {
  state.spentMicroUsd[reservation.day] = (state.spentMicroUsd[reservation.day] ?? 0) + micro;
  state.spentMicroUsd[reservation.month] = (state.spentMicroUsd[reservation.month] ?? 0) + micro;
}

/** Applies one batch of operations in order (mutating `state`) and returns one result per operation. */
export function applyKeyOperations(
  state: KeyLedgerState,
  operations: readonly KeyOperation[],
  limits: KeyLimits,
  nowMs: number,
): KeyOperationResult[] {
  expire(state, nowMs);
  const now = periods(nowMs);
  return operations.map((operation) => {
    const open = state.open[operation.id];
    const settled = state.settled[operation.id];
    if (operation.kind === 'reserve') {
      if (open) return { kind: 'granted', grantMicroUsd: open.grantMicroUsd, existing: true };
      if (settled) return { kind: 'settled', costMicroUsd: settled.costMicroUsd };
      let grant = limits.perRequestMicroUsd;
      for (const [reason, period, limit] of [
        ['daily', now.day, limits.dailyMicroUsd],
        ['monthly', now.month, limits.monthlyMicroUsd],
      ] as const) {
        if (limit === undefined) continue;
        const spent = committedMicroUsd(state, period);
        grant = Math.min(grant, limit - spent);
        if (grant < Math.max(1, limits.minGrantMicroUsd)) {
          return { kind: 'refused', reason, spentMicroUsd: spent, limitMicroUsd: limit };
        }
      }
      state.open[operation.id] = { grantMicroUsd: grant, ...now, atMs: nowMs };
      return { kind: 'granted', grantMicroUsd: grant, existing: false };
    }
    if (operation.kind === 'release') {
      delete state.open[operation.id];
      return { kind: 'done' };
    }
    if (settled) return { kind: 'settled', costMicroUsd: settled.costMicroUsd };
    // A settle without a reservation (should not happen) is still spend: never drop what was paid.
    const cost = Math.max(0, Math.round(operation.costMicroUsd));
    addSpend(state, open ?? now, cost);
    delete state.open[operation.id];
    state.settled[operation.id] = { costMicroUsd: cost, month: (open ?? now).month };
    return { kind: 'done' };
  });
}

/** Charges stale reservations in full and forgets periods older than the previous day and month. */
function expire(state: KeyLedgerState, nowMs: number): void {
  for (const [id, reservation] of Object.entries(state.open)) {
    if (nowMs - reservation.atMs < RESERVATION_EXPIRY_MS) continue;
    addSpend(state, reservation, reservation.grantMicroUsd);
    state.settled[id] = { costMicroUsd: reservation.grantMicroUsd, month: reservation.month };
    delete state.open[id];
  }
  const now = periods(nowMs);
  const yesterday = periods(nowMs - 86_400_000).day;
  const lastMonth = periods(Date.UTC(Number(now.month.slice(0, 4)), Number(now.month.slice(5, 7)) - 2, 1)).month;
  const keep = new Set([now.day, yesterday, now.month, lastMonth]);
  for (const period of Object.keys(state.spentMicroUsd)) if (!keep.has(period)) delete state.spentMicroUsd[period];
  for (const [id, entry] of Object.entries(state.settled)) if (!keep.has(entry.month)) delete state.settled[id];
}
