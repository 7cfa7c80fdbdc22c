/**
 * A catalog document (parsed JSON) checked against the file schema and the cross-reference rules, then normalised
 * into the {@link Catalog} every other module uses. The one place that joins the two checks.
 */
import { CascadeConfigError } from '../errors';
import type { Catalog, ModelSpec, ProviderSpec, RouteSpec } from '../types';
import { DEFAULT_TIER_OPTIONS, catalogFileSchema } from './file-schema';
import { type CatalogProblem, unknownCandidates, zodIssueToProblem } from './problems';
import { checkCatalogRules } from './rules';
import { suggestKey } from './suggest';

/** An unknown key's problem, with the nearest known key when there is one: "did you mean "baseURL"?". */
function withSuggestion(issue: Parameters<typeof zodIssueToProblem>[0]): CatalogProblem {
  const problem = zodIssueToProblem(issue);
  if (issue.code !== 'unrecognized_keys') return problem;
  if (issue.path.length === 0 && issue.keys.includes('model_list')) {
    return {
      ...problem,
      message:
        `${problem.message}; this looks like a LiteLLM proxy config: llm-cascade's catalog lists providers, models ` +
        "with prices and routes (see docs/configuration.md); LiteLLM's price map converts with `llm-cascade catalog import-litellm`",
    };
  }
  const hints = issue.keys
    .map((key) => [key, suggestKey(key)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([key, known]) =>
      issue.keys.length === 1 ? `did you mean "${known}"?` : `"${key}": did you mean "${known}"?`,
    );
  return hints.length ? { ...problem, message: `${problem.message}; ${hints.join('; ')}` } : problem;
}

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
  if (!parsed.success) fail(origin, [...parsed.error.issues.map(withSuggestion), ...unknownCandidates(json)]);
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
      ...(provider.toolCalling !== undefined && { toolCalling: provider.toolCalling }),
      ...(provider.defaultHeaders !== undefined && { defaultHeaders: { ...provider.defaultHeaders } }),
      ...(provider.tags !== undefined && { tags: { ...provider.tags } }),
      ...(provider.minCacheableTokens !== undefined && { minCacheableTokens: provider.minCacheableTokens }),
      ...(provider.batch !== undefined && { batch: { ...provider.batch } }),
      ...(provider.billsAbandoned !== undefined && { billsAbandoned: provider.billsAbandoned }),
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
      ...(model.toolCalling !== undefined && { toolCalling: model.toolCalling }),
      prices,
      ...(model.tags !== undefined && { tags: { ...model.tags } }),
      ...(model.billsAbandoned !== undefined && { billsAbandoned: model.billsAbandoned }),
      ...(model.reads !== undefined && { reads: [...model.reads] }),
      ...(model.media !== undefined && { media: structuredClone(model.media) }),
    };
  }

  const routes: Record<string, RouteSpec> = {};
  for (const [task, route] of Object.entries(file.routes)) {
    routes[task] = {
      tiers: route.tiers.map((tier) => ({
        name: tier.name,
        ...(tier.mode === 'provider-batch' && { mode: tier.mode }),
        candidates: [...tier.candidates],
        ...(tier.options !== undefined && { options: { ...tier.options } }),
        ...(tier.verifier !== undefined && { verifier: tier.verifier }),
        ...(tier.agreement !== undefined && { agreement: { ...tier.agreement } }),
      })),
      ...(route.startRules !== undefined && { startRules: route.startRules.map((rule) => ({ ...rule })) }),
      ...(route.startTier !== undefined && { startTier: route.startTier }),
      ...(route.tuned !== undefined && { tuned: route.tuned }),
      ...(route.classify !== undefined && {
        classify: (({ notes: _notes, ...classify }) => ({
          ...classify,
          model: Array.isArray(classify.model) ? [...classify.model] : classify.model,
          ...(classify.tiers && { tiers: [...classify.tiers] }),
        }))(route.classify),
      }),
      ...(route.experiments !== undefined && {
        experiments: route.experiments.map(({ notes: _notes, ...experiment }) => ({
          ...experiment,
          variant: {
            ...(experiment.variant.startTier !== undefined && { startTier: experiment.variant.startTier }),
            ...(experiment.variant.candidates !== undefined && {
              candidates: Object.fromEntries(
                Object.entries(experiment.variant.candidates).map(([tier, refs]) => [tier, [...refs]]),
              ),
            }),
          },
        })),
      }),
      ...(route.checks !== undefined && { checks: route.checks }),
      ...(route.instructions !== undefined && { instructions: route.instructions }),
      ...(route.schemaInPrompt !== undefined && { schemaInPrompt: route.schemaInPrompt }),
      ...(route.require !== undefined && { require: { ...route.require } }),
      ...(route.order !== undefined && { order: route.order }),
    };
  }

  return { providers, models, routes, tierDefaults: { ...DEFAULT_TIER_OPTIONS, ...file.tierDefaults } };
}
