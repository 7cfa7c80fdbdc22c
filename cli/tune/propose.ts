/**
 * `llm-cascade tune`'s arithmetic, pure: per task, what the recorded ledgers say about each tier (how often a
 * request that entered it left with a valid answer, what it spent there) and each candidate (first-attempt pass
 * rate, provider failure rate, cost), and the change they support: the start tier with the lowest expected cost
 * per valid result (cli/tune/cascade-math.ts) and each tier's candidates ordered by cost per valid answer.
 * Unit-tested on synthetic ledgers whose right answer is known (test/unit/tune.test.ts).
 */
import type { TuneTaskCounts } from '../../store/query/tune';
import type { ReportRun } from '../report/aggregate';
import { taskCounts } from './counts';
import { bestStart, type StartExpectation, type TierEstimate } from './cascade-math';

/** The route as tune needs it: tier names in order with their candidates, and where requests start now. */
export interface TuneRoute {
  tiers: { name: string; candidates: string[] }[];
  /** The route's default start (no start rule matching), by index. */
  startTier: number;
}

export interface TuneOptions {
  /** Fewest requests a tier (or first attempts a candidate) needs before its rates are used. @default 20 */
  minSamples?: number;
  /** Smallest relative saving worth a change of start tier. @default 0.02 */
  minSaving?: number;
  /** Above this provider failure rate a candidate goes after the reliable ones. @default 0.2 */
  maxFailureRate?: number;
}

export interface TierStats {
  tier: string;
  /** Requests that had an answer attempt at this tier. */
  entered: number;
  /** Of those, the ones whose valid answer came from this tier. */
  passed: number;
  passRate: number | null;
  /** Mean spend at this tier per request that entered it (failovers, repairs and gates included), micro-USD. */
  meanCostMicroUsd: number | null;
  /** Requests whose first answer attempt was here. */
  started: number;
  enough: boolean;
}

export interface CandidateStats {
  tier: string;
  ref: string;
  /** Attempts that were not a same-candidate retry (repair, more tokens). */
  firstAttempts: number;
  /** Of those, valid answers / answered (billed) ones. */
  passRate: number | null;
  /** Of those, the share that got no answer (provider errors, timeouts, 429s). */
  failureRate: number | null;
  /** Mean cost of a billed attempt, micro-USD. */
  meanCostMicroUsd: number | null;
  /** meanCost / passRate: what one valid answer from this candidate costs. */
  costPerValidMicroUsd: number | null;
  enough: boolean;
}

export interface TaskProposal {
  task: string;
  requests: number;
  /** Spend of classifier calls (not part of the tiers' arithmetic), micro-USD. */
  classifierMicroUsd: number;
  tiers: TierStats[];
  candidates: CandidateStats[];
  /** Every start the data can price, with its expectation. */
  starts: (StartExpectation & { tier: string })[];
  current: { tier: string; expectation?: StartExpectation };
  /** The proposed start, when it differs and saves at least `minSaving`. */
  startTier?: { tier: string; expectation: StartExpectation; saving: number };
  /** Tiers whose candidate order the data changes: new order, best first. */
  candidateOrders: { tier: string; from: string[]; to: string[] }[];
  /** Plain sentences on what the data cannot tell yet. */
  notEnoughData: string[];
}

/** The statistics of one task's requests on its route, from the ledgers read out of histories. */
export function taskStats(runs: readonly ReportRun[], route: TuneRoute, minSamples: number) {
  return statsOfCounts(
    taskCounts(
      '',
      runs,
      route.tiers.map((tier) => tier.name),
    ),
    route,
    minSamples,
  );
}

/** The statistics of one task's counts (from histories or from the ledger store) on its route. */
export function statsOfCounts(counts: TuneTaskCounts, route: TuneRoute, minSamples: number) {
  const tierStats: TierStats[] = route.tiers.map(({ name }) => {
    const tier = counts.tiers.find((t) => t.tier === name) ?? { entered: 0, passed: 0, costMicroUsd: 0, started: 0 };
    return {
      tier: name,
      entered: tier.entered,
      passed: tier.passed,
      passRate: tier.entered > 0 ? tier.passed / tier.entered : null,
      meanCostMicroUsd: tier.entered > 0 ? tier.costMicroUsd / tier.entered : null,
      started: tier.started,
      enough: tier.entered >= minSamples,
    };
  });
  const candidateStats: CandidateStats[] = counts.candidates.map((c) => {
    const passRate = c.billed > 0 ? c.ok / c.billed : null;
    const meanCost = c.billed > 0 ? c.costMicroUsd / c.billed : null;
    return {
      tier: c.tier,
      ref: c.ref,
      firstAttempts: c.first,
      passRate,
      failureRate: c.first > 0 ? c.unbilled / c.first : null,
      meanCostMicroUsd: meanCost,
      costPerValidMicroUsd: passRate && meanCost !== null ? meanCost / passRate : null,
      enough: c.first >= minSamples,
    };
  });
  return {
    requests: counts.requests,
    classifierMicroUsd: counts.classifierMicroUsd,
    tiers: tierStats,
    candidates: candidateStats,
  };
}

