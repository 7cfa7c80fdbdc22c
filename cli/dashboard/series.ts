/**
 * Series for the charts: one point per hour or day of the window, empty buckets as zeros (a gap in spend is a
 * figure too), and each tier's rates laid on the same buckets (a tier with no request in a bucket has no rate
 * there: null, which the chart draws as a gap). Money stays in integer micro-USD. Pure.
 */
import { DAY_MS, HOUR_MS } from '../../store/rollup/counters';
import type { SeriesPoint, TierRatePoint } from '../../store/query/series';

export interface ChartSeries {
  per: 'hour' | 'day';
  /** Start of each bucket, ms since the epoch (UTC). */
  atMs: number[];
  costMicroUsd: number[];
  baselineMicroUsd: number[];
  requests: number[];
  validResults: number[];
  escalated: number[];
}

export interface TierSeries {
  tiers: string[];
  /** Per tier (same order), per bucket: the share of first attempts at that tier that passed; null: none. */
  firstPassRate: (number | null)[][];
  /** Per tier, per bucket: the share of requests with an attempt at that tier that escalated past it. */
  escalationRate: (number | null)[][];
}

/** Most buckets a chart gets; a longer window would not be readable anyway (params.ts refuses such hour charts). */
export const MAX_BUCKETS = 5_000;

/** The start of the bucket holding `ms`: its UTC hour or UTC day. */
export function bucketStart(ms: number, per: 'hour' | 'day'): number {
  const width = per === 'day' ? DAY_MS : HOUR_MS;
  return Math.floor(ms / width) * width;
}

/** Bucket starts from the one holding `fromMs` to the one holding `toMs` (inclusive). */
export function bucketStarts(fromMs: number, toMs: number, per: 'hour' | 'day'): number[] {
  const width = per === 'day' ? DAY_MS : HOUR_MS;
  const first = bucketStart(fromMs, per);
  const last = bucketStart(Math.max(fromMs, toMs), per);
  const count = (last - first) / width + 1;
  if (count > MAX_BUCKETS) throw new RangeError(`${count} ${per} buckets: at most ${MAX_BUCKETS}`);
  return Array.from({ length: count }, (_, index) => first + index * width);
}

/**
 * The spend series over [fromMs, toMs], one entry per bucket. Points outside (a store's rows that started before
 * the window's first full bucket cannot be there: the queries cut by the window) would be dropped, never summed.
 */
export function fillSeries(
  points: readonly SeriesPoint[],
  fromMs: number,
  toMs: number,
  per: 'hour' | 'day',
): ChartSeries {
  const starts = bucketStarts(fromMs, toMs, per);
  const index = new Map(starts.map((at, position) => [at, position]));
  const zeros = () => starts.map(() => 0);
  const series: ChartSeries = {
    per,
    atMs: starts,
    costMicroUsd: zeros(),
    baselineMicroUsd: zeros(),
    requests: zeros(),
    validResults: zeros(),
    escalated: zeros(),
  };
  for (const point of points) {
    const position = index.get(bucketStart(point.atMs, per));
    if (position === undefined) continue;
    series.costMicroUsd[position]! += point.costMicroUsd;
    series.baselineMicroUsd[position]! += point.baselineMicroUsd;
    series.requests[position]! += point.requests;
    series.validResults[position]! += point.validResults;
    series.escalated[position]! += point.escalated;
  }
  return series;
}

/** Each tier's first-attempt pass rate and escalation rate on the buckets of `starts`, tiers in ladder order. */
export function pivotTierRates(
  points: readonly TierRatePoint[],
  starts: readonly number[],
  per: 'hour' | 'day',
  tierOrder: readonly string[] = [],
): TierSeries {
  const index = new Map(starts.map((at, position) => [at, position]));
  const counts = new Map<string, { first: number[]; pass: number[]; requests: number[]; escalated: number[] }>();
  for (const point of points) {
    const position = index.get(bucketStart(point.atMs, per));
    if (position === undefined) continue;
    let tier = counts.get(point.tier);
    if (!tier) {
      const zeros = () => starts.map(() => 0);
      counts.set(point.tier, (tier = { first: zeros(), pass: zeros(), requests: zeros(), escalated: zeros() }));
    }
    tier.first[position]! += point.firstAttempts;
    tier.pass[position]! += point.firstPass;
    tier.requests[position]! += point.requests;
    tier.escalated[position]! += point.escalated;
  }
  const rank = (tier: string) => {
    const at = tierOrder.indexOf(tier);
    return at < 0 ? tierOrder.length : at;
  };
  const tiers = [...counts.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    tiers,
    firstPassRate: tiers.map((tier) => {
      const c = counts.get(tier)!;
      return c.first.map((first, position) => rate(c.pass[position]!, first));
    }),
    escalationRate: tiers.map((tier) => {
      const c = counts.get(tier)!;
      return c.requests.map((requests, position) => rate(c.escalated[position]!, requests));
    }),
  };
}
