/**
 * A cascade's wire input: the request clients and `cascade()` send, and the planned request the cascade loop runs.
 * JSON-safe and sandbox-safe: imported by workflows, activities and the client alike.
 */
import type { CheckSpec } from '../../catalog/checks';
import type { ExperimentArm } from '../../routing/experiments';
import type { ClassifyPlan } from '../../routing/classify';
import type { RequestPlan } from '../../routing/request';
import type { RoutePlan } from '../../routing/types';
import type { BlobRef, ChatMessage, MediaPart, OutputSchema, RequestMetadata } from './base';
import type { CallModelResult } from './call-model';
import type { AttemptRecord } from './ledger';

/**
 * What a request asks besides its task, schema and prompt: one set of options, documented once, for a client's
 * request (`runCascade`), a workflow's step (`cascade()`) and the wire (`CascadeRequestInput`).
 */
export interface RequestOptions {
  /** Placed before `input` as a system message. @default the task's instructions in the worker's catalog */
  instructions?: string;
  /** The request's own checks, besides the task's (catalog `routes.<task>.checks`). */
  checks?: CheckSpec[];
  /** false: no field list with the schema's descriptions in the system prompt in json_schema mode. @default the task's setting, else true */
  schemaInPrompt?: boolean;
  /** Start at this tier by name, overriding the route's start rules. */
  startTier?: string;
  /** Maximum spend of this request in USD (in a job: besides the job's budget); absent means unbounded. */
  maxCostUsd?: number;
  /** Longest total wait for providers that are down or rate-limited before failing as unavailable, ms. @default 900000 (15 minutes) */
  maxWaitMs?: number;
  metadata?: RequestMetadata;
  /** Upsert typed search attributes (they must be registered on the namespace: `llm-cascade setup`). @default true */
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

/** What a request asks: `input` (the user message), or a whole conversation, inline or by reference. */
export interface RequestPrompt {
  /** The document or question; becomes the user message. Give `input` or `messages`. */
  input?: string;
  /** Images and PDFs sent with `input`, after its text (stored with `storeMedia`; see docs/multimodal.md). */
  media?: MediaPart[];
  /** A full conversation, instead of `input`. */
  messages?: ChatMessage[];
  /**
   * The conversation by reference (claim-check store), instead of `messages`: the planning and model-call
   * activities read it from the worker's store, so a long prompt never enters history. Agent steps use it.
   */
  messagesRef?: BlobRef;
}

/**
 * A request, as clients (`startCascade`) and `cascade()` send it to `cascadeWorkflow`: the task and what to ask,
 * never a route. The worker plans it on its own catalog (the `planCascade` local activity), so one catalog, the
 * worker's, decides every route.
 */
export interface CascadeRequestInput extends RequestOptions, RequestPrompt {
  /** Task type: names a route of the worker's catalog. */
  task: string;
  schema: OutputSchema;
}

/**
 * The wire request of a request's parts: the options that were given and no others, search attributes on unless
 * turned off. The one conversion, used by clients (after their checks) and by `cascade()` alike.
 */
export function requestInput(
  task: string,
  schema: OutputSchema,
  request: RequestOptions & RequestPrompt,
): CascadeRequestInput {
  return {
    task,
    schema,
    ...(request.input !== undefined && { input: request.input }),
    ...(request.media && { media: request.media }),
    ...(request.messages && { messages: request.messages }),
    ...(request.messagesRef && { messagesRef: request.messagesRef }),
    ...(request.instructions !== undefined && { instructions: request.instructions }),
    ...(request.checks && { checks: request.checks }),
    ...(request.schemaInPrompt !== undefined && { schemaInPrompt: request.schemaInPrompt }),
    ...(request.startTier !== undefined && { startTier: request.startTier }),
    ...(request.maxCostUsd !== undefined && { maxCostUsd: request.maxCostUsd }),
    ...(request.maxWaitMs !== undefined && { maxWaitMs: request.maxWaitMs }),
    ...(request.metadata && { metadata: request.metadata }),
    searchAttributes: request.searchAttributes ?? true,
    ...(request.latencyMode && { latencyMode: true }),
    ...(request.require && { require: request.require }),
    ...(request.latencyGoalMs !== undefined && { latencyGoalMs: request.latencyGoalMs }),
    ...(request.latencyGoalStrict && { latencyGoalStrict: true }),
    ...(request.expectedCatalogFingerprint && { expectedCatalogFingerprint: request.expectedCatalogFingerprint }),
  };
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
