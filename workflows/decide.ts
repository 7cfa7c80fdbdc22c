/**
 * The cascade's brain, as pure functions: given the route, the ledger so far and the budget, what happens next.
 * No Temporal imports, no I/O, no clock: unit-tested without a server (test/unit/decide.test.ts).
 */
import { worstCaseMicroUsd } from '../catalog/pricing';
import type { CandidatePlan, RoutePlan } from '../catalog/types';
import type { AttemptOutcome, AttemptReason, AttemptRecord } from './definitions';
import { describeOutcome } from './ledger';

export interface DecideInput {
  route: RoutePlan;
  ledger: readonly AttemptRecord[];
  estimatedInputTokens: number;
  /** Spending limit in micro-USD; undefined = unbounded. */
  budgetMicroUsd?: number;
}

export interface CallStep {
  kind: 'call';
  tierIndex: number;
  candidateIndex: number;
  reason: AttemptReason;
  reasonDetail: string;
  maxOutputTokens: number;
  /** Micro-USD reserved for this call's worst case. */
  reservedMicroUsd: number;
}

export interface Skip {
  ref: string;
  tier: string;
  why: string;
}

export type NextStep =
  CallStep | { kind: 'done' } | { kind: 'fail'; failure: 'exhausted' | 'budget'; message: string; skipped: Skip[] };

/** Outcomes that mean "this model's answer is not good enough": move up a tier rather than sideways. */
const QUALITY_FAILURES: ReadonlySet<AttemptOutcome> = new Set(['invalid_json', 'schema_violation', 'truncated']);
/** Outcomes that rule a provider out for the rest of the request: a configuration fault or a known outage. */
const PROVIDER_BLOCKING: ReadonlySet<AttemptOutcome> = new Set(['auth_error', 'cooldown']);
/** Outcomes that rule a provider out for the rest of its tier: it is down, throttled or refusing right now. */
const TIER_BLOCKING: ReadonlySet<AttemptOutcome> = new Set([
  'provider_error',
  'timeout',
  'rate_limited',
  'refusal',
  'empty',
]);
/** Fewest output tokens worth asking for; below this a candidate's context window is considered full. */
const MIN_OUTPUT_TOKENS = 16;

export function spentMicroUsd(ledger: readonly AttemptRecord[]): number {
  return ledger.reduce((sum, attempt) => sum + attempt.costMicroUsd, 0);
}

/** max_tokens for a candidate: the tier's setting or the model's maximum, within what the context window leaves. */
export function outputTokensFor(route: RoutePlan, tierIndex: number, candidate: CandidatePlan, inputTokens: number) {
  const tierMax = route.tiers[tierIndex]?.options.maxOutputTokens ?? candidate.maxOutputTokens;
  return Math.max(0, Math.min(tierMax, candidate.maxOutputTokens, candidate.contextWindow - inputTokens));
}

/** Decides the next step of a cascade from its route, ledger and budget. */
export function nextStep(input: DecideInput): NextStep {
  const { route, ledger } = input;
  const last = ledger[ledger.length - 1];
  if (!last) return firstEligible(input, route.startTier, 0);
  if (last.outcome === 'ok') return { kind: 'done' };

  const tier = route.tiers[last.tierIndex];
  const candidate = tier?.candidates[last.candidateIndex];
  if (tier && candidate && (last.outcome === 'invalid_json' || last.outcome === 'schema_violation')) {
    if (repairsInARow(ledger) < tier.options.repairAttempts) {
      return sameCandidate(input, last, 'repair', `repair re-ask after ${last.outcome}`, last.maxOutputTokens);
    }
  }
  if (tier && candidate && last.outcome === 'truncated' && last.reason !== 'more_tokens') {
    const more = Math.min(candidate.maxOutputTokens, candidate.contextWindow - input.estimatedInputTokens);
    if (more > last.maxOutputTokens) {
      const doubled = Math.min(more, Math.max(last.maxOutputTokens * 2, MIN_OUTPUT_TOKENS));
      return sameCandidate(input, last, 'more_tokens', 'retry with more max_tokens after truncation', doubled);
    }
  }
  return moveOn(input, last);
}

/** After a failed attempt: a quality failure moves up a tier; anything else tries the next candidate. */
function moveOn(input: DecideInput, last: AttemptRecord): NextStep {
  return QUALITY_FAILURES.has(last.outcome)
    ? firstEligible(input, last.tierIndex + 1, 0, last)
    : firstEligible(input, last.tierIndex, last.candidateIndex + 1, last);
}

/** Repair re-asks made on the last attempt's candidate since it was first tried. */
function repairsInARow(ledger: readonly AttemptRecord[]): number {
  let count = 0;
  for (let index = ledger.length - 1; index >= 0; index--) {
    const attempt = ledger[index];
    if (!attempt || attempt.reason !== 'repair') break;
    count++;
  }
  return count;
}

