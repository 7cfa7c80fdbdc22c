/**
 * The cascade's brain, as pure functions: given the route, the ledger so far and the budget, what happens next.
 * No Temporal imports, no I/O, no clock: unit-tested without a server (test/unit/decide.test.ts).
 */
import { formatMicroUsd, worstCaseMicroUsd } from '../../catalog/pricing';
import type { RoutePlan } from '../../routing/types';
import { ledgerCostMicroUsd, type AttemptReason, type AttemptRecord } from '../definitions';
import type { DecideInput, NextStep } from './steps';
import { retriesOnCandidate, retryOrInstead } from './more-tokens';
import { failedInTier, failureLines, ruledOut, type Skip } from './explain';
import { PROVIDER_BLOCKING, QUALITY_FAILURES, REPAIRABLE, TIER_BLOCKING, TRANSIENT_OUTCOMES } from './outcome-rules';
import {
  epochStart,
  formatSeconds,
  nextWaitMs,
  resumeTier,
  stillCounts,
  waitBudget,
  WAIT_MIN_MS,
  type WaitRecord,
} from './waits';
import { outputTokensFor } from '../../routing/route';
import { promptTokensFor } from '../../routing/media';
import { describeOutcome } from './ledger';

export type { Skip } from './explain';
export type { CallStep, DecideInput, NextStep, WaitStep } from './steps';

/** Tokens reserved for a repair prompt's instructions and quoted errors (they are capped in the activity). */
const REPAIR_OVERHEAD_TOKENS = 1_024;
/** Fewest output tokens worth asking for; below this a candidate's context window is considered full. */
const MIN_OUTPUT_TOKENS = 16;

/** Decides the next step of a cascade from its route, ledger and budget. */
export function nextStep(input: DecideInput): NextStep {
  if (input.ledger.some((row) => row.reason === 'classify')) return nextStep(withoutClassifier(input));
  const { route, ledger } = input;
  const last = ledger[ledger.length - 1];
  if (!last) return firstEligible(input, route.startTier, 0);
  if (last.outcome === 'ok') return { kind: 'done' };
  const lastWait = input.waits?.[input.waits.length - 1];
  if (lastWait && lastWait.afterSeq === ledger.length)
    return firstEligible(input, resumeTier(input.route.startTier, input.ledger), 0, last, lastWait);
  // A quality gate rejected the tier's answer: move up a tier (the gate's row carries the answered tier).
  if (last.reason === 'verify' || last.reason === 'agreement') return firstEligible(input, last.tierIndex + 1, 0, last);

  const tier = route.tiers[last.tierIndex];
  const candidate = tier?.candidates[last.candidateIndex];
  if (!tier || !candidate) return moveOn(input, last);
  const retries = retriesOnCandidate(ledger, last);
  // One bound for repairs and more-tokens retries together, so they cannot take turns resetting each other.
  const bound = Math.max(1, tier.options.repairAttempts);
  if (REPAIRABLE.has(last.outcome) && retries.repairs < tier.options.repairAttempts && retries.total < bound) {
    return sameCandidate(input, last, 'repair', `repair re-ask after ${last.outcome}`, last.maxOutputTokens);
  }
  if (last.outcome === 'truncated' && !last.repetitionLoop && retries.moreTokens === 0 && retries.total < bound) {
    const more = Math.min(
      candidate.maxOutputTokens,
      candidate.contextWindow - promptTokensFor(input.estimatedInputTokens, candidate),
    );
    if (more > last.maxOutputTokens) {
      const doubled = Math.min(more, Math.max(last.maxOutputTokens * 2, MIN_OUTPUT_TOKENS));
      const retry = sameCandidate(input, last, 'more_tokens', 'retry with more max_tokens after truncation', doubled);
      return retryOrInstead(retry, candidate.moreTokens, () => moveOn(input, last));
    }
  }
  return moveOn(input, last);
}

