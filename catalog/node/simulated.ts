/**
 * The `simulated` catalog: the built-in catalog's models, dated prices and routes, with every provider answered
 * in-process by the simulated provider (`sim/simulated-fetch.ts`, installed by the worker) instead of over the
 * network. No keys, no network: a first result on any machine, priced as the real models would be. Its providers
 * point at a host under `.invalid` (RFC 2606: never resolvable), so a process without the simulated fetch fails
 * loudly instead of reaching a real provider.
 */

/** The host every simulated provider's baseURL names; the worker answers it in-process. */
export const SIMULATED_HOST = 'simulated.invalid';

/** The baseURL of every provider of the simulated catalog. */
export const SIMULATED_BASE_URL = `http://${SIMULATED_HOST}/v1`;

/** Said wherever the simulated catalog is used: its answers are samples, not a model's. */
export const SIMULATED_NOTE =
  'SIMULATED providers: no LLM is called; answers are samples shaped by your schema (right, wrong or broken at per-tier rates), with modelled 503s and 429s, priced at the real models’ prices';

/** True when a provider is answered by the simulated provider (the worker installs it for these). */
export function isSimulatedProvider(provider: { baseURL: string }): boolean {
  try {
    return new URL(provider.baseURL).hostname === SIMULATED_HOST;
  } catch {
    return false;
  }
}

/** Prefix of the simulated catalog's provider ids: every ledger row, summary and report says `sim-…`. */
export const SIMULATED_PREFIX = 'sim-';

/**
 * The simulated catalog document from the built-in one: same models, prices and routes, each provider renamed
 * `sim-<id>` (so no table, UI page or report can pass a simulated run off as a real one) and keyless at
 * {@link SIMULATED_BASE_URL}, without headers or a Batch API (the simulated provider answers chat completions only).
 */
export function simulatedCatalogDocument(base: Record<string, unknown>): Record<string, unknown> {
  const document = structuredClone(base) as {
    providers?: Record<string, Record<string, unknown>>;
    models?: Record<string, unknown>;
    routes?: Record<string, RouteDocument>;
    notes?: string;
  };
  const rename = (ref: string) => (ref.includes('/') ? `${SIMULATED_PREFIX}${ref}` : ref);
  const providers: Record<string, Record<string, unknown>> = {};
  for (const [id, provider] of Object.entries(document.providers ?? {})) {
    provider.baseURL = SIMULATED_BASE_URL;
    delete provider.apiKeyEnv;
    delete provider.defaultHeaders;
    delete provider.batch;
    provider.notes = SIMULATED_NOTE;
    providers[`${SIMULATED_PREFIX}${id}`] = provider;
  }
  document.providers = providers;
  document.models = Object.fromEntries(Object.entries(document.models ?? {}).map(([ref, m]) => [rename(ref), m]));
  for (const route of Object.values(document.routes ?? {})) {
    for (const tier of route.tiers ?? []) {
      tier.candidates = tier.candidates?.map(rename);
      if (tier.verifier) tier.verifier = rename(tier.verifier);
      if (tier.agreement?.with) tier.agreement.with = rename(tier.agreement.with);
    }
    if (route.classify) {
      const model = route.classify.model;
      route.classify.model = Array.isArray(model) ? model.map(rename) : model && rename(model);
    }
    for (const experiment of route.experiments ?? []) {
      const candidates = experiment.variant?.candidates;
      if (candidates) for (const tier of Object.keys(candidates)) candidates[tier] = candidates[tier]!.map(rename);
    }
  }
  document.notes = SIMULATED_NOTE;
  return document;
}

/** The parts of a route document that name model refs. */
interface RouteDocument {
  tiers?: { candidates?: string[]; verifier?: string; agreement?: { with?: string } }[];
  classify?: { model?: string | string[] };
  experiments?: { variant?: { candidates?: Record<string, string[]> } }[];
}
