/**
 * The rollup table's counters and the deltas a batch of rows adds to them. A rollup cell is one hour of one
 * grouping (`dim`) for one task and one key (a model, a session, an experiment arm…); every counter is an integer
 * sum, so cells add up across hours and tasks, and a report over any whole-hour window is a sum of cells. Pure.
 */

/** Groupings the rollups keep. Request-level ones take their key from the request's context, the rest per attempt. */
export const DIMS = [
  'total',
  'task',
  'session',
  'user',
  'key',
  'experiment',
  'batch',
  'kind',
  'model',
  'tier',
  'provider',
  /** `tier\u001fref`: the candidate statistics `tune` reads. */
  'candidate',
  /** `name:arm\u001fbucket`: a latency histogram per experiment arm (medians without reading every request). */
  'arm_latency',
] as const;
export type Dim = (typeof DIMS)[number];

/** Counters added once per attempt row (the first time the store sees its key). */
export const ATTEMPT_COUNTERS = [
  'attempts',
  'billed_attempts',
  'cost_micro',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'latency_ms',
  'estimated_attempts',
] as const;

/** Counters added once per finished request (the first time the store sees it end), from its whole ledger. */
export const REQUEST_COUNTERS = [
  /** Requests with an attempt in the cell (every request, for request-level groupings). */
  'requests',
  /** Requests that escalated past the cell: an attempt here was followed by an escalation. */
  'escalated',
  /** Requests whose valid answer came from the cell, and those answers' premium-only baseline. */
  'valid',
  'baseline_micro',
  /** Requests whose first answer attempt was in the cell, and those whose first attempt was valid. */
  'first_attempts',
  'first_pass',
  /** `tune`: requests with an answer attempt; per tier, requests that entered it, passed in it, spent there. */
  'answered',
  'entered',
  'passed',
  'tier_cost_micro',
  /** `tune`: a candidate's answer attempts (retries of the same candidate left out), valid, billed, unbilled, cost. */
  'cand_attempts',
  'cand_ok',
  'cand_billed',
  'cand_unbilled',
  'cand_cost_micro',
  /** `tune`: what classifier calls cost. */
  'classify_cost_micro',
  /** Sum of finished requests' end-to-end latency, ms. */
  'request_latency_ms',
  /** Requests a labels file judged, and those it judged correct. */
  'labelled',
  'correct',
] as const;

export const COUNTERS = [...ATTEMPT_COUNTERS, ...REQUEST_COUNTERS] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Partial<Record<Counter, number>>;

/** One rollup row's identity. `bucket`: hours since the epoch (UTC) of the request's start. */
export interface RollupCell {
  dim: Dim;
  bucket: number;
  task: string;
  key: string;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Groupings kept per day rather than per hour: their keys are many (a session, a user, a latency bucket), so an
 * hourly cell would hold little more than one request. Windows on them are whole UTC days (see query/sums.ts).
 */
export const DAILY_DIMS: ReadonlySet<Dim> = new Set<Dim>(['session', 'user', 'arm_latency']);

/** The hour bucket of a time, ms since the epoch. */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

/** The bucket of a grouping for a time: its hour, or for daily groupings the first hour of its UTC day. */
export function bucketOf(dim: Dim, ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  return DAILY_DIMS.has(dim) ? hour - (((hour % 24) + 24) % 24) : hour;
}

/** A sum of counter deltas per cell, in a stable order (so concurrent writers lock rollup rows in the same order). */
export class RollupDeltas {
  private readonly cells = new Map<string, { cell: RollupCell; counters: Counters }>();

  add(cell: RollupCell, counters: Counters, sign: 1 | -1 = 1): void {
    const id = `${cell.dim}\u0001${cell.bucket}\u0001${cell.task}\u0001${cell.key}`;
    let entry = this.cells.get(id);
    if (!entry) this.cells.set(id, (entry = { cell, counters: {} }));
    const sums = entry.counters;
    // for…in over a small literal: the hot loop of bulk writes (no Object.entries allocation per call).
    for (const name in counters) {
      const value = counters[name as Counter]!;
      if (value !== 0) sums[name as Counter] = (sums[name as Counter] ?? 0) + sign * value;
    }
  }

  merge(other: RollupDeltas): void {
    for (const { cell, counters } of other.entries()) this.add(cell, counters);
  }

  get size(): number {
    return this.cells.size;
  }

  /** Cells sorted by (dim, bucket, task, key), zero cells left out. */
  entries(): { cell: RollupCell; counters: Counters }[] {
    return [...this.cells.values()]
      .filter((entry) => Object.values(entry.counters).some((value) => value !== 0))
      .sort((a, b) => compareCells(a.cell, b.cell));
  }
}

function compareCells(a: RollupCell, b: RollupCell): number {
  if (a.dim !== b.dim) return a.dim < b.dim ? -1 : 1;
  if (a.bucket !== b.bucket) return a.bucket - b.bucket;
  if (a.task !== b.task) return a.task < b.task ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
