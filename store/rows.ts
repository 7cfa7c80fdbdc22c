/**
 * The rows of the ledger store, as writers hand them over (JSON-safe: they wait in the outbox as JSON), and the
 * pure functions that build them from what the engine already has: an `AttemptRecord` and the request's context.
 */
import type { ExperimentArm } from '../routing/experiments';
import type { TokenUsage } from '../catalog/types';
import type { AttemptOutcome, AttemptReason, AttemptRecord } from '../workflows/definitions';
import { attemptKey, requestKey, requestScope, type RequestPosition } from './keys';

/** What kind of work a request was: how the dashboard and reports tell them apart. */
export const REQUEST_KINDS = ['cascade', 'step', 'batch-item', 'agent', 'gateway'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * What kind of work a request is, from the workflow that ran it: the one rule for the worker's rows and for a
 * backfill's, so both file a request alike. `inline item`: a batch item that ran inside its batch workflow. Pure.
 */
export function requestKind(workflowType: string, request: { inlineItem?: boolean; gatewayKey?: string }): RequestKind {
  if (request.inlineItem || workflowType === 'batchItemWorkflow' || workflowType === 'batchWorkflow')
    return 'batch-item';
  if (workflowType === 'agentWorkflow') return 'agent';
  if (workflowType === 'cascadeWorkflow') return request.gatewayKey !== undefined ? 'gateway' : 'cascade';
  // Any other workflow is a job (a user's workflow): its requests are its `cascade()` steps.
  return 'step';
}

/**
 * A request's context, fixed when it starts: every row of the request carries the same one, so whichever row
 * reaches the store first files the request under the right task, session, arm and key.
 */
export interface LedgerContext extends RequestPosition {
  kind: RequestKind;
  task: string;
  /** When the request started, ms since the epoch: reports window and bucket requests by it (as `--since` does). */
  startedAtMs: number;
  /** The batch workflow id, for a batch item (inline or an item workflow). */
  batchId?: string;
  sessionId?: string;
  userId?: string;
  /** The gateway API key's id (never the key), for requests sent through `llm-cascade serve`. */
  gatewayKey?: string;
  experiments?: readonly ExperimentArm[];
  tags?: readonly string[];
}

/** One provider attempt with its context: one row of `attempts`. Money in integer micro-USD. */
export interface AttemptRow {
  key: string;
  requestKey: string;
  context: LedgerContext;
  seq: number;
  activityAttempt: number;
  tier: string;
  provider: string;
  /** `provider/model`, as the catalog names it. */
  ref: string;
  reason: AttemptReason;
  reasonDetail?: string;
  outcome: AttemptOutcome;
  billed: boolean;
  /** The tokens (and cost) are the project's own count: the provider sent no usable usage, or it may still bill. */
  estimated: boolean;
  usage: TokenUsage;
  costMicroUsd: number;
  latencyMs: number;
  status?: number;
  error?: string;
  priceSource: string;
  priceEffectiveFrom: string;
  providerBatchId?: string;
  /** When the attempt ended, ms since the epoch. */
  atMs: number;
}

/** How a finished request ended. */
export type RequestOutcome = 'ok' | 'failed';

/** The part of an attempt a request's contributions to the rollups are computed from. */
export type LedgerEntry = Pick<
  AttemptRow,
  'seq' | 'activityAttempt' | 'tier' | 'ref' | 'provider' | 'reason' | 'outcome' | 'billed' | 'costMicroUsd'
>;

/** One finished request: one row of `requests` (its context row is written by its first attempt already). */
export interface RequestRow {
  key: string;
  context: LedgerContext;
  outcome: RequestOutcome;
  /** The failure type of a failed request (`BudgetExceededError`, `CascadeExhaustedError`, …). */
  failure?: string;
  finalTier?: string;
  finalRef?: string;
  attempts: number;
  billedAttempts: number;
  costMicroUsd: number;
  usage: TokenUsage;
  /** What the valid answer's tokens would have cost on the route's top tier; 0 without a valid answer. */
  baselineMicroUsd: number;
  finishedAtMs: number;
  latencyMs: number;
  /** The request's ledger (one entry per ledger row): its contributions to the rollups are computed from it. */
  ledger: LedgerEntry[];
}

/** A labels file's verdict on a request's answer (`report --labels`). */
export interface LabelVerdict {
  requestKey: string;
  correct: boolean;
}

/** The fields of a ledger row a store row needs: an `AttemptRecord`, or what an activity knows when it answers. */
export type AttemptFacts = Pick<
  AttemptRecord,
  | 'seq'
  | 'tier'
  | 'provider'
  | 'ref'
  | 'reason'
  | 'outcome'
  | 'billed'
  | 'usage'
  | 'costMicroUsd'
  | 'latencyMs'
  | 'tries'
  | 'priceSource'
  | 'priceEffectiveFrom'
> &
  Partial<Pick<AttemptRecord, 'reasonDetail' | 'estimated' | 'status' | 'error' | 'providerBatchId'>>;

/** Errors are kept short in the store: they say what failed, the history keeps the rest. */
const MAX_ERROR_CHARS = 300;

/**
 * Which activity attempt a row stands for: a billed answer's own try (each paid answer is a row), 0 for an unbilled
 * attempt (the ledger's one row for that position: no writer needs to know how many tries it took).
 */
export function rowAttempt(facts: Pick<AttemptFacts, 'billed' | 'tries'>): number {
  return facts.billed ? Math.max(1, facts.tries) : 0;
}

/** The store row of one ledger row. `atMs`: when the attempt ended (the activity's clock, or the workflow's). */
export function attemptRowOf(facts: AttemptFacts, context: LedgerContext, atMs: number): AttemptRow {
  const activityAttempt = rowAttempt(facts);
  return {
    key: attemptKey({ ...context, seq: facts.seq, activityAttempt }),
    requestKey: requestKey(context),
    context,
    seq: facts.seq,
    activityAttempt,
    tier: facts.tier,
    provider: facts.provider,
    ref: facts.ref,
    reason: facts.reason,
    ...(facts.reasonDetail !== undefined && { reasonDetail: facts.reasonDetail }),
    outcome: facts.outcome,
    billed: facts.billed,
    estimated: facts.estimated === true,
    usage: { ...facts.usage },
    costMicroUsd: facts.costMicroUsd,
    latencyMs: facts.latencyMs,
    ...(facts.status !== undefined && { status: facts.status }),
    ...(facts.error !== undefined && { error: facts.error.slice(0, MAX_ERROR_CHARS) }),
    priceSource: facts.priceSource,
    priceEffectiveFrom: facts.priceEffectiveFrom,
    ...(facts.providerBatchId !== undefined && { providerBatchId: facts.providerBatchId }),
    atMs,
  };
}

/** What the engine knows when a request ends, besides its context. */
export interface RequestEnd {
  attempts: readonly AttemptFacts[];
  outcome: RequestOutcome;
  failure?: string;
  baselineMicroUsd: number;
  finishedAtMs: number;
}

/** The store row of a finished request: totals from its ledger, the answer's tier and model when it has one. */
export function requestRowOf(context: LedgerContext, end: RequestEnd): RequestRow {
  const usage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };
  let cost = 0;
  let billed = 0;
  for (const attempt of end.attempts) {
    usage.inputTokens += attempt.usage.inputTokens;
    usage.cachedInputTokens += attempt.usage.cachedInputTokens;
    usage.cacheWriteTokens += attempt.usage.cacheWriteTokens;
    usage.outputTokens += attempt.usage.outputTokens;
    cost += attempt.costMicroUsd;
    if (attempt.billed) billed++;
  }
  const answer = end.attempts.find((attempt) => attempt.outcome === 'ok' && attempt.reason !== 'classify');
  const last = end.attempts[end.attempts.length - 1];
  const final = end.outcome === 'ok' ? (answer ?? last) : last;
  return {
    key: requestKey(context),
    context,
    outcome: end.outcome,
    ...(end.failure !== undefined && { failure: end.failure }),
    ...(final && { finalTier: final.tier, finalRef: final.ref }),
    attempts: end.attempts.length,
    billedAttempts: billed,
    costMicroUsd: cost,
    usage,
    baselineMicroUsd: end.baselineMicroUsd,
    finishedAtMs: end.finishedAtMs,
    latencyMs: Math.max(0, end.finishedAtMs - context.startedAtMs),
    ledger: end.attempts.map((attempt) => ({
      seq: attempt.seq,
      activityAttempt: rowAttempt(attempt),
      tier: attempt.tier,
      ref: attempt.ref,
      provider: attempt.provider,
      reason: attempt.reason,
      outcome: attempt.outcome,
      billed: attempt.billed,
      costMicroUsd: attempt.costMicroUsd,
    })),
  };
}

/** `name:arm` joined by commas, as `AttemptRecord.experiments` writes arms. */
export function armsText(arms: readonly ExperimentArm[] | undefined): string {
  return (arms ?? []).map((arm) => `${arm.experiment}:${arm.arm}`).join(',');
}

/** The inverse of {@link armsText}. */
export function parseArms(text: string | null | undefined): ExperimentArm[] {
  if (!text) return [];
  return text.split(',').flatMap((part) => {
    const at = part.lastIndexOf(':');
    const arm = part.slice(at + 1);
    return at > 0 && (arm === 'control' || arm === 'variant') ? [{ experiment: part.slice(0, at), arm }] : [];
  });
}

export { requestScope };
