/**
 * The cascade's brain, as pure functions: given the route, the ledger so far and the budget, what happens next.
 * No Temporal imports, no I/O, no clock: unit-tested without a server (test/unit/decide.test.ts).
 */
import { formatMicroUsd, worstCaseMicroUsd } from '../../catalog/pricing';
import type { RoutePlan } from '../../catalog/types';
import type { AttemptOutcome, AttemptReason, AttemptRecord } from '../definitions';
import { candidateLines, type Skip } from './explain';
import { outputTokensFor } from '../../catalog/route';
import { describeOutcome, ledgerCostMicroUsd } from './ledger';

export type { Skip } from './explain';

export interface DecideInput {
  route: RoutePlan;
  ledger: readonly AttemptRecord[];
  estimatedInputTokens: number;
  /** Spending limit in micro-USD; undefined = unbounded. */
  budgetMicroUsd?: number;
  /** Durable waits taken so far, oldest first (after each, transient failures before it are forgiven). */
  waits?: readonly WaitRecord[];
  /** Longest total wait for providers to come back before the request fails as unavailable. @default 15 min */
  maxWaitMs?: number;
}

/** A durable wait of the cascade: every candidate left was down, throttled or cooling down. */
export interface WaitRecord {
  /** Ledger length when the wait started: attempts up to here are from before it. */
  afterSeq: number;
  ms: number;
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

export interface WaitStep {
  kind: 'wait';
  ms: number;
  /** Why, for the UI: which providers are down and what they said. */
  message: string;
}

export type CascadeFailureKind = 'exhausted' | 'budget' | 'unavailable';

export type NextStep =
  | CallStep
  | WaitStep
  | { kind: 'done' }
  | { kind: 'fail'; failure: CascadeFailureKind; message: string; skipped: Skip[] };

export const DEFAULT_MAX_WAIT_MS = 15 * 60_000;
/** First back-off when no provider gave a hint (Retry-After, cooldown end); doubles per wait up to the cap. */
const WAIT_BASE_MS = 2_000;
const WAIT_CAP_MS = 60_000;
/** Shortest wait: a hint of 0 ms must not spin the workflow. */
const WAIT_MIN_MS = 250;

/** Outcomes that mean "this model's answer is not good enough": move up a tier rather than sideways. */
const QUALITY_FAILURES: ReadonlySet<AttemptOutcome> = new Set([
  'invalid_json',
  'schema_violation',
  'check_failed',
  'truncated',
]);
/** Quality failures a repair re-ask can fix: the answer arrived whole, it is just wrong. */
const REPAIRABLE: ReadonlySet<AttemptOutcome> = new Set(['invalid_json', 'schema_violation', 'check_failed']);
/**
 * Outcomes that say a provider cannot serve right now, not that the request or its answer is wrong. They rule a
 * provider out only until the cascade's next durable wait: a transient cause never becomes a terminal failure.
 */
export const TRANSIENT_OUTCOMES: ReadonlySet<AttemptOutcome> = new Set([
  'rate_limited',
  'provider_error',
  'timeout',
  'cooldown',
]);
/** Rule a provider out for the whole request: a configuration fault (for good) or a cooldown (until a wait). */
const PROVIDER_BLOCKING: ReadonlySet<AttemptOutcome> = new Set(['auth_error', 'cooldown']);
/** Rule a provider out for the rest of its tier: it is down, throttled or refusing right now. */
const TIER_BLOCKING: ReadonlySet<AttemptOutcome> = new Set([
  'provider_error',
  'timeout',
  'rate_limited',
  'refusal',
  'empty',
]);
/** Tokens reserved for a repair prompt's instructions and quoted errors (they are capped in the activity). */
const REPAIR_OVERHEAD_TOKENS = 1_024;
/** Fewest output tokens worth asking for; below this a candidate's context window is considered full. */
const MIN_OUTPUT_TOKENS = 16;

// Lives with the routes (activities building provider batches need it too); re-exported for the cascade's callers.
export { outputTokensFor };

/** Decides the next step of a cascade from its route, ledger and budget. */
export function nextStep(input: DecideInput): NextStep {
  if (input.ledger.some((row) => row.reason === 'classify')) return nextStep(withoutClassifier(input));
  const { route, ledger } = input;
  const last = ledger[ledger.length - 1];
  if (!last) return firstEligible(input, route.startTier, 0);
  if (last.outcome === 'ok') return { kind: 'done' };
  const lastWait = input.waits?.[input.waits.length - 1];
  if (lastWait && lastWait.afterSeq === ledger.length)
    return firstEligible(input, resumeTier(input), 0, last, lastWait);
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
    const more = Math.min(candidate.maxOutputTokens, candidate.contextWindow - input.estimatedInputTokens);
    if (more > last.maxOutputTokens) {
      const doubled = Math.min(more, Math.max(last.maxOutputTokens * 2, MIN_OUTPUT_TOKENS));
      return sameCandidate(input, last, 'more_tokens', 'retry with more max_tokens after truncation', doubled);
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

/**
 * Same-candidate retries already spent on the last attempt's candidate, counted over the whole ledger (resumes
 * after a wait included: the bound is per candidate per request): repairs, more-tokens retries, both together.
 */
function retriesOnCandidate(ledger: readonly AttemptRecord[], last: AttemptRecord) {
  let repairs = 0;
  let moreTokens = 0;
  for (const attempt of ledger) {
    if (attempt.tierIndex !== last.tierIndex || attempt.candidateIndex !== last.candidateIndex) continue;
    if (attempt.reason === 'repair') repairs++;
    if (attempt.reason === 'more_tokens') moreTokens++;
  }
  return { repairs, moreTokens, total: repairs + moreTokens };
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
    input.estimatedInputTokens + (reason === 'repair' ? last.maxOutputTokens + REPAIR_OVERHEAD_TOKENS : 0);
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

/** Where a cascade goes on after a wait: the lowest tier that no answer has failed on for quality. */
function resumeTier(input: DecideInput): number {
  const failedTiers = input.ledger.filter((a) => QUALITY_FAILURES.has(a.outcome)).map((a) => a.tierIndex + 1);
  return Math.max(input.route.startTier, ...failedTiers);
}

/** Index of the first ledger row that still counts for transient outcomes: rows before the last wait are forgiven. */
function epochStart(input: DecideInput): number {
  return input.waits?.[input.waits.length - 1]?.afterSeq ?? 0;
}

/** Whether an attempt still rules its provider out: transient outcomes only until the next wait. */
function stillCounts(input: DecideInput, attempt: AttemptRecord, index: number): boolean {
  return !TRANSIENT_OUTCOMES.has(attempt.outcome) || index >= epochStart(input);
}

/**
 * Nothing can run now. When some candidate is only down for the moment, and would be eligible again after a wait,
 * wait (a durable timer) for the soonest hint — a Retry-After or the end of a cooldown — or a doubling back-off;
 * the request fails as `unavailable` only once its total wait would pass `maxWaitMs`.
 */
function waitOrFail(input: DecideInput, failure: Extract<NextStep, { kind: 'fail' }>): NextStep {
  const start = epochStart(input);
  const transient = input.ledger.slice(start).filter((a) => TRANSIENT_OUTCOMES.has(a.outcome));
  if (transient.length === 0) return failure;
  const waits = input.waits ?? [];
  const afterWait = firstEligible(
    { ...input, waits: [...waits, { afterSeq: input.ledger.length, ms: 0 }] },
    resumeTier(input),
    0,
  );
  // Nothing could run after a wait either: say why (the budget, when that is what would stop it).
  if (afterWait.kind !== 'call')
    return afterWait.kind === 'fail' && afterWait.failure === 'budget' ? afterWait : failure;
  const waited = waits.reduce((sum, wait) => sum + wait.ms, 0);
  const left = (input.maxWaitMs ?? DEFAULT_MAX_WAIT_MS) - waited;
  const down = [...new Set(transient.map((a) => `${a.provider} (${describeOutcome(a)})`))].join(', ');
  if (left < WAIT_MIN_MS) {
    return {
      kind: 'fail',
      failure: 'unavailable',
      message: [
        `no provider could serve after waiting ${Math.round(waited / 1000)} s in all: ${down}; the request can be retried later:`,
        ...explain(input, failure.skipped),
      ].join('\n'),
      skipped: failure.skipped,
    };
  }
  const backoff = Math.min(WAIT_CAP_MS, WAIT_BASE_MS * 2 ** waits.length);
  const hints = transient.map((a) => a.retryAfterMs ?? backoff);
  const ms = Math.min(left, Math.max(WAIT_MIN_MS, Math.min(...hints)));
  return { kind: 'wait', ms, message: `waiting ${formatSeconds(ms)} for ${down}` };
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
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
  const ledger = input.ledger.filter((attempt, index) => stillCounts(input, attempt, index));
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
      const maxOutputTokens = outputTokensFor(route, tierIndex, candidate, estimatedInputTokens);
      if (overflow || maxOutputTokens < MIN_OUTPUT_TOKENS) {
        skip(`skipped: context window ${candidate.contextWindow} too small for ${estimatedInputTokens} prompt tokens`);
        continue;
      }
      const reserved = worstCaseMicroUsd(candidate.price, estimatedInputTokens, maxOutputTokens);
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
  const message = [`${headline}:`, ...explain(input, skipped)].join('\n');
  return waitOrFail(input, { kind: 'fail', failure, message, skipped });
}

function ruledOut(blocker: AttemptRecord): string {
  return `ruled out: ${describeOutcome(blocker)} from provider ${blocker.provider} on ${blocker.ref}`;
}

function failedInTier(down: AttemptRecord): string {
  return `skipped: provider ${down.provider} already failed in this tier (${describeOutcome(down)})`;
}

/**
 * The failure message's body: every candidate of the route with what happened to it. Candidates passed over
 * before the last search are explained by the same rules `firstEligible` applies (over the whole ledger).
 */
function explain(input: DecideInput, skipped: readonly Skip[]): string[] {
  const { route, ledger } = input;
  const passedOver = (tierIndex: number, provider: string) => {
    const blocker = ledger.find((a) => a.provider === provider && PROVIDER_BLOCKING.has(a.outcome));
    if (blocker) return ruledOut(blocker);
    const down = ledger.find(
      (a) => a.provider === provider && a.tierIndex === tierIndex && TIER_BLOCKING.has(a.outcome),
    );
    return down ? failedInTier(down) : undefined;
  };
  return candidateLines(route, ledger, skipped, passedOver).map((line) => `  ${line}`);
}

function contextWindowOf(route: RoutePlan, attempt: AttemptRecord): number {
  return route.tiers[attempt.tierIndex]?.candidates[attempt.candidateIndex]?.contextWindow ?? 0;
}
