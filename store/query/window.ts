/**
 * A report's time window split into what the rollups answer (whole hours) and the partial hours at its ends, which
 * are read from the rows themselves: so a window need not start on the hour, and is still exact. Pure.
 */
import { HOUR_MS } from '../rollup/counters';

/** A window on request start times, ms since the epoch: [sinceMs, untilMs); absent ends are open. */
export interface TimeWindow {
  sinceMs?: number;
  untilMs?: number;
}

export interface WindowPlan {
  /** Whole hour buckets [fromBucket, toBucket) the rollups answer; absent ends are open; absent: none. */
  whole?: { fromBucket?: number; toBucket?: number };
  /** Stretches shorter than an hour read from the rows: [fromMs, toMs). */
  edges: { fromMs: number; toMs: number }[];
}

export function planWindow(window: TimeWindow): WindowPlan {
  const { sinceMs, untilMs } = window;
  if (sinceMs !== undefined && untilMs !== undefined && untilMs <= sinceMs) return { edges: [] };
  const from = sinceMs === undefined ? undefined : Math.ceil(sinceMs / HOUR_MS);
  const to = untilMs === undefined ? undefined : Math.floor(untilMs / HOUR_MS);
  if (from !== undefined && to !== undefined && from >= to) return { edges: [{ fromMs: sinceMs!, toMs: untilMs! }] };
  const edges: WindowPlan['edges'] = [];
  if (sinceMs !== undefined && from! * HOUR_MS > sinceMs) edges.push({ fromMs: sinceMs, toMs: from! * HOUR_MS });
  if (untilMs !== undefined && to! * HOUR_MS < untilMs) edges.push({ fromMs: to! * HOUR_MS, toMs: untilMs });
  return {
    whole: { ...(from !== undefined && { fromBucket: from }), ...(to !== undefined && { toBucket: to }) },
    edges,
  };
}

/** `WHERE` conditions (and their parameters) selecting requests started in a window, of one task when given. */
export function windowConditions(
  window: TimeWindow & { task?: string },
  table = 'r.',
): { conditions: string[]; params: (string | number)[] } {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (window.sinceMs !== undefined) {
    conditions.push(`${table}started_at >= ?`);
    params.push(window.sinceMs);
  }
  if (window.untilMs !== undefined) {
    conditions.push(`${table}started_at < ?`);
    params.push(window.untilMs);
  }
  if (window.task !== undefined) {
    conditions.push(`${table}task = ?`);
    params.push(window.task);
  }
  return { conditions, params };
}
