/**
 * Catalog types: providers, models and their prices, routes as written, token usage. Plain JSON-safe data,
 * importable from workflows, activities and the client; the zod schema in `node/file-schema.ts` validates files
 * into these shapes. A route resolved for one request is routing/types.ts.
 */
import type { CheckSpec } from './checks';
import type { MediaCapability, MediaPricing } from './media';

/** What structured output an endpoint really honours. */
export type StructuredOutputMode = 'json_schema' | 'json_object' | 'none';

/** A tag's value: compared as text with a requirement (`true` matches `'true'`). */
export type TagValue = string | number | boolean;
/** Properties of a provider or model a request can require, e.g. `{ region: 'eu', zeroDataRetention: true }`. */
export type Tags = Record<string, TagValue>;

/**
 * A provider's Batch API: requests of a whole page sent as one file, answered within a completion window at the
 * price's `batchDiscount`. `openai`: OpenAI's Files + Batches wire format (`/v1/files`, `/v1/batches`).
 */
export interface ProviderBatchSpec {
  protocol: 'openai';
  /** Most requests in one batch file (OpenAI: 50,000). */
  maxRequests: number;
  /** Largest batch file, bytes (OpenAI: 200 MB). */
  maxBytes: number;
  /** Most batches one batch workflow keeps in flight with this provider at once. */
  maxInFlight: number;
}

/** One OpenAI-compatible endpoint. */
export interface ProviderSpec {
  /** Stable id used in model refs, e.g. `deepseek` in `deepseek/deepseek-chat`. */
  id: string;
  /** OpenAI-compatible base URL, e.g. `https://api.deepseek.com/v1`. */
  baseURL: string;
  /** Name of the env var holding the API key (never the key itself). Absent: the endpoint needs no key. */
  apiKeyEnv?: string;
  /** Structured output the endpoint honours. `none`: the schema goes into the prompt and ajv enforces it. */
  structuredOutput: StructuredOutputMode;
  /** Extra headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Properties a route or request can `require` (region, zeroDataRetention, …); its models inherit them. */
  tags?: Tags;
  /**
   * Shortest prompt prefix, in tokens, the provider caches (OpenAI 1,024; Anthropic 1,024 to 4,096 by model;
   * Gemini 1,024 to 4,096). Read by `llm-cascade lint`. @default 1024
   */
  minCacheableTokens?: number;
  /**
   * The endpoint supports native tool calling (`tools` / `tool_calls`): agent steps offer their tools that way, and
   * the calls are validated with ajv exactly as JSON actions are. @default false
   */
  toolCalling?: boolean;
  /** The provider's Batch API, when it has one that llm-cascade speaks. */
  batch?: ProviderBatchSpec;
  /**
   * Whether a call the client gave up on (timeout, cancellation) may still be billed: it then enters the ledger at
   * an estimated cost (catalog/abandoned.ts). Set false only for endpoints that stop and bill nothing when the
   * client leaves. @default true
   */
  billsAbandoned?: boolean;
}

/** Long-context tier: once the prompt's input tokens exceed the threshold, the whole request bills at these rates. */
export interface LongContextPrice {
  thresholdTokens: number;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  /** Cache-read input tokens past the threshold; defaults to this tier's input price. */
  cachedInputUsdPerMTok?: number;
  /** Cache-write input tokens past the threshold; defaults to this tier's input price. */
  cacheWriteUsdPerMTok?: number;
}

/** A model's price, USD per 1M tokens, with where it came from and since when it applies. */
export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  /** Cache-read input tokens; defaults to the input price when absent. */
  cachedInputUsdPerMTok?: number;
  /** Cache-write (cache creation) input tokens; defaults to the input price when absent. */
  cacheWriteUsdPerMTok?: number;
  /** Fraction off list price for batch APIs, 0..1 (0.5 = half price). */
  batchDiscount?: number;
  longContext?: LongContextPrice;
  /** URL of the pricing page the numbers come from. */
  source: string;
  /** ISO date (YYYY-MM-DD) from which this price applies. */
  effectiveFrom: string;
}

/** A model as loaded: its ref split into provider and model id, its limits and its price history. */
export interface ModelSpec {
  /** `<provider>/<model>`; the model part may itself contain slashes. */
  ref: string;
  provider: string;
  /** Model id sent to the provider. */
  model: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** Overrides the provider's structured-output capability for this model. */
  structuredOutput?: StructuredOutputMode;
  /** Overrides the provider's native tool calling for this model. */
  toolCalling?: boolean;
  /** Price history, oldest first; the price in force is the latest whose `effectiveFrom` is not in the future. */
  prices: ModelPrice[];
  /** Tags of this model, over its provider's (a key set here wins). */
  tags?: Tags;
  /** Overrides the provider's `billsAbandoned` for this model. */
  billsAbandoned?: boolean;
  /** What the model reads besides text (`vision`, `pdf`); a request with parts it cannot read never reaches it. */
  reads?: MediaCapability[];
  /** What its images and PDF pages cost in input tokens, by its provider's rule (catalog/media.ts). */
  media?: MediaPricing;
}

