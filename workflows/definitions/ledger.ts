/**
 * The ledger's shapes: how an attempt ended and why it ran, one attempt's row, totals, a cascade's result, and the
 * `ledger` query; and its sums, the one place attempts' costs and tokens are added up (workflows, clients, the
 * gateway and the CLI all use them). JSON-safe and sandbox-safe.
 */
import { defineQuery } from '@temporalio/workflow';
import type { CheckFailure } from '../../catalog/checks';
import type { ExperimentArm } from '../../routing/experiments';
import type { TokenUsage } from '../../catalog/types';
import type { CandidatePlan } from '../../routing/types';
import { microToUsd } from '../../catalog/pricing';
import type { JsonValue } from './base';

/**
 * How one attempt ended. The first group was billed by the provider; the second was not.
 * `malformed_response`: a 200 with no usable choice (no `choices`, no message, not JSON); `too_large`: an answer
 * over the worker's byte cap. Both were paid for, so both are in the ledger.
 */
export const BILLED_OUTCOMES = [
  'ok',
  'invalid_json',
  'schema_violation',
  'check_failed',
  'truncated',
  'refusal',
  'empty',
  'malformed_response',
  'too_large',
] as const;
export type BilledOutcome = (typeof BILLED_OUTCOMES)[number];
export type UnbilledOutcome =
  | 'rate_limited'
  | 'provider_error'
  | 'timeout'
  | 'context_exceeded'
  | 'auth_error'
  | 'bad_request'
  | 'not_found'
  | 'cooldown'
  /** The request was cancelled while this call was in flight (recorded at an estimate when the provider may bill it). */
  | 'cancelled';
export type AttemptOutcome = BilledOutcome | UnbilledOutcome;

/** Why an attempt ran. */
export type AttemptReason =
  | 'first'
  | 'failover'
  | 'escalation'
  | 'repair'
  | 'more_tokens'
  | 'resume'
  /** The classifier's call that chose the start tier (its row's tier is `classify`). */
  | 'classify'
  | GateReason;
/** Calls made by a quality gate on an answer that validated: a verifier's judgement, an agreement gate's second answer. */
export type GateReason = 'verify' | 'agreement';

/** One call of one candidate: the ledger's row. */
export interface AttemptRecord {
  /** 1-based position in the step's ledger. */
  seq: number;
  /** The job step this attempt belongs to (`cascade({ step })`); absent for a standalone cascade. */
  step?: string;
  tier: string;
  tierIndex: number;
  candidateIndex: number;
  ref: string;
  provider: string;
  model: string;
  reason: AttemptReason;
  /** Human-readable cause, e.g. "after schema_violation on deepseek/deepseek-chat". */
  reasonDetail: string;
  outcome: AttemptOutcome;
  billed: boolean;
  usage: TokenUsage;
  costMicroUsd: number;
  costUsd: number;
  latencyMs: number;
  /** HTTP tries made by Temporal's retry policy for this attempt (unbilled retries included). */
  tries: number;
  maxOutputTokens: number;
  error?: string;
  /** HTTP status of an unbilled failure (429, 503, …), when the provider answered with one. */
  status?: number;
  /** When the provider may serve again, ms from the failure (Retry-After, or what is left of a cooldown). */
  retryAfterMs?: number;
  /** ajv errors for schema violations; the failed checks, formatted, for `check_failed`. */
  validationErrors?: string[];
  /** Which checks a `check_failed` answer failed, on which field, and why. */
  failedChecks?: CheckFailure[];
  /**
   * The tokens and cost are the project's estimate, not the provider's usage: it sent no usable usage (our count of
   * what was sent and received), or the call was abandoned (timed out, cancelled) on a provider that may bill it
   * anyway (its input plus all the output it allowed: catalog/abandoned.ts). Counted in totals and budgets.
   */
  estimated?: boolean;
  /** A truncated answer whose tail repeats one short unit: more max_tokens would only buy a longer loop. */
  repetitionLoop?: boolean;
  priceSource: string;
  priceEffectiveFrom: string;
  /** The request's A/B arms, `name:arm` joined by commas (absent: in no experiment). */
  experiments?: string;
  /** The provider's batch id, when the attempt ran inside a provider batch (billed at the batch rate). */
  providerBatchId?: string;
  /** The attempt's `custom_id` in its provider batch (the batch item's id). */
  customId?: string;
}

