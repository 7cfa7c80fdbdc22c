/**
 * Budgets the dashboard knows: the gateway keys' daily and monthly budgets from the config's `gateway` section,
 * against what the store holds for each key in the current UTC day and month (the periods the key's budget workflow
 * counts). The store counts a request by its start; a request in flight at midnight may fall in the other period
 * than the key's workflow books it in, so what is left is the store's view, within one request. Pure.
 */
import { usdToMicro } from '../../catalog/pricing';
import { DAY_MS } from '../../store/rollup/counters';

export interface BudgetedKey {
  id: string;
  budget?: { dailyUsd?: number; monthlyUsd?: number };
}

export interface BudgetRow {
  key: string;
  period: 'day' | 'month';
  /** `2026-12-07` or `2026-12`. */
  label: string;
  limitMicroUsd: number;
  spentMicroUsd: number;
  /** Never below zero (a key past its budget has nothing left). */
  leftMicroUsd: number;
  usedShare: number;
}

/** Where the current UTC day and month start. */
export function budgetPeriods(now: number): { dayStartMs: number; monthStartMs: number } {
  const date = new Date(now);
  return {
    dayStartMs: Math.floor(now / DAY_MS) * DAY_MS,
    monthStartMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
  };
}

export function budgetRows(
  keys: readonly BudgetedKey[],
  spent: { day: ReadonlyMap<string, number>; month: ReadonlyMap<string, number> },
  now: number,
): BudgetRow[] {
  const iso = new Date(now).toISOString();
  const rows: BudgetRow[] = [];
  const row = (key: string, period: 'day' | 'month', usd: number): BudgetRow => {
    const limit = usdToMicro(usd);
    const used = spent[period].get(key) ?? 0;
    return {
      key,
      period,
      label: period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7),
      limitMicroUsd: limit,
      spentMicroUsd: used,
      leftMicroUsd: Math.max(0, limit - used),
      usedShare: limit > 0 ? used / limit : 0,
    };
  };
  for (const key of keys) {
    if (key.budget?.dailyUsd !== undefined) rows.push(row(key.id, 'day', key.budget.dailyUsd));
    if (key.budget?.monthlyUsd !== undefined) rows.push(row(key.id, 'month', key.budget.monthlyUsd));
  }
  return rows;
}
