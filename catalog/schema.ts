/**
 * The catalog FILE format as zod schemas, and `parseCatalog`, which validates a file into a `Catalog`.
 * Objects are strict: a misspelt key (`cachedInputUsdPerMtok`) would otherwise bill at a silent default.
 * Not for workflow code (zod stays out of the sandbox): workflows get the resolved `RoutePlan`.
 */
import { z } from 'zod';
import { checkListSchema } from './checks-schema';
import { CascadeConfigError } from './errors';
import { checkCatalogRules, type CatalogProblem, zodIssueToProblem } from './rules';
import type { Catalog, ModelSpec, ProviderSpec, RouteSpec, TierOptions } from './types';

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

export const structuredOutputSchema = z.enum(['json_schema', 'json_object', 'none']);

export const providerFileSchema = z.strictObject({
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. "https://api.openai.com/v1"' }),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, e.g. "OPENAI_API_KEY"')
    .optional(),
  structuredOutput: structuredOutputSchema,
  defaultHeaders: z.record(z.string(), z.string()).optional(),
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

export const modelFileSchema = z.strictObject({
  contextWindow: tokenCount,
  maxOutputTokens: tokenCount,
  structuredOutput: structuredOutputSchema.optional(),
  prices: z.array(priceFileSchema).min(1, 'needs at least one price: a missing price is never a silent zero'),
  notes,
});

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

export const routeFileSchema = z.strictObject({
  tiers: z.array(tierFileSchema).min(1, 'needs at least one tier'),
  startRules: z.array(startRuleFileSchema).optional(),
  /** Quality checks every schema-valid answer of this task must pass (a failure is `check_failed`). */
  checks: checkListSchema.optional(),
  /** Default instructions (system message) of this task; a request's own instructions replace them. */
  instructions: z.string().min(1).optional(),
  /** Put a compact field list with the schema's descriptions into the system prompt in json_schema mode. */
  schemaInPrompt: z.boolean().optional(),
  notes,
});

export const catalogFileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Resolved by `loadCatalog`: the default catalog is merged underneath, by key. */
  extends: z.literal('default').optional(),
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

function fail(origin: string, problems: CatalogProblem[]): never {
  const lines = problems.map((problem) => `  - ${problem.path}: ${problem.message}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  throw new CascadeConfigError({
    // The first problem names the code; the message lists them all so one run shows everything to fix.
    code: problems[0]!.code,
    message: `${origin}: invalid catalog (${count}):\n${lines.join('\n')}`,
  });
}

/**
 * Validates a catalog document (already parsed JSON) and normalises it into a {@link Catalog}:
 * model refs split into provider and model id, prices sorted by `effectiveFrom`, tier defaults filled in.
 * `extends` is not resolved here: {@link loadCatalog} merges the default catalog first.
 * @param origin names the document in error messages (a path, or `inline catalog`).
 * @throws CascadeConfigError listing every problem as `path: what to fix`.
 */
export function parseCatalog(json: unknown, origin: string): Catalog {
  const parsed = catalogFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) fail(origin, parsed.error.issues.map(zodIssueToProblem));
  const file = parsed.data;
  const problems = checkCatalogRules(file);
  if (problems.length > 0) fail(origin, problems);

  const providers: Record<string, ProviderSpec> = {};
  for (const [id, provider] of Object.entries(file.providers)) {
    providers[id] = {
      id,
      baseURL: provider.baseURL,
      structuredOutput: provider.structuredOutput,
      ...(provider.apiKeyEnv !== undefined && { apiKeyEnv: provider.apiKeyEnv }),
      ...(provider.defaultHeaders !== undefined && { defaultHeaders: { ...provider.defaultHeaders } }),
    };
  }

  const models: Record<string, ModelSpec> = {};
  for (const [ref, model] of Object.entries(file.models)) {
    const slash = ref.indexOf('/');
    const prices = model.prices
      .map(({ notes: _notes, ...price }) => price)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    models[ref] = {
      ref,
      provider: ref.slice(0, slash),
      model: ref.slice(slash + 1),
      contextWindow: model.contextWindow,
      maxOutputTokens: model.maxOutputTokens,
      ...(model.structuredOutput !== undefined && { structuredOutput: model.structuredOutput }),
      prices,
    };
  }

  const routes: Record<string, RouteSpec> = {};
  for (const [task, route] of Object.entries(file.routes)) {
    routes[task] = {
      tiers: route.tiers.map((tier) => ({
        name: tier.name,
        candidates: [...tier.candidates],
        ...(tier.options !== undefined && { options: { ...tier.options } }),
        ...(tier.verifier !== undefined && { verifier: tier.verifier }),
        ...(tier.agreement !== undefined && { agreement: { ...tier.agreement } }),
      })),
      ...(route.startRules !== undefined && { startRules: route.startRules.map((rule) => ({ ...rule })) }),
      ...(route.checks !== undefined && { checks: route.checks }),
      ...(route.instructions !== undefined && { instructions: route.instructions }),
      ...(route.schemaInPrompt !== undefined && { schemaInPrompt: route.schemaInPrompt }),
    };
  }

  return { providers, models, routes, tierDefaults: { ...DEFAULT_TIER_OPTIONS, ...file.tierDefaults } };
}
