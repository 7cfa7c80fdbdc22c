/**
 * The cascade arithmetic of bench/README.md, as pure functions: what a request costs and how often it ends valid
 * when it starts at a given tier and escalates through the ones above it, each tried once. Used by `tune` on
 * measured rates and by the benchmark's oracle on the simulator's true ones.
 */

/** One tier as the arithmetic sees it: how often its first answer is valid, and what one attempt there costs. */
export interface TierEstimate {
  /** Share of first attempts at this tier whose answer was valid, 0..1. */
  passRate: number;
  /** Mean cost of an attempt at this tier (billed or not), micro-USD. */
  costMicroUsd: number;
}

export interface StartExpectation {
  start: number;
  /** E[cost] = c_s + (1 − p_s)(c_s+1 + (1 − p_s+1)(…)), micro-USD. */
  costMicroUsd: number;
  /** P(valid) = 1 − Π (1 − p_i) over the tiers from the start up. */
  validRate: number;
  /** E[cost] / P(valid); Infinity when nothing can end valid. */
  costPerValidMicroUsd: number;
}

/** Expected cost, valid rate and cost per valid result of starting at `start` (0-based). */
export function expectFromStart(tiers: readonly TierEstimate[], start: number): StartExpectation {
  let reach = 1;
  let cost = 0;
  for (let index = start; index < tiers.length; index++) {
    const tier = tiers[index]!;
    cost += reach * tier.costMicroUsd;
    reach *= 1 - tier.passRate;
  }
  const validRate = 1 - reach;
  return {
    start,
    costMicroUsd: cost,
    validRate,
    costPerValidMicroUsd: validRate > 0 ? cost / validRate : Number.POSITIVE_INFINITY,
  };
}

/**
 * The start with the lowest expected cost per valid result, among `allowed` starts (default: every tier). Ties go
 * to the lower tier. Also every start's expectation, for showing the data behind the choice.
 */
export function bestStart(
  tiers: readonly TierEstimate[],
  allowed: readonly number[] = tiers.map((_, index) => index),
): { best: StartExpectation; all: StartExpectation[] } {
  const all = allowed.map((start) => expectFromStart(tiers, start));
  const best = all.reduce((a, b) => (b.costPerValidMicroUsd < a.costPerValidMicroUsd ? b : a));
  return { best, all };
}