/**
 * The starts the data can price: every tier from the start up must have enough data, unless requests almost never
 * reach it (under 1 % of them). Rates of tiers above today's start were measured on the requests that escalated
 * there (usually the harder ones), so a start moved up is priced conservatively.
 */
function priceableStarts(tiers: readonly TierStats[]): StartExpectation[] {
  const estimates: TierEstimate[] = tiers.map((tier) => ({
    passRate: tier.passRate ?? 0,
    costMicroUsd: tier.meanCostMicroUsd ?? 0,
  }));
  const allowed = tiers
    .map((_, start) => start)
    .filter((start) => {
      let reach = 1;
      for (let index = start; index < tiers.length; index++) {
        if (reach >= 0.01 && !tiers[index]!.enough) return false;
        reach *= 1 - (tiers[index]!.passRate ?? 0);
      }
      return true;
    });
  return allowed.length > 0 ? bestStart(estimates, allowed).all : [];
}

/** Candidates ordered by cost per valid answer; unreliable ones (failure rate over the bound) after the rest. */
function orderCandidates(
  tier: { name: string; candidates: string[] },
  stats: readonly CandidateStats[],
  maxFailure: number,
) {
  const measured = tier.candidates.map((ref) => stats.find((c) => c.tier === tier.name && c.ref === ref));
  if (tier.candidates.length < 2 || measured.some((c) => !c?.enough || c.costPerValidMicroUsd === null))
    return undefined;
  const key = (c: CandidateStats) => [(c.failureRate ?? 0) > maxFailure ? 1 : 0, c.costPerValidMicroUsd!] as const;
  const to = [...(measured as CandidateStats[])]
    .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1])
    .map((c) => c.ref);
  return to.join() === tier.candidates.join() ? undefined : { tier: tier.name, from: tier.candidates, to };
}

/** The change one task's ledgers support, with the data behind it and what is missing. */
export function proposeTask(
  task: string,
  runs: readonly ReportRun[],
  route: TuneRoute,
  options: TuneOptions = {},
): TaskProposal {
  const names = route.tiers.map((tier) => tier.name);
  return proposeFromCounts(taskCounts(task, runs, names), route, options);
}

/** The change one task's counts support (`tune --source store` reads them from the rollups). */
export function proposeFromCounts(counts: TuneTaskCounts, route: TuneRoute, options: TuneOptions = {}): TaskProposal {
  const task = counts.task;
  const minSamples = options.minSamples ?? 20;
  const stats = statsOfCounts(counts, route, minSamples);
  const starts = priceableStarts(stats.tiers).map((start) => ({ ...start, tier: route.tiers[start.start]!.name }));
  const currentName = route.tiers[route.startTier]!.name;
  const current = starts.find((start) => start.start === route.startTier);
  const best = starts.reduce<(typeof starts)[number] | undefined>(
    (a, b) => (!a || b.costPerValidMicroUsd < a.costPerValidMicroUsd ? b : a),
    undefined,
  );
  const notEnoughData: string[] = [];
  for (const tier of stats.tiers)
    if (!tier.enough)
      notEnoughData.push(
        `tier ${tier.tier}: ${tier.entered} request(s) reached it, ${minSamples} needed` +
          (tier.entered === 0 ? ' (to learn it, start a share of traffic there with an experiment)' : ''),
      );
  if (!current)
    notEnoughData.push(`the current start (${currentName}) cannot be priced yet, so no start change is proposed`);
  let startTier: TaskProposal['startTier'];
  if (current && best && best.start !== current.start) {
    const saving = 1 - best.costPerValidMicroUsd / current.costPerValidMicroUsd;
    if (saving >= (options.minSaving ?? 0.02)) startTier = { tier: best.tier, expectation: best, saving };
  }
  const candidateOrders = route.tiers
    .map((tier) => orderCandidates(tier, stats.candidates, options.maxFailureRate ?? 0.2))
    .filter((order): order is NonNullable<typeof order> => order !== undefined);
  return {
    task,
    requests: stats.requests,
    classifierMicroUsd: stats.classifierMicroUsd,
    tiers: stats.tiers,
    candidates: stats.candidates,
    starts,
    current: { tier: currentName, ...(current && { expectation: current }) },
    ...(startTier && { startTier }),
    candidateOrders,
    notEnoughData,
  };
}