function sameCandidate(
  input: DecideInput,
  last: AttemptRecord,
  reason: AttemptReason,
  reasonDetail: string,
  maxOutputTokens: number,
): NextStep {
  const candidate = input.route.tiers[last.tierIndex]?.candidates[last.candidateIndex];
  if (!candidate) throw new Error(`ledger names a candidate outside the route: ${last.ref}`);
  const reserved = worstCaseMicroUsd(candidate.price, input.estimatedInputTokens, maxOutputTokens);
  const left = leftMicroUsd(input);
  if (left !== undefined && reserved > left) {
    // Cannot afford the same candidate again: move on as if its retry were used up.
    return moveOn(input, last);
  }
  const { tierIndex, candidateIndex } = last;
  return { kind: 'call', tierIndex, candidateIndex, reason, reasonDetail, maxOutputTokens, reservedMicroUsd: reserved };
}

function leftMicroUsd(input: DecideInput): number | undefined {
  return input.budgetMicroUsd === undefined ? undefined : input.budgetMicroUsd - spentMicroUsd(input.ledger);
}

/**
 * The first candidate at or after (tierIndex, candidateIndex), walking up through the tiers, that can run:
 * its provider is not ruled out, its context window fits, and its worst case fits the budget.
 */
function firstEligible(input: DecideInput, fromTier: number, fromCandidate: number, after?: AttemptRecord): NextStep {
  const { route, ledger, estimatedInputTokens } = input;
  const blocked = new Set(ledger.filter((a) => PROVIDER_BLOCKING.has(a.outcome)).map((a) => a.provider));
  const overflowed = ledger.filter((a) => a.outcome === 'context_exceeded');
  const left = leftMicroUsd(input);
  const skipped: Skip[] = [];
  let budgetSkips = 0;

  for (let tierIndex = fromTier; tierIndex < route.tiers.length; tierIndex++) {
    const tier = route.tiers[tierIndex]!;
    const tierDown = new Set(
      ledger.filter((a) => a.tierIndex === tierIndex && TIER_BLOCKING.has(a.outcome)).map((a) => a.provider),
    );
    const start = tierIndex === fromTier ? fromCandidate : 0;
    for (let candidateIndex = start; candidateIndex < tier.candidates.length; candidateIndex++) {
      const candidate = tier.candidates[candidateIndex]!;
      const skip = (why: string) => skipped.push({ ref: candidate.ref, tier: tier.name, why });
      if (blocked.has(candidate.provider)) {
        skip(`provider ${candidate.provider} ruled out earlier in this request`);
        continue;
      }
      if (tierDown.has(candidate.provider)) {
        skip(`provider ${candidate.provider} already failed in tier ${tier.name}`);
        continue;
      }
      const overflow = overflowed.find((a) => contextWindowOf(route, a) >= candidate.contextWindow);
      const maxOutputTokens = outputTokensFor(route, tierIndex, candidate, estimatedInputTokens);
      if (overflow || maxOutputTokens < MIN_OUTPUT_TOKENS) {
        skip(`context window ${candidate.contextWindow} too small for ${estimatedInputTokens} prompt tokens`);
        continue;
      }
      const reserved = worstCaseMicroUsd(candidate.price, estimatedInputTokens, maxOutputTokens);
      if (left !== undefined && reserved > left) {
        skip(`worst case ${formatUsd(reserved)} exceeds the ${formatUsd(left)} left in the budget`);
        budgetSkips++;
        continue;
      }
      const reason: AttemptReason = !after ? 'first' : tierIndex === after.tierIndex ? 'failover' : 'escalation';
      const reasonDetail = after ? `${reason} after ${describeOutcome(after)} on ${after.ref}` : 'first try';
      return {
        kind: 'call',
        tierIndex,
        candidateIndex,
        reason,
        reasonDetail,
        maxOutputTokens,
        reservedMicroUsd: reserved,
      };
    }
  }
  const failure = budgetSkips > 0 ? 'budget' : 'exhausted';
  const lines = skipped.map((s) => `${s.tier} ${s.ref}: ${s.why}`);
  const message =
    failure === 'budget'
      ? `budget exceeded: no remaining candidate fits what is left (${formatUsd(left ?? 0)}); ${lines.join('; ')}`
      : `every candidate of route "${route.task}" was tried or ruled out${lines.length ? `: ${lines.join('; ')}` : ''}`;
  return { kind: 'fail', failure, message, skipped };
}

function contextWindowOf(route: RoutePlan, attempt: AttemptRecord): number {
  return route.tiers[attempt.tierIndex]?.candidates[attempt.candidateIndex]?.contextWindow ?? 0;
}

export function formatUsd(micro: number): string {
  return `$${(micro / 1e6).toFixed(6)}`;
}