/**
 * The decision's view of a ledger with a classifier's row: that row chose the start tier and is no attempt of a
 * tier (its provider, outcome and place do not count), but what it cost is spent.
 */
export function withoutClassifier(input: DecideInput): DecideInput {
  const isClassifier = (row: AttemptRecord) => row.reason === 'classify';
  const spent = ledgerCostMicroUsd(input.ledger.filter(isClassifier));
  const before = (seq: number) => input.ledger.slice(0, seq).filter(isClassifier).length;
  return {
    ...input,
    ledger: input.ledger.filter((row) => !isClassifier(row)),
    ...(input.budgetMicroUsd !== undefined && { budgetMicroUsd: input.budgetMicroUsd - spent }),
    ...(input.waits && {
      waits: input.waits.map((wait) => ({ ...wait, afterSeq: wait.afterSeq - before(wait.afterSeq) })),
    }),
  };
}

/** After a failed attempt: a quality failure moves up a tier; anything else tries the next candidate. */
function moveOn(input: DecideInput, last: AttemptRecord): NextStep {
  return QUALITY_FAILURES.has(last.outcome)
    ? firstEligible(input, last.tierIndex + 1, 0, last)
    : firstEligible(input, last.tierIndex, last.candidateIndex + 1, last);
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
  // A repair re-ask sends the previous answer and its errors too: reserve for them, or the cap could be passed.
  const inputTokens =
    promptTokensFor(input.estimatedInputTokens, candidate) +
    (reason === 'repair' ? last.maxOutputTokens + REPAIR_OVERHEAD_TOKENS : 0);
  const reserved = worstCaseMicroUsd(candidate.price, inputTokens, maxOutputTokens);
  const left = leftMicroUsd(input);
  if (left !== undefined && reserved > left) {
    // Cannot afford the same candidate again: move on as if its retry were used up.
    return moveOn(input, last);
  }
  const { tierIndex, candidateIndex } = last;
  return { kind: 'call', tierIndex, candidateIndex, reason, reasonDetail, maxOutputTokens, reservedMicroUsd: reserved };
}

function leftMicroUsd(input: DecideInput): number | undefined {
  return input.budgetMicroUsd === undefined ? undefined : input.budgetMicroUsd - ledgerCostMicroUsd(input.ledger);
}

/**
 * Nothing can run now. When some candidate is only down for the moment, and would be eligible again after a wait,
 * wait (a durable timer) for the soonest hint — a Retry-After or the end of a cooldown — or a doubling back-off;
 * the request fails as `unavailable` only once its total wait would pass `maxWaitMs`.
 */
function waitOrFail(input: DecideInput, failure: Extract<NextStep, { kind: 'fail' }>): NextStep {
  const start = epochStart(input.waits);
  const transient = input.ledger.slice(start).filter((a) => TRANSIENT_OUTCOMES.has(a.outcome));
  if (transient.length === 0) return failure;
  const waits = input.waits ?? [];
  const afterWait = firstEligible(
    { ...input, waits: [...waits, { afterSeq: input.ledger.length, ms: 0 }] },
    resumeTier(input.route.startTier, input.ledger),
    0,
  );
  // Nothing could run after a wait either: say why (the budget, when that is what would stop it).
  if (afterWait.kind !== 'call')
    return afterWait.kind === 'fail' && afterWait.failure === 'budget' ? afterWait : failure;
  const { waited, left } = waitBudget(waits, input.maxWaitMs);
  const down = [...new Set(transient.map((a) => `${a.provider} (${describeOutcome(a)})`))].join(', ');
  if (left < WAIT_MIN_MS) {
    return {
      kind: 'fail',
      failure: 'unavailable',
      message: [
        `no provider could serve after waiting ${Math.round(waited / 1000)} s in all: ${down}; the request can be retried later:`,
        ...failureLines(input.route, input.ledger, failure.skipped),
      ].join('\n'),
      skipped: failure.skipped,
    };
  }
  const ms = nextWaitMs(transient, waits.length, left);
  return { kind: 'wait', ms, message: `waiting ${formatSeconds(ms)} for ${down}` };
}