/** Per-tier behaviour. */
export interface TierOptions {
  /** Repair re-asks (same candidate, with the validation errors) after invalid JSON or a schema violation. */
  repairAttempts: number;
  /** HTTP tries per candidate for retryable provider errors (429, 5xx, timeouts), retried durably by Temporal. */
  triesPerCandidate: number;
  /** Per-try timeout of one model call, milliseconds. */
  timeoutMs: number;
  /** Longest Retry-After we wait on a 429 before failing over instead, milliseconds. */
  maxRetryAfterMs: number;
  /** max_tokens requested; defaults to the model's own maximum output. */
  maxOutputTokens?: number;
}

/** How a tier's attempts are sent: one call each (`sync`), or a whole page as one provider batch. */
export type TierMode = 'sync' | 'provider-batch';

export interface TierSpec {
  name: string;
  /**
   * `provider-batch`: in `llm-cascade batch`, this tier's first attempts for a page of items go out as one batch of
   * the first candidate's provider (which must declare `batch`), billed at the batch rate. @default 'sync'
   */
  mode?: TierMode;
  /** Model refs, best first (cheapest adequate, most reliable). */
  candidates: string[];
  options?: Partial<TierOptions>;
  /** A cheap model (ref) that judges each answer of this tier against the input; a rejected answer escalates. */
  verifier?: string;
  /**
   * Agreement gate: a second candidate answers too, and the answer is accepted only when `fields` agree.
   * `with` names the second model (default: the tier's next candidate, else its first).
   */
  agreement?: { fields: string[]; with?: string };
}

/** Picks the starting tier. Rules are checked in order; the first whose conditions all hold wins. */
export interface StartRule {
  tier: string;
  /** Estimated prompt tokens at least this many. */
  minPromptTokens?: number;
  /** A regular expression (JavaScript syntax, case-insensitive) tested against the input text. */
  inputMatches?: string;
}

/**
 * An A/B experiment of a route: `share` of the requests (by a hash of their session or user id, so a session stays
 * in its arm) get the variant; the rest are its control. Requests without the key are not enrolled.
 */
export interface ExperimentSpec {
  /** Names the experiment in the ledger, the `LlmExperiment` search attribute and `report --by experiment`. */
  name: string;
  /** Fraction of keyed requests in the variant arm, strictly between 0 and 1. */
  share: number;
  /** The request metadata the split is keyed on. @default 'session' */
  key?: 'session' | 'user';
  /** What the variant arm changes: its start tier (instead of the start rules), and/or a tier's candidate order. */
  variant: { startTier?: string; candidates?: Record<string, string[]> };
}

/**
 * The classifier start tier: when no start rule decides, a small model is asked which tier the request needs
 * (schema `{ tier, reason }`); its call is in the ledger with reason `classify`. A failed call or an unusable
 * answer falls back to the rules' default (the first tier).
 */
export interface ClassifySpec {
  /** The small model (a catalog model ref) that classifies, or several tried in order when one cannot answer. */
  model: string | string[];
  /** Tiers it may choose, cheapest first. @default every tier of the route */
  tiers?: string[];
  /** What the classifier is told about the tiers (a system message). @default a generic description */
  instructions?: string;
  /** max_tokens of the classifier's answer. @default 200 */
  maxOutputTokens?: number;
}

export interface RouteSpec {
  tiers: TierSpec[];
  startRules?: StartRule[];
  /** Ask a small model for the start tier when no start rule matches. */
  classify?: ClassifySpec;
  /** Where requests start when no start rule matches (and the classifier's fallback). @default the first tier */
  startTier?: string;
  /** What `llm-cascade tune --apply` last changed here, with its date and the data behind it (a note). */
  tuned?: string;
  /** A/B experiments, each splitting the keyed traffic independently. */
  experiments?: ExperimentSpec[];
  /** Quality checks every schema-valid answer of this task must pass. */
  checks?: CheckSpec[];
  /** Default instructions of this task (a system message); a request's own instructions replace them. */
  instructions?: string;
  /** Put a compact field list with the schema's descriptions into the system prompt in json_schema mode. @default true */
  schemaInPrompt?: boolean;
  /** Tags every candidate must carry (e.g. `{ region: 'eu' }`); the others are never called for this task. */
  require?: Tags;
  /**
   * Candidate order within each tier: `static` as listed, `measured` by this worker's recent success rate and
   * latency (see docs/routing.md). @default 'static'
   */
  order?: 'static' | 'measured';
}

/** The validated catalog. */
export interface Catalog {
  providers: Record<string, ProviderSpec>;
  models: Record<string, ModelSpec>;
  routes: Record<string, RouteSpec>;
  /** Tier options applied where a tier does not set its own. */
  tierDefaults: TierOptions;
}

/** Token counts of one model call. `inputTokens` includes cached and cache-write tokens (OpenAI's convention). */
export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those the images and PDF pages cost (the provider's count when it reports one). */
  mediaTokens?: number;
}
