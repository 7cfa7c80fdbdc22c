/**
 * The `callModel` activity's contract: its input, the billed result it returns, the details of an unbilled failure
 * it throws, and the ledger outcome of each failure type. JSON-safe and sandbox-safe.
 */
import type { CheckFailure, CheckSpec } from '../../catalog/checks';
import type { TokenUsage } from '../../catalog/types';
import type { CandidatePlan } from '../../routing/types';
import type { BlobRef, ChatMessage, JsonValue, OutputSchema } from './base';
import { FailureType } from './failures';
import { microToUsd } from '../../catalog/pricing';
import type { AttemptReason, AttemptRecord, AttemptRowBase, BilledOutcome, UnbilledOutcome } from './ledger';
import type { StoredRequestContext } from './ledger-sink';

/**
 * What the activity needs to put its billed answer in the ledger store the moment the provider answered, under the
 * key the workflow's row for it will have: a worker that dies before completing the activity leaves that paid
 * answer in the store (the history never learns of it).
 */
export interface AttemptStoreContext {
  /** The request's context, as the workflow files it. */
  request: StoredRequestContext;
  /** The row's fields known before the call. */
  row: AttemptRowBase;
  /** The calling workflow's parent (a batch item workflow's batch). */
  parentWorkflowId?: string;
}

/** Input of the `callModel` activity: one HTTP call of one candidate. */
export interface CallModelInput {
  /** Set by cascades since the activity writes the store itself; absent in histories recorded before. */
  store?: AttemptStoreContext;
  task: string;
  tier: string;
  candidate: CandidatePlan;
  schema: OutputSchema;
  messages: ChatMessage[];
  /** The conversation in the worker's claim-check store; the activity reads it (then `messages` is empty). */
  messagesRef?: BlobRef;
  /** A verifier's call on a conversation by reference: the answer to judge against the referenced source. */
  verifierFor?: JsonValue;
  maxOutputTokens: number;
  timeoutMs: number;
  maxRetryAfterMs: number;
  /** A repair re-ask: the previous answer, how it failed and what was wrong with it. */
  repair?: { previousOutput: string; errors: string[]; outcome?: BilledOutcome };
  /** Checks a schema-valid answer must pass. */
  checks?: CheckSpec[];
  /** false: no field list in the system prompt in json_schema mode. @default true */
  schemaInPrompt?: boolean;
  sessionId?: string;
  /** The batch item of an inline batch cascade: how a report splits a batch's history into its items. */
  batchItem?: string;
  /** The job step (`cascade({ step })`) of an inline cascade: how a report splits a job's history into its steps. */
  step?: string;
  reason: AttemptReason;
}

/** What `callModel` returns: every outcome the provider billed, valid or not, so nothing paid is lost. */
export interface CallModelResult {
  outcome: BilledOutcome;
  output?: JsonValue;
  /** The raw answer, capped, kept for repair re-asks. */
  rawText?: string;
  validationErrors?: string[];
  /** The checks a `check_failed` answer failed. */
  failedChecks?: CheckFailure[];
  finishReason: string | null;
  usage: TokenUsage;
  costMicroUsd: number;
  /** `usage` is the project's own token count: the provider sent none, or none that made sense. */
  estimated?: boolean;
  /** The truncated answer ended in a repetition loop. */
  repetitionLoop?: boolean;
  latencyMs: number;
  /** Temporal attempt number of the activity that produced this result. */
  tries: number;
}

/** The row of an answer the provider billed, valid or not. */
export function billedRow(base: AttemptRowBase, result: CallModelResult): AttemptRecord {
  return {
    ...base,
    outcome: result.outcome,
    billed: true,
    usage: result.usage,
    costMicroUsd: result.costMicroUsd,
    costUsd: microToUsd(result.costMicroUsd),
    latencyMs: result.latencyMs,
    tries: result.tries,
    validationErrors: result.validationErrors,
    ...(result.estimated ? { estimated: true } : {}),
    ...(result.repetitionLoop ? { repetitionLoop: true } : {}),
    failedChecks: result.failedChecks,
    error: result.outcome === 'ok' ? undefined : (result.validationErrors?.slice(0, 3).join('; ') ?? result.outcome),
  };
}

/** Ledger outcome of an unbilled `callModel` failure, by its failure type (never by message text). */
export const OUTCOME_BY_FAILURE_TYPE: Readonly<Record<string, UnbilledOutcome>> = {
  [FailureType.RateLimit]: 'rate_limited',
  [FailureType.ServerError]: 'provider_error',
  [FailureType.Connection]: 'provider_error',
  [FailureType.Timeout]: 'timeout',
  [FailureType.ContextExceeded]: 'context_exceeded',
  [FailureType.Authentication]: 'auth_error',
  [FailureType.BadRequest]: 'bad_request',
  [FailureType.NotFound]: 'not_found',
  [FailureType.Cooldown]: 'cooldown',
};

/** Details carried by `callModel` failures (ApplicationFailure.details[0]). */
export interface CallFailureDetails {
  status?: number;
  retryAfterMs?: number;
  tries: number;
  latencyMs: number;
  /**
   * The call was abandoned (timed out) after it was sent, on a provider that may bill it anyway: what it may have
   * cost by the rule of catalog/abandoned.ts. Such a failure is not retried (a retry could be billed again).
   */
  abandoned?: { usage: TokenUsage; costMicroUsd: number };
}
