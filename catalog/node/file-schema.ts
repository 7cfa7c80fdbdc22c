/**
 * The catalog FILE format as zod schemas (`parse.ts` turns a checked file into a `Catalog`).
 * Objects are strict: a misspelt key (`cachedInputUsdPerMtok`) would otherwise bill at a silent default.
 * Not for workflow code (zod stays out of the sandbox): workflows get the resolved `RoutePlan`.
 */
import { z } from 'zod';
import { checkListSchema } from './checks-schema';
import { mediaPricingFileSchema, mediaRules } from './media-schema';
import type { TierOptions } from '../types';

/**
 * Upper bounds on every number, checked at load: a finite but absurd value (a price of 1e308) would otherwise
 * pass, then overflow the integer money maths inside a workflow and poison every request routed through it.
 */
export const CATALOG_LIMITS = {
  /** USD per 1M tokens: far above any real price (the dearest are a few hundred). */
  usdPerMTok: 100_000,
  /** Tokens in a context window, an answer or a threshold: 100M, well past the largest windows offered. */
  tokens: 100_000_000,
  /** Milliseconds: Node timers overflow past 2^31-1 (about 24.8 days) and fire at once. */
  timerMs: 2 ** 31 - 1,
  /** Tries of one candidate: each may be billed. */
  triesPerCandidate: 20,
  /** Repair re-asks of one candidate: each is billed. */
  repairAttempts: 10,
  /** Length of a start rule's regular expression. */
  patternLength: 1_000,
} as const;

const usdPerMTok = z
  .number()
  .min(0)
  .max(CATALOG_LIMITS.usdPerMTok, `must be at most ${CATALOG_LIMITS.usdPerMTok} USD per 1M tokens`);
const tokenCount = z
  .number()
  .int()
  .positive()
  .max(CATALOG_LIMITS.tokens, `must be at most ${CATALOG_LIMITS.tokens} tokens`);
const milliseconds = (min: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(CATALOG_LIMITS.timerMs, `must be at most ${CATALOG_LIMITS.timerMs} ms (2^31-1, about 24.8 days)`);
const notes = z.string().optional();

/** Tags a route or request can require: short keys, plain values (`{ region: 'eu', zeroDataRetention: true }`). */
export const tagsFileSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must be a short name: letters, digits, "_", "." or "-"'),
  z.union([z.string().max(200), z.number(), z.boolean()]),
);

export const structuredOutputSchema = z.enum(['json_schema', 'json_object', 'none']);

export const providerBatchFileSchema = z.strictObject({
  protocol: z.literal('openai'),
  maxRequests: z.number().int().min(1).max(50_000, 'OpenAI takes at most 50,000 requests per batch'),
  maxBytes: z.number().int().min(1024),
  maxInFlight: z.number().int().min(1).max(1000),
});

export const providerFileSchema = z.strictObject({
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. "https://api.openai.com/v1"' }),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, e.g. "OPENAI_API_KEY"')
    .optional(),
  structuredOutput: structuredOutputSchema,
  toolCalling: z.boolean().optional(),
  defaultHeaders: z.record(z.string(), z.string()).optional(),
  /** Properties a route or request can require (region, zeroDataRetention, …); its models inherit them. */
  tags: tagsFileSchema.optional(),
  /** Shortest prompt prefix the provider caches, tokens (read by `llm-cascade lint`). @default 1024 */
  minCacheableTokens: tokenCount.optional(),
  /** The provider's Batch API (OpenAI's Files + Batches wire format). */
  batch: providerBatchFileSchema.optional(),
  /** A call the client gave up on may still be billed (recorded at an estimate). @default true */
  billsAbandoned: z.boolean().optional(),
  notes,
});

export const longContextFileSchema = z.strictObject({
  thresholdTokens: tokenCount,
  inputUsdPerMTok: usdPerMTok,
  outputUsdPerMTok: usdPerMTok,
  cachedInputUsdPerMTok: usdPerMTok.optional(),
  cacheWriteUsdPerMTok: usdPerMTok.optional(),
});

export const priceFileSchema = z.strictObject({
  inputUsdPerMTok: usdPerMTok,
  outputUsdPerMTok: usdPerMTok,
  cachedInputUsdPerMTok: usdPerMTok.optional(),
  cacheWriteUsdPerMTok: usdPerMTok.optional(),
  batchDiscount: z.number().min(0).lt(1, 'must be a fraction below 1 (0.5 = half price)').optional(),
  longContext: longContextFileSchema.optional(),
  source: z.string().min(1, 'required: the URL of the pricing page the numbers come from'),
  effectiveFrom: z.iso.date('must be a date as YYYY-MM-DD'),
  notes,
});

export const modelFileSchema = z
  .strictObject({
    contextWindow: tokenCount,
    maxOutputTokens: tokenCount,
    structuredOutput: structuredOutputSchema.optional(),
    toolCalling: z.boolean().optional(),
    prices: z.array(priceFileSchema).min(1, 'needs at least one price: a missing price is never a silent zero'),
    /** Tags of this model, over its provider's. */
    tags: tagsFileSchema.optional(),
    /** Overrides the provider's billsAbandoned. */
    billsAbandoned: z.boolean().optional(),
    /** What the model reads besides text. */
    reads: z.array(z.enum(['vision', 'pdf'])).optional(),
    /** What its images and PDF pages cost, in input tokens. */
    media: mediaPricingFileSchema.optional(),
    notes,
  })
  .superRefine(mediaRules);

