/** Figures over time: spend and savings per hour or day, and each tier's first-attempt pass and escalation rates. */
import type { SqlExecutor } from '../engine/types';
import { HOUR_MS } from '../rollup/counters';
import { reportRow, type StoreReportRow } from './report';
import { sums } from './sums';
import type { TimeWindow } from './window';

export interface SeriesOptions extends TimeWindow {
  per: 'hour' | 'day';
  task?: string;
}

export interface SeriesPoint extends StoreReportRow {
  /** Start of the hour or day (UTC), ms since the epoch. */
  atMs: number;
}

/** Spend, requests, savings… per hour or day of request start, oldest first. */
export async function spendSeries(db: SqlExecutor, options: SeriesOptions): Promise<SeriesPoint[]> {
  const { rows } = await sums(db, { ...options, dims: ['total'] });
  return rows
    .map((row) => ({ ...reportRow('total', row.counters), atMs: row.bucket! * HOUR_MS }))
    .sort((a, b) => a.atMs - b.atMs);
}

export interface TierRatePoint {
  atMs: number;
  tier: string;
  /** Requests whose first answer attempt was at this tier, and how many of those it answered validly. */
  firstAttempts: number;
  firstPass: number;
  firstPassRate: number | null;
  /** Requests with an attempt at this tier, and how many of those escalated past it. */
  requests: number;
  escalated: number;
  escalationRate: number | null;
}

/** First-attempt pass rate and escalation rate per tier, per hour or day, oldest first. */
export async function tierRates(db: SqlExecutor, options: SeriesOptions): Promise<TierRatePoint[]> {
  const { rows } = await sums(db, {
    ...options,
    dims: ['tier'],
    counters: ['requests', 'escalated', 'first_attempts', 'first_pass'],
  });
  return rows
    .filter((row) => row.key !== 'classify' && row.counters.requests > 0)
    .map((row) => {
      const c = row.counters;
      return {
        atMs: row.bucket! * HOUR_MS,
        tier: row.key,
        firstAttempts: c.first_attempts,
        firstPass: c.first_pass,
        firstPassRate: c.first_attempts > 0 ? c.first_pass / c.first_attempts : null,
        requests: c.requests,
        escalated: c.escalated,
        escalationRate: c.requests > 0 ? c.escalated / c.requests : null,
      };
    })
    .sort((a, b) => a.atMs - b.atMs || a.tier.localeCompare(b.tier));
}
