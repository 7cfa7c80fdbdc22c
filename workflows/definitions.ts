/**
 * Wire types, failure types, queries and signals of llm-cascade. Everything here is JSON-safe and
 * sandbox-safe: it is imported by workflows, activities and the client alike.
 */
import { defineQuery } from '@temporalio/workflow';
import type { CheckFailure, CheckSpec } from '../catalog/checks';
import type { ExperimentArm } from '../catalog/experiments';
import type { ClassifyPlan } from '../catalog/classify';
import type { RequestPlan } from '../catalog/request';
import type { CandidatePlan, RoutePlan, TokenUsage } from '../catalog/types';

/** Default task queue of the llm-cascade worker. */
export const TASK_QUEUE = 'llm-cascade';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * A value kept in the worker's claim-check store instead of history: the SHA-256 (hex) of its JSON text, its size
 * and, when counted, its tokens. History carries only this; activities read and write the value itself.
 */
export interface BlobRef {
  hash: string;
  bytes: number;
  tokens?: number;
}

/** The output contract: a JSON Schema (data, not code, so it can live in history). */
export interface OutputSchema {
  /** Short name shown in the UI and sent as `json_schema.name` (letters, digits, `_` and `-`). */
  name: string;
  jsonSchema: JsonObject;
}

/** Who and what a request belongs to; travels in the memo and (session id only) a search attribute. */
export interface RequestMetadata {
  sessionId?: string;
  userId?: string;
  tags?: string[];
}

/**
 * A request, as clients (`startCascade`) and `cascade()` send it to `cascadeWorkflow`: the task and what to ask,
 * never a route. The worker plans it on its own catalog (the `planCascade` local activity), so one catalog, the
 * worker's, decides every route.
 */
export interface CascadeRequestInput {
  /** Task type: names a route of the worker's catalog. */
  task: string;
  schema: OutputSchema;
  /** The document or question; becomes the user message. Give `input` or `messages`. */
  input?: string;
  /** Placed before `input` as a system message. @default the task's instructions in the worker's catalog */
  instructions?: string;
  /** A full conversation, instead of `input`. */
  messages?: ChatMessage[];
  /**
   * The conversation by reference (claim-check store), instead of `messages`: the planning and model-call
   * activities read it from the worker's store, so a long prompt never enters history. Agent steps use it.
   */
  messagesRef?: BlobRef;
  /** The request's own checks, besides the task's. */
  checks?: CheckSpec[];
  /** false: no field list in the system prompt in json_schema mode. @default the task's setting, else true */
  schemaInPrompt?: boolean;
  /** Start at this tier by name, overriding the route's start rules. */
  startTier?: string;
  /** Maximum spend of this request in USD; absent means unbounded. */
  maxCostUsd?: number;
  /** Longest total wait for providers that are down, ms. @default 900000 (15 minutes) */
  maxWaitMs?: number;
  metadata?: RequestMetadata;
  /** Upsert typed search attributes (they must be registered on the namespace). @default true */
  searchAttributes?: boolean;
  /** Run attempts as local activities: lower latency, no heartbeats (see `CascadeInput.latencyMode`). @default false */
  latencyMode?: boolean;
  /** Tags every candidate must carry (e.g. `{ region: 'eu' }`), besides the route's own; the others are never called. */
  require?: Record<string, string | number | boolean>;
  /** Candidates whose measured p95 latency on the worker is above this are tried last in their tier, ms. */
  latencyGoalMs?: number;
  /** With `latencyGoalMs`: rule such candidates out instead of trying them last. @default false */
  latencyGoalStrict?: boolean;
  /**
   * The fingerprint of the catalog the sender holds (`catalogFingerprint`): a worker planning with another catalog
   * refuses the request (`CascadeConfigError`, code `CATALOG_MISMATCH`) before any provider is called. Absent: any.
   */
  expectedCatalogFingerprint?: string;
}

/** What the worker's catalog planned for a request: the local activity's result, recorded in history. */
export type CascadePlan = RequestPlan;

/**
 * A planned request: what the cascade loop runs on (`executeCascade`). It was also the wire input of
 * `cascadeWorkflow` before the worker planned routes; histories that carry it replay as they are.
 */