export const tierOptionsFileSchema = z.strictObject({
  repairAttempts: z
    .number()
    .int()
    .min(0)
    .max(CATALOG_LIMITS.repairAttempts, `must be at most ${CATALOG_LIMITS.repairAttempts}`),
  triesPerCandidate: z
    .number()
    .int()
    .min(1)
    .max(CATALOG_LIMITS.triesPerCandidate, `must be at most ${CATALOG_LIMITS.triesPerCandidate}`),
  timeoutMs: milliseconds(1),
  maxRetryAfterMs: milliseconds(0),
  maxOutputTokens: tokenCount.optional(),
});

export const tierFileSchema = z.strictObject({
  name: z.string().min(1),
  mode: z.enum(['sync', 'provider-batch']).optional(),
  candidates: z.array(z.string().min(1)).min(1, 'needs at least one candidate model ref'),
  options: tierOptionsFileSchema.partial().optional(),
  verifier: z.string().min(1).optional(),
  agreement: z
    .strictObject({ fields: z.array(z.string().min(1)).min(1), with: z.string().min(1).optional() })
    .optional(),
});

export const startRuleFileSchema = z.strictObject({
  tier: z.string().min(1),
  minPromptTokens: z
    .number()
    .int()
    .min(0)
    .max(CATALOG_LIMITS.tokens, `must be at most ${CATALOG_LIMITS.tokens} tokens`)
    .optional(),
  inputMatches: z
    .string()
    .min(1)
    .max(CATALOG_LIMITS.patternLength, `must be at most ${CATALOG_LIMITS.patternLength} characters`)
    .optional(),
});

export const experimentFileSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, "_", "." or "-" (it is a search keyword)'),
  share: z
    .number()
    .gt(0, 'must be above 0 (a fraction of traffic, 0.2 = 20 %)')
    .lt(1, 'must be below 1 (a fraction of traffic, 0.2 = 20 %; the rest is the control arm)'),
  key: z.enum(['session', 'user']).optional(),
  variant: z.strictObject({
    startTier: z.string().min(1).optional(),
    candidates: z
      .record(z.string().min(1), z.array(z.string().min(1)).min(1, 'needs at least one candidate'))
      .optional(),
  }),
  notes,
});

export const classifyFileSchema = z.strictObject({
  model: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  tiers: z.array(z.string().min(1)).min(2, 'a classifier needs at least two tiers to choose from').optional(),
  instructions: z.string().min(1).optional(),
  maxOutputTokens: z.number().int().min(16).max(4_096).optional(),
  notes,
});

export const routeFileSchema = z.strictObject({
  tiers: z.array(tierFileSchema).min(1, 'needs at least one tier'),
  startRules: z.array(startRuleFileSchema).optional(),
  /** Ask a small model for the start tier when no start rule matches (reason `classify` in the ledger). */
  classify: classifyFileSchema.optional(),
  /** Where requests start when no start rule matches. @default the first tier */
  startTier: z.string().min(1).optional(),
  /** Written by `llm-cascade tune --apply`: what it changed, when, and on what data. */
  tuned: z.string().optional(),
  /** A/B experiments: a share of keyed traffic routed to a variant (start tier, candidate order). */
  experiments: z.array(experimentFileSchema).optional(),
  /** Quality checks every schema-valid answer of this task must pass (a failure is `check_failed`). */
  checks: checkListSchema.optional(),
  /** Default instructions (system message) of this task; a request's own instructions replace them. */
  instructions: z.string().min(1).optional(),
  /** Put a compact field list with the schema's descriptions into the system prompt in json_schema mode. */
  schemaInPrompt: z.boolean().optional(),
  /** Tags every candidate of this task must carry; candidates lacking them are never called. */
  require: tagsFileSchema.optional(),
  /** Candidate order within each tier: as listed, or by this worker's recent measurements. */
  order: z.enum(['static', 'measured']).optional(),
  notes,
});

export const catalogFileSchema = z.strictObject({
  $schema: z.string().optional(),
  /**
   * Resolved by `loadCatalog`: the built-in catalog (`default`) or its simulated twin (`simulated`: every provider
   * answered in-process, no keys) is merged underneath, by key.
   */
  extends: z.enum(['default', 'simulated']).optional(),
  providers: z.record(z.string().min(1), providerFileSchema),
  models: z.record(z.string().min(1), modelFileSchema),
  routes: z.record(z.string().min(1), routeFileSchema),
  tierDefaults: tierOptionsFileSchema.partial().optional(),
  notes,
});

/** A catalog file as written (input side of the schema). */
export type CatalogFile = z.input<typeof catalogFileSchema>;
export type FileModelSpec = z.input<typeof modelFileSchema>;
export type FilePriceSpec = z.input<typeof priceFileSchema>;

/** Tier options used where neither the file's `tierDefaults` nor the tier sets them. */
export const DEFAULT_TIER_OPTIONS: TierOptions = {
  repairAttempts: 0,
  triesPerCandidate: 2,
  timeoutMs: 60_000,
  maxRetryAfterMs: 30_000,
};
