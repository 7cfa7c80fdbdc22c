/**
 * Resolves a task's route into a `RoutePlan`: every candidate with its capability and the price in force.
 * Pure and deterministic (imported by workflow code): "now" comes in as `options.at`.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { priceAt } from '../catalog/pricing';
import { matchesInput } from '../catalog/safe-pattern';
import type { Catalog, StartRule, TierOptions } from '../catalog/types';
import type { CandidatePlan, RoutePlan, TierPlan } from './types';

/** Inputs of {@link resolveRoute}. */
export interface ResolveRouteOptions {
  /** Estimated prompt tokens, checked against `minPromptTokens` start rules. */
  promptTokens: number;
  /** The request's input text, tested by `inputMatches` start rules. */
  inputText: string;
  /** Start at this tier (by name), overriding the start rules. */
  startTier?: string;
  /** ISO date (or timestamp) whose prices apply. */
  at: string;
}

/** A model of the catalog as a route candidate, with the price in force on `at`. */
export function candidatePlan(catalog: Catalog, ref: string, at: string): CandidatePlan {
  const model = catalog.models[ref];
  if (model === undefined) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.UnknownModel,
      message: `route candidate "${ref}" is not in the catalog`,
    });
  }
  const provider = catalog.providers[model.provider];
  if (provider === undefined) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.UnknownProvider,
      message: `model "${ref}" names provider "${model.provider}", which is not in the catalog`,
    });
  }
  return {
    ref,
    provider: model.provider,
    model: model.model,
    structuredOutput: model.structuredOutput ?? provider.structuredOutput,
    // Only when on: plans recorded before native tool calling keep their exact shape.
    ...((model.toolCalling ?? provider.toolCalling) === true && { toolCalling: true as const }),
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    price: priceAt(model, at),
    ...(provider.batch !== undefined && { batch: provider.batch }),
    // Only when off: plans recorded before the field keep their exact shape (absent: may bill, estimated).
    ...((model.billsAbandoned ?? provider.billsAbandoned) === false && { billsAbandoned: false as const }),
  };
}

/** Overlays a tier's own options; keys explicitly set to `undefined` keep the default. */
function withTierOptions(defaults: TierOptions, own: Partial<TierOptions> | undefined): TierOptions {
  const options: TierOptions = { ...defaults };
  for (const [key, value] of Object.entries(own ?? {})) {
    if (value !== undefined) (options as unknown as Record<string, unknown>)[key] = value;
  }
  return options;
}

function ruleMatches(rule: StartRule, promptTokens: number, inputText: string): boolean {
  if (rule.minPromptTokens !== undefined && promptTokens < rule.minPromptTokens) return false;
  if (rule.inputMatches !== undefined && !matchesInput(rule.inputMatches, inputText)) return false;
  return true;
}

/**
 * The index of the tier named by the first start rule whose conditions all hold (and whose tier exists),
 * or undefined when none matches. Used for one request here and per item by the batch loader.
 */
export function matchStartRules(
  tierNames: readonly string[],
  rules: readonly StartRule[],
  promptTokens: number,
  inputText: string,
): number | undefined {
  for (const rule of rules) {
    if (!ruleMatches(rule, promptTokens, inputText)) continue;
    const index = tierNames.indexOf(rule.tier);
    if (index >= 0) return index;
  }
  return undefined;
}

function startTierIndex(
  task: string,
  tiers: TierPlan[],
  rules: StartRule[],
  options: ResolveRouteOptions,
  defaultTier: string | undefined,
): number {
  const names = tiers.map((tier) => tier.name);
  if (options.startTier !== undefined) {
    const index = names.indexOf(options.startTier);
    if (index < 0) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `startTier "${options.startTier}" is not a tier of route "${task}" (tiers: ${names.join(', ')})`,
      });
    }
    return index;
  }
  const fallback = defaultTier === undefined ? 0 : Math.max(0, names.indexOf(defaultTier));
  return matchStartRules(names, rules, options.promptTokens, options.inputText) ?? fallback;
}

/**
 * Builds the plan for one request of `task`.
 * Tier options are the catalog's `tierDefaults` overlaid with the tier's own; the start tier is the explicit
 * `startTier`, else the first matching start rule, else the route's own `startTier`, else the first tier.
 * @throws CascadeConfigError `UnknownTask` (listing the known tasks), `InvalidRequest` for an unknown
 * `startTier`, `MissingPrice` when a candidate has no price in force on `at`.
 */
export function resolveRoute(catalog: Catalog, task: string, options: ResolveRouteOptions): RoutePlan {
  const route = Object.prototype.hasOwnProperty.call(catalog.routes, task) ? catalog.routes[task] : undefined;
  if (route === undefined) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.UnknownTask,
      message: `no route for task "${task}" (known tasks: ${Object.keys(catalog.routes).join(', ') || 'none'})`,
    });
  }
  const tiers: TierPlan[] = route.tiers.map((tier) => ({
    name: tier.name,
    ...(tier.mode === 'provider-batch' && { mode: tier.mode }),
    candidates: tier.candidates.map((ref) => candidatePlan(catalog, ref, options.at)),
    options: withTierOptions(catalog.tierDefaults, tier.options),
    ...(tier.verifier !== undefined && { verifier: candidatePlan(catalog, tier.verifier, options.at) }),
    ...(tier.agreement !== undefined && {
      agreement: {
        fields: tier.agreement.fields,
        ...(tier.agreement.with !== undefined && { with: candidatePlan(catalog, tier.agreement.with, options.at) }),
      },
    }),
  }));
  return { task, tiers, startTier: startTierIndex(task, tiers, route.startRules ?? [], options, route.startTier) };
}

/** The reference the savings are measured against: the first candidate of the last (priciest) tier. */
export function premiumBaselineCandidate(plan: RoutePlan): CandidatePlan {
  const baseline = plan.tiers[plan.tiers.length - 1]?.candidates[0];
  if (baseline === undefined) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `route "${plan.task}" has no candidates`,
    });
  }
  return baseline;
}

/** max_tokens for a candidate: the tier's setting or the model's maximum, within what the context window leaves. */
export function outputTokensFor(route: RoutePlan, tierIndex: number, candidate: CandidatePlan, inputTokens: number) {
  const tierMax = route.tiers[tierIndex]?.options.maxOutputTokens ?? candidate.maxOutputTokens;
  return Math.max(0, Math.min(tierMax, candidate.maxOutputTokens, candidate.contextWindow - inputTokens));
}

/** The largest context window of any candidate in the plan (0 for an empty plan). */
export function largestContextWindow(plan: RoutePlan): number {
  let largest = 0;
  for (const tier of plan.tiers) {
    for (const candidate of tier.candidates) largest = Math.max(largest, candidate.contextWindow);
  }
  return largest;
}
