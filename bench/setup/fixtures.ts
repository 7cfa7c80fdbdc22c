/**
 * Every model and route the benchmarks use. Models carry the REAL prices of default-catalog models (deepseek-chat,
 * mistral-small, gpt-4o-mini, gpt-4o) but are served by the fake upstream, under ids that name the scenario
 * (`fo.deepseek-chat`), so one upstream can play a failing deepseek in one scenario and a healthy one in another.
 */
import { defaultCatalog } from '../../catalog/node/load';
import { priceAt } from '../../catalog/pricing';
import { parseCatalog } from '../../catalog/node/parse';
import type { Catalog, ModelPrice, StructuredOutputMode } from '../../catalog/types';
import type { ModelSpec } from '../upstream/models';

/** Seed of every seeded pass/fail sequence; change it to draw a different (equally valid) sample. */
export const SEED = 20260701;
/** Pass rates of the cost-per-valid-result scenario (issue 5). */
export const PASS_RATES = { economy: 0.7, standard: 0.9, premium: 0.99 } as const;

/** Real models whose prices the benchmark borrows, by role. */
const REAL = {
  economy: 'deepseek/deepseek-chat',
  economyAlt: 'mistral/mistral-small-latest',
  standard: 'openai/gpt-4o-mini',
  premium: 'openai/gpt-4o',
} as const;
type Role = keyof typeof REAL;

/** One model of the fake upstream: the id it answers to, the real model it prices as, and what it does. */
export interface BenchModel {
  /** Catalog ref, `<provider>/<id>`. */
  ref: string;
  provider: string;
  /** Sent as `model` in requests. */
  id: string;
  role: Role;
  spec: ModelSpec;
}

function model(scenario: string, role: Role, spec: ModelSpec): BenchModel {
  const [provider, realId] = REAL[role].split('/') as [string, string];
  const id = `${scenario}.${realId}`;
  return { ref: `${provider}/${id}`, provider, id, role, spec };
}

const { economy, standard, premium } = PASS_RATES;
/** The demo's economy pass rate; every failing answer is cut off with `finish_reason: length`. */
export const TRUNCATING_PROFILE = { passRate: 0.7, invalidJsonRate: 1, lengthRate: 1, seed: SEED };

/** Routes by name: tiers of models, cheapest first. Each route's models belong to it alone. */
export const ROUTES = {
  o0: [[model('o0', 'standard', { kind: 'ok', delayMs: 0 })]],
  o300: [[model('o300', 'standard', { kind: 'ok', delayMs: 300 })]],
  failover: [
    [model('fo', 'economy', { kind: 'error', status: 503 }), model('fo', 'economyAlt', { kind: 'ok' })],
    [model('fo', 'standard', { kind: 'ok' })],
  ],
  escalation: [
    [model('esc', 'economy', { kind: 'schema_violation' })],
    [model('esc', 'standard', { kind: 'ok' })],
    [model('esc', 'premium', { kind: 'ok' })],
  ],
  throughput: [[model('tp', 'standard', { kind: 'ok', delayMs: 0 })]],
  cascade: [
    [model('cpv', 'economy', { kind: 'pass_rate', passRate: economy, seed: SEED })],
    [model('cpv', 'standard', { kind: 'pass_rate', passRate: standard, seed: SEED })],
    [model('cpv', 'premium', { kind: 'pass_rate', passRate: premium, seed: SEED })],
  ],
  premiumOnly: [[model('cpvp', 'premium', { kind: 'pass_rate', passRate: premium, seed: SEED })]],
  economyOnly: [[model('cpve', 'economy', { kind: 'pass_rate', passRate: economy, seed: SEED })]],
  // The simulator with every failure a truncation: does the more-tokens retry pay? (sections/more-tokens.ts)
  truncation: [
    [model('mt', 'economy', { kind: 'simulated', profile: TRUNCATING_PROFILE })],
    [model('mt', 'standard', { kind: 'ok' })],
  ],
} satisfies Record<string, BenchModel[][]>;
export type RouteName = keyof typeof ROUTES;

const TIER_NAMES = ['economy', 'standard', 'premium'];

export function routeModels(route: RouteName): BenchModel[] {
  return ROUTES[route].flat();
}

/** Every model of every route, for the upstream. */
export function allModels(): BenchModel[] {
  return (Object.keys(ROUTES) as RouteName[]).flatMap(routeModels);
}

/** Today's price of the real model a benchmark model stands for. */
export function priceOf(benchModel: Pick<BenchModel, 'role'>): ModelPrice {
  const real = defaultCatalog().models[REAL[benchModel.role]];
  if (!real) throw new Error(`the default catalog lost ${REAL[benchModel.role]}; update bench/setup/fixtures.ts`);
  return priceAt(real, new Date().toISOString());
}

/** The benchmark catalog: real structured-output modes and prices, every provider pointing at the upstream. */
export function benchCatalog(upstreamBaseURL: string): Catalog {
  const real = defaultCatalog();
  const providers: Record<string, { baseURL: string; structuredOutput: StructuredOutputMode }> = {};
  const models: Record<string, unknown> = {};
  for (const m of allModels()) {
    providers[m.provider] = {
      baseURL: upstreamBaseURL,
      structuredOutput: real.providers[m.provider]!.structuredOutput,
    };
    const { inputUsdPerMTok, outputUsdPerMTok, cachedInputUsdPerMTok, source, effectiveFrom } = priceOf(m);
    const price = {
      inputUsdPerMTok,
      outputUsdPerMTok,
      source,
      effectiveFrom,
      ...(cachedInputUsdPerMTok !== undefined && { cachedInputUsdPerMTok }),
    };
    models[m.ref] = { contextWindow: 128_000, maxOutputTokens: 4_096, prices: [price] };
  }
  const routes: Record<string, unknown> = {};
  for (const [name, tiers] of Object.entries(ROUTES)) {
    routes[name] = { tiers: tiers.map((t, i) => ({ name: TIER_NAMES[i]!, candidates: t.map((m) => m.ref) })) };
  }
  // One try per candidate and no repair re-asks: every system makes exactly the calls the scenario scripts,
  // as LiteLLM (num_retries 0) and Portkey (no retry block) are configured to.
  const tierDefaults = {
    repairAttempts: 0,
    triesPerCandidate: 1,
    timeoutMs: 30_000,
    maxRetryAfterMs: 5_000,
    maxOutputTokens: 512,
  };
  return parseCatalog({ providers, models, routes, tierDefaults }, 'benchmark catalog');
}
