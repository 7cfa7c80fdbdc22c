/** The classifier's call for one request, planned on the worker's catalog (see routing/classify.ts). */
import { CLASSIFY_MAX_OUTPUT_TOKENS, classifyMessages, classifySchema, type ClassifyPlan } from '../classify';
import { missingTags, tagsOf } from '../../catalog/tags';
import type { RequestMessage } from '../request';
import { candidatePlan } from '../route';
import type { Catalog, ClassifySpec, Tags } from '../../catalog/types';
import type { RoutePlan } from '../types';
import { countPromptTokens } from '../../catalog/node/tokens';

/**
 * The classifier's prompt, schema size and price for a request that no start rule placed; undefined when none of
 * its models meets the required tags (the classifier reads the request too), or fewer than two of its tiers are
 * left in the route: the request then starts where the rules put it.
 */
export function classifyPlan(
  catalog: Catalog,
  route: RoutePlan,
  spec: ClassifySpec,
  messages: readonly RequestMessage[],
  now: string,
  require?: Tags,
): ClassifyPlan | undefined {
  const refs = (Array.isArray(spec.model) ? spec.model : [spec.model]).filter(
    (ref) => missingTags(tagsOf(catalog, ref), require).length === 0,
  );
  // Tiers the constraints dropped from the route cannot be chosen.
  const present = new Set(route.tiers.map((tier) => tier.name));
  const tiers = (spec.tiers ?? route.tiers.map((tier) => tier.name)).filter((tier) => present.has(tier));
  if (refs.length === 0 || tiers.length < 2) return undefined;
  const classify = classifyMessages(route.task, tiers, messages, spec.instructions);
  const candidates = refs.map((ref) => candidatePlan(catalog, ref, now));
  const smallest = Math.min(...candidates.map((candidate) => candidate.maxOutputTokens));
  return {
    candidates,
    tiers,
    messages: classify,
    maxOutputTokens: Math.min(spec.maxOutputTokens ?? CLASSIFY_MAX_OUTPUT_TOKENS, smallest),
    estimatedInputTokens: countPromptTokens(classify, classifySchema(tiers)),
    fallbackTier: route.startTier,
  };
}