/**
 * The first candidate at or after (tierIndex, candidateIndex), walking up through the tiers, that can run:
 * its provider is not ruled out, its context window fits, and its worst case fits the budget.
 */
function firstEligible(
  input: DecideInput,
  fromTier: number,
  fromCandidate: number,
  after?: AttemptRecord,
  resumedFrom?: WaitRecord,
): NextStep {
  const { route, estimatedInputTokens } = input;
  const ledger = input.ledger.filter((attempt, index) => stillCounts(input.waits, attempt, index));
  const blocked = new Map(ledger.filter((a) => PROVIDER_BLOCKING.has(a.outcome)).map((a) => [a.provider, a]));
  const overflowed = ledger.filter((a) => a.outcome === 'context_exceeded');
  const left = leftMicroUsd(input);
  const skipped: Skip[] = [];
  let budgetSkips = 0;

  for (let tierIndex = fromTier; tierIndex < route.tiers.length; tierIndex++) {
    const tier = route.tiers[tierIndex]!;
    const tierDown = new Map(
      ledger.filter((a) => a.tierIndex === tierIndex && TIER_BLOCKING.has(a.outcome)).map((a) => [a.provider, a]),
    );
    const start = tierIndex === fromTier ? fromCandidate : 0;
    for (let candidateIndex = start; candidateIndex < tier.candidates.length; candidateIndex++) {
      const candidate = tier.candidates[candidateIndex]!;
      const skip = (why: string) => skipped.push({ ref: candidate.ref, tier: tier.name, why });
      const blocker = blocked.get(candidate.provider);
      if (blocker) {
        skip(ruledOut(blocker));
        continue;
      }
      const down = tierDown.get(candidate.provider);
      if (down) {
        skip(failedInTier(down));
        continue;
      }
      const overflow = overflowed.find((a) => contextWindowOf(route, a) >= candidate.contextWindow);
      // Images and PDFs cost each model its own count (absent without media: the text's count alone).
      const promptTokens = promptTokensFor(estimatedInputTokens, candidate);
      const maxOutputTokens = outputTokensFor(route, tierIndex, candidate, promptTokens);
      if (overflow || maxOutputTokens < MIN_OUTPUT_TOKENS) {
        skip(`skipped: context window ${candidate.contextWindow} too small for ${promptTokens} prompt tokens`);
        continue;
      }
      const reserved = worstCaseMicroUsd(candidate.price, promptTokens, maxOutputTokens);
      if (left !== undefined && reserved > left) {
        skip(`skipped: budget (worst case ${formatMicroUsd(reserved)}, ${formatMicroUsd(left)} left)`);
        budgetSkips++;
        continue;
      }
      const reason: AttemptReason = resumedFrom
        ? 'resume'
        : !after
          ? 'first'
          : tierIndex === after.tierIndex
            ? 'failover'
            : 'escalation';
      const reasonDetail = resumedFrom
        ? `resume after waiting ${formatSeconds(resumedFrom.ms)} for providers to come back`
        : after
          ? `${reason} after ${describeOutcome(after)} on ${after.ref}`
          : 'first try';
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
  const headline =
    failure === 'budget'
      ? `budget exceeded: no candidate left fits the ${formatMicroUsd(left ?? 0)} left in the budget`
      : `no valid answer: every candidate of route "${route.task}" was tried or ruled out`;
  const message = [`${headline}:`, ...failureLines(input.route, input.ledger, skipped)].join('\n');
  return waitOrFail(input, { kind: 'fail', failure, message, skipped });
}

function contextWindowOf(route: RoutePlan, attempt: AttemptRecord): number {
  return route.tiers[attempt.tierIndex]?.candidates[attempt.candidateIndex]?.contextWindow ?? 0;
}
