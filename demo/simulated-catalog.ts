/**
 * Simulated mode: the default catalog's providers, models, prices and routes, with every provider pointed at
 * one local fake OpenAI-compatible server that plays each model with a seeded per-tier profile (pass rate,
 * 503s, 429s with Retry-After, latency). Token usage is counted from the real prompts and answers, and costs
 * come from the real price table, so the report's arithmetic is the one a real run would do.
 */
import { defaultCatalog } from '../catalog/node/load';
import type { Catalog } from '../catalog/types';
import { startFakeProvider, type FakeBehavior, type FakeProvider } from '../sim/fake-provider';
import { simulatedBehavior } from '../sim/simulated-provider';
import { TIER_PROFILES } from '../sim/tier-profiles';
import { loadDataset } from './dataset';
import { loadExpected, type Expected } from './ground-truth';
import { documentAwareBehavior } from './simulated-answers';
import { withVerifier } from './simulated-verifier';
import { WRONG_ANSWERS } from './wrong-answers';

/** Printed at the start and under the report of every simulated run. */
export const SIMULATED_BANNER =
  "SIMULATED providers: no real LLM is called; answers are schema-shaped samples carrying the documents' expected values, misread at a per-tier rate; latencies and failure rates are modelled";

/** The route the demo runs. */
export const DEMO_TASK = 'extract';

/** How each tier behaves (shared with the simulated catalog's in-process provider). */
export { TIER_PROFILES } from '../sim/tier-profiles';

/**
 * A tenth of the documents are hard (odd layouts, ambiguous totals): every tier passes them less often, so
 * some of them climb to premium, as in real batches.
 */
export const HARD_DOCUMENTS = {
  share: 0.1,
  passRate: { economy: 0.25, standard: 0.45, premium: 0.95 } as Record<string, number>,
};

/** Providers with automatic prompt caching (a repeated system prompt of 1024+ tokens bills as cached input). */
const PROMPT_CACHING = new Set(['openai', 'deepseek', 'gemini']);

/**
 * The default catalog with every provider's baseURL replaced by `baseURL` and no API keys required.
 * @param baseURL - the simulated server, e.g. `http://127.0.0.1:PORT/v1`.
 */
export function simulatedCatalog(baseURL: string): Catalog {
  const catalog = defaultCatalog();
  for (const provider of Object.values(catalog.providers)) {
    provider.baseURL = baseURL;
    delete provider.apiKeyEnv;
    delete provider.defaultHeaders;
  }
  return catalog;
}

/**
 * One behaviour per model id the simulated server answers for, profiled by the model's tier in `task`'s
 * route (models outside the route answer as economy models).
 * @param catalog - the catalog whose models are simulated.
 * @param seed - seeds every model's random stream; the same seed gives the same outcomes per document.
 */
export function simulatedModels(
  catalog: Catalog,
  seed: number,
  task = DEMO_TASK,
  options: { latency?: boolean } = {},
): Record<string, FakeBehavior> {
  const tierOf = new Map<string, string>();
  for (const tier of catalog.routes[task]?.tiers ?? []) {
    for (const ref of tier.candidates) if (!tierOf.has(ref)) tierOf.set(ref, tier.name);
  }
  const models: Record<string, FakeBehavior> = {};
  const expected = expectedByText();
  for (const model of Object.values(catalog.models)) {
    const tier = tierOf.get(model.ref) ?? 'economy';
    const profile = {
      ...(TIER_PROFILES[tier] ?? TIER_PROFILES.economy!),
      seed,
      promptCaching: PROMPT_CACHING.has(model.provider),
      ...(options.latency === false && { latencyMs: undefined }),
    };
    const hardPassRate = HARD_DOCUMENTS.passRate[tier] ?? profile.passRate;
    const extraction = documentAwareBehavior(
      simulatedBehavior(profile),
      { share: HARD_DOCUMENTS.share, seed, behavior: simulatedBehavior({ ...profile, passRate: hardPassRate }) },
      { expected, profile: WRONG_ANSWERS[tier] ?? WRONG_ANSWERS.economy!, seed },
    );
    // Any model can be a tier's verifier: verification requests get a verdict from the expected values.
    models[model.model] = withVerifier(extraction, expected, seed);
  }
  return models;
}

/** The economy model with a Batch API the demo's provider-batch variant puts first (OpenAI's, at half price). */
export const BATCH_ECONOMY_MODEL = 'openai/gpt-4o-mini';

/**
 * The demo route's provider-batch variant: the economy tier led by a model whose provider has a Batch API (the
 * default economy models' providers have none, or none the catalog prices), and that model taken out of the higher
 * tiers so an escalation goes to another model. Returns a copy.
 */
export function withBatchEconomy(catalog: Catalog, task = DEMO_TASK): Catalog {
  const copy = structuredClone(catalog);
  const route = copy.routes[task];
  if (!route) return copy;
  route.tiers = route.tiers.map((tier, index) => ({
    ...tier,
    candidates:
      index === 0
        ? [BATCH_ECONOMY_MODEL, ...tier.candidates.filter((ref) => ref !== BATCH_ECONOMY_MODEL)]
        : tier.candidates.filter((ref) => ref !== BATCH_ECONOMY_MODEL),
  }));
  return copy;
}

/** A running simulated provider and the catalog that routes to it. */
export interface SimulatedProviders {
  provider: FakeProvider;
  catalog: Catalog;
  close(): Promise<void>;
}

/**
 * Starts the local simulated server and returns the catalog pointing at it.
 * @param options - `seed` (default 7); `batchEconomy`: the route's provider-batch variant (`withBatchEconomy`).
 */
export async function startSimulatedProviders(
  options: { seed?: number; batchEconomy?: boolean } = {},
): Promise<SimulatedProviders> {
  // Images and PDF pages billed by each model's own rule, as the catalog prices them.
  const media = Object.fromEntries(
    Object.values(defaultCatalog().models).flatMap((m) => (m.reads?.length && m.media ? [[m.model, m.media]] : [])),
  );
  const provider = await startFakeProvider({ callLogLimit: 5_000, media });
  const simulated = simulatedCatalog(provider.baseURL);
  const catalog = options.batchEconomy ? withBatchEconomy(simulated) : simulated;
  for (const [model, behavior] of Object.entries(simulatedModels(catalog, options.seed ?? 7))) {
    provider.setModel(model, behavior);
  }
  return { provider, catalog, close: () => provider.close() };
}

/** The demo's expected values keyed by document text (what the simulated server sees of a request). */
export function expectedByText(): Map<string, Expected> {
  const byId = loadExpected();
  const byText = new Map<string, Expected>();
  for (const doc of loadDataset()) {
    const expected = byId.get(doc.id);
    if (expected) byText.set(doc.text, expected);
  }
  return byText;
}