export interface LedgerTotals {
  attempts: number;
  billedAttempts: number;
  costMicroUsd: number;
  costUsd: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

/** One step's totals in a job's ledger. */
export interface StepTotals extends LedgerTotals {
  step: string;
}

export interface CascadeResult<T = JsonValue> {
  output: T;
  attempts: AttemptRecord[];
  totals: LedgerTotals;
  totalCostUsd: number;
  /** What the successful call's tokens would have cost on the route's top tier (premium-only baseline). */
  baselineCostUsd: number;
  finalTier: string;
  finalModel: string;
  workflowId: string;
  /** The A/B experiment arms this request was in (absent: none). */
  experiments?: ExperimentArm[];
  /** The fingerprint of the worker catalog that planned the request (absent in runs planned before it existed). */
  catalogFingerprint?: string;
}

/** What a ledger's attempts cost in all, micro-USD: the one place attempts' costs are added up. */
export function ledgerCostMicroUsd(attempts: readonly Pick<AttemptRecord, 'costMicroUsd'>[]): number {
  let costMicro = 0;
  for (const attempt of attempts) costMicro += attempt.costMicroUsd;
  return costMicro;
}

export function ledgerTotals(attempts: readonly AttemptRecord[]): LedgerTotals {
  const costMicro = ledgerCostMicroUsd(attempts);
  let billedAttempts = 0;
  let inputTokens = 0;
  let cachedInputTokens = 0;
  let outputTokens = 0;
  for (const attempt of attempts) {
    if (attempt.billed) billedAttempts++;
    inputTokens += attempt.usage.inputTokens;
    cachedInputTokens += attempt.usage.cachedInputTokens;
    outputTokens += attempt.usage.outputTokens;
  }
  return {
    attempts: attempts.length,
    billedAttempts,
    costMicroUsd: costMicro,
    costUsd: microToUsd(costMicro),
    inputTokens,
    cachedInputTokens,
    outputTokens,
  };
}

/** The tiers a ledger went through, in order, each once (`['economy', 'standard']`): the one home of a tier path. */
export function tierPath(attempts: readonly Pick<AttemptRecord, 'tier'>[]): string[] {
  const path: string[] = [];
  for (const attempt of attempts) if (path[path.length - 1] !== attempt.tier) path.push(attempt.tier);
  return path;
}

/** The usage of a call that was not billed: no tokens. */
export const NO_USAGE: Readonly<TokenUsage> = {
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
};

/** Where an attempt ran in its route and why: the part of a row the cascade (or a provider batch) decided. */
export type AttemptPlace = Pick<
  AttemptRecord,
  'seq' | 'tier' | 'tierIndex' | 'candidateIndex' | 'reason' | 'reasonDetail' | 'maxOutputTokens'
>;

/** What every row of a call says before its end is known: its place, its candidate and the price it is billed at. */
export function attemptRowBase(place: AttemptPlace, candidate: CandidatePlan) {
  return {
    seq: place.seq,
    tier: place.tier,
    tierIndex: place.tierIndex,
    candidateIndex: place.candidateIndex,
    ref: candidate.ref,
    provider: candidate.provider,
    model: candidate.model,
    reason: place.reason,
    reasonDetail: place.reasonDetail,
    maxOutputTokens: place.maxOutputTokens,
    priceSource: candidate.price.source,
    priceEffectiveFrom: candidate.price.effectiveFrom,
  };
}

/** The fields of a ledger row known before the call: where it sits and what it calls. */
export type AttemptRowBase = ReturnType<typeof attemptRowBase>;

/** A cascade waiting on providers right now (`ledger` query): a durable wait, or an attempt in flight. */
export interface ProviderWaitView {
  /** What it waits for, naming each provider and why (`waiting 30 s for acme (cooldown)`). */
  message: string;
  /** When the wait ends, epoch ms (workflow time). */
  untilMs: number;
}

/** Returns the ledger so far: every attempt of the workflow (all its steps), totals, and per-step totals in a job. */
export const ledgerQuery = defineQuery<{
  attempts: AttemptRecord[];
  totals: LedgerTotals;
  done: boolean;
  steps?: StepTotals[];
  /** Set while every candidate left is down and the cascade waits (a durable timer). */
  waiting?: ProviderWaitView;
  /** The candidate of the attempt in flight: whose Retry-After an activity retry is waiting out. */
  calling?: { ref: string; provider: string };
}>('ledger');
