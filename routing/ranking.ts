/**
 * The measured ranking of a tier's candidates and the latency goal: pure functions of a snapshot of the worker's
 * recent measurements. The planner applies them in its local activity, so the order it chose is recorded in
 * history and a replay never ranks again.
 */
import type { PlanNote } from './types';

/** What a worker measured of one candidate over its recent window (see `CandidateStats` in activities/). */
export interface CandidateMeasure {
  /** Calls in the window that reached a verdict on the provider: served, or failed on its side. */
  attempts: number;
  /** Of those, the calls the provider served (an answer came back; whether it validated is not counted here). */
  successes: number;
  /** Median latency of the served calls, ms. */
  p50Ms?: number;
  /** 95th percentile latency of the served calls, ms. */
  p95Ms?: number;
}

/** A worker's measurements by candidate ref (undefined: nothing measured). */
export type MeasureOf = (ref: string) => CandidateMeasure | undefined;

export const RANKING = {
  /** Fewer calls than this in the window: the candidate counts as unmeasured (healthy, fast: it gets tried). */
  minAttempts: 5,
  /** Success rates are compared in steps of 5 points, so noise between 97 % and 99 % never reorders a tier. */
  rateStep: 0.05,
  /** Latencies are compared in doubling bands from this many ms: only a candidate twice as slow drops behind. */
  latencyBandMs: 250,
} as const;

/** The measure of a candidate with enough calls to judge, else undefined. */
export function judged(measure: CandidateMeasure | undefined): CandidateMeasure | undefined {
  return measure && measure.attempts >= RANKING.minAttempts ? measure : undefined;
}

function rateBand(measure: CandidateMeasure | undefined): number {
  if (!measure) return Math.round(1 / RANKING.rateStep);
  return Math.floor(measure.successes / measure.attempts / RANKING.rateStep + 1e-9);
}

function latencyBand(measure: CandidateMeasure | undefined): number {
  if (measure?.p50Ms === undefined) return 0;
  return Math.max(0, Math.floor(Math.log2(measure.p50Ms / RANKING.latencyBandMs)));
}

function describe(measure: CandidateMeasure | undefined): string {
  if (!measure) return 'unmeasured';
  const rate = Math.round((measure.successes / measure.attempts) * 100);
  const latency = measure.p50Ms === undefined ? '' : `, p50 ${Math.round(measure.p50Ms)} ms`;
  return `${rate} % served of ${measure.attempts}${latency}`;
}

/**
 * Orders a tier's candidates by measured success rate (in 5-point steps, higher first), then median latency (in
 * doubling bands from 250 ms, faster first), then their static order. A candidate with fewer than
 * `RANKING.minAttempts` calls in the window counts as fully healthy and fast, so a new or recovered candidate is
 * tried and measured. Returns the order and a note for each candidate that moved.
 */
export function rankCandidates<C extends { ref: string }>(
  tier: string,
  candidates: readonly C[],
  measureOf: MeasureOf,
): { candidates: C[]; notes: PlanNote[] } {
  const keyed = candidates.map((candidate, index) => {
    const measure = judged(measureOf(candidate.ref));
    return { candidate, index, measure, rate: rateBand(measure), latency: latencyBand(measure) };
  });
  const sorted = [...keyed].sort((a, b) => b.rate - a.rate || a.latency - b.latency || a.index - b.index);
  const notes = sorted
    .filter((entry, position) => entry.index !== position)
    .map((entry) => ({
      tier,
      ref: entry.candidate.ref,
      why: `measured order: ${describe(entry.measure)} (static position ${entry.index + 1}, now ${sorted.indexOf(entry) + 1})`,
    }));
  return { candidates: sorted.map((entry) => entry.candidate), notes };
}

/** Why a candidate misses a latency goal (its measured p95 is above it), or undefined when it does not. */
export function missesLatencyGoal(measure: CandidateMeasure | undefined, goalMs: number): string | undefined {
  const p95 = judged(measure)?.p95Ms;
  if (p95 === undefined || p95 <= goalMs) return undefined;
  return `measured p95 ${Math.round(p95)} ms over the ${goalMs} ms latency goal`;
}

/**
 * Applies a latency goal to a tier: candidates whose measured p95 is above it move to the end of the tier (their
 * relative order kept), or with `strict` are ruled out. Unmeasured candidates are never penalised.
 */
export function applyLatencyGoal<C extends { ref: string }>(
  tier: string,
  candidates: readonly C[],
  measureOf: MeasureOf,
  goal: { goalMs: number; strict?: boolean },
): { candidates: C[]; reordered: PlanNote[]; ruledOut: PlanNote[] } {
  const fast: C[] = [];
  const slow: C[] = [];
  const notes: PlanNote[] = [];
  for (const candidate of candidates) {
    const why = missesLatencyGoal(measureOf(candidate.ref), goal.goalMs);
    if (why === undefined) fast.push(candidate);
    else {
      slow.push(candidate);
      notes.push({ tier, ref: candidate.ref, why: goal.strict ? why : `${why}: tried last` });
    }
  }
  if (goal.strict) return { candidates: fast, reordered: [], ruledOut: notes };
  const ordered = [...fast, ...slow];
  // Only a candidate that actually moved is worth a note: a slow one already last stays where it was.
  const moved = notes.filter((note) => {
    const at = (list: readonly C[]) => list.findIndex((candidate) => candidate.ref === note.ref);
    return at(ordered) !== at(candidates);
  });
  return { candidates: ordered, reordered: moved, ruledOut: [] };
}