export interface CascadeInput {
  task: string;
  schema: OutputSchema;
  /** The conversation; empty when it travels by reference (`messagesRef`). */
  messages: ChatMessage[];
  /** The conversation in the worker's claim-check store (see `CascadeRequestInput.messagesRef`). */
  messagesRef?: BlobRef;
  /** The route resolved from the catalog, prices included. */
  route: RoutePlan;
  /** Prompt tokens counted by the client; drives budget reservation and context-window checks. */
  estimatedInputTokens: number;
  /** Maximum spend of this request in USD; absent means unbounded. */
  maxCostUsd?: number;
  /**
   * Longest total time the cascade waits (durable timers) when every candidate left is down, throttled or cooling
   * down, before it fails with `CascadeUnavailableError`. @default 900000 (15 minutes)
   */
  maxWaitMs?: number;
  metadata?: RequestMetadata;
  /** Upsert typed search attributes (they must be registered on the namespace). @default true */
  searchAttributes?: boolean;
  /** Checks every schema-valid answer must pass (the task's and the request's); a failure is `check_failed`. */
  checks?: CheckSpec[];
  /** false: no field list in the system prompt in json_schema mode. @default true */
  schemaInPrompt?: boolean;
  /**
   * Run attempts as local activities, for interactive traffic: no activity task round trip through the server
   * per attempt (lower latency), but no heartbeats (a dead worker is noticed at the attempt's timeout, not in
   * seconds) and a retried attempt restarts from its workflow task. @default false
   */
  latencyMode?: boolean;
  /** The A/B experiment arms the worker's planning assigned. */
  experiments?: ExperimentArm[];
  /**
   * Attempts made before this cascade ran (a provider batch's line): they open the ledger and count against the
   * budget, and the cascade goes on from them as the outcome table says. `last`: the judged answer of the last one.
   */
  prior?: { attempts: AttemptRecord[]; last?: CallModelResult };
  /** Ask this small model for the start tier before the first attempt (no start rule decided). */
  classify?: ClassifyPlan;
  /** The batch item this cascade answers, when it runs inline in the batch workflow (passed on to each attempt). */
  batchItem?: string;
  /** The job step this cascade is (`cascade({ step })`), passed on to each attempt. */
  step?: string;
  /** The fingerprint of the worker catalog that planned it. */
  catalogFingerprint?: string;
}

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
  | 'cooldown';
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
  /** The provider sent no usable usage: the tokens (and cost) are the project's own count of what was sent and received. */
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

/** Input of the `callModel` activity: one HTTP call of one candidate. */
export interface CallModelInput {
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

/** Dotted failure types thrown by `callModel` (ApplicationFailure.type) and by the workflow. */
export const FailureType = {
  RateLimit: 'ModelInvocationError.RateLimit',
  ServerError: 'ModelInvocationError.ServerError',
  Timeout: 'ModelInvocationError.Timeout',
  Connection: 'ModelInvocationError.Connection',
  ContextExceeded: 'ModelInvocationError.ContextExceeded',
  Authentication: 'ModelInvocationError.Authentication',
  BadRequest: 'ModelInvocationError.BadRequest',
  NotFound: 'ModelInvocationError.NotFound',
  Cooldown: 'ModelInvocationError.Cooldown',
  CascadeExhausted: 'CascadeExhaustedError',
  BudgetExceeded: 'BudgetExceededError',
  /** Every candidate stayed down, throttled or in cooldown through `maxWaitMs`: transient, worth retrying later. */
  CascadeUnavailable: 'CascadeUnavailableError',
  /** The worker's catalog rejected the request (unknown task or tier, bad schema, prompt too large…); details: `{ code }`. */
  ConfigError: 'CascadeConfigError',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

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
}

/** Details carried by a failed cascade (ApplicationFailure.details[0]): the whole ledger. */
export interface CascadeFailureDetails {
  attempts: AttemptRecord[];
  totals: LedgerTotals;
  reason: string;
  /** Durable waits taken for providers to come back (ms each). */
  waitsMs?: number[];
  /** The step that failed, in a job of `cascade()` steps (`attempts` and `totals` are then the whole job's). */
  step?: string;
}

/** Returns the ledger so far: every attempt of the workflow (all its steps), totals, and per-step totals in a job. */
/** A cascade waiting on providers right now (`ledger` query): a durable wait, or an attempt in flight. */
export interface ProviderWaitView {
  /** What it waits for, naming each provider and why (`waiting 30 s for acme (cooldown)`). */
  message: string;
  /** When the wait ends, epoch ms (workflow time). */
  untilMs: number;
}

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
