/** The classifier's call for one request, planned on the worker's catalog (see catalog/classify.ts). */
import { CLASSIFY_MAX_OUTPUT_TOKENS, classifyMessages, classifySchema, type ClassifyPlan } from '../classify';
import type { RequestMessage } from '../request';
import { candidatePlan } from '../route';
import type { Catalog, ClassifySpec, RoutePlan } from '../types';
import { countPromptTokens } from './tokens';

/** The classifier's prompt, schema size and price for a request that no start rule placed. */
export function classifyPlan(
  catalog: Catalog,
  route: RoutePlan,
  spec: ClassifySpec,
  messages: readonly RequestMessage[],
  now: string,
): ClassifyPlan {
  const tiers = spec.tiers ?? route.tiers.map((tier) => tier.name);
  const classify = classifyMessages(route.task, tiers, messages, spec.instructions);
  const candidates = (Array.isArray(spec.model) ? spec.model : [spec.model]).map((ref) =>
    candidatePlan(catalog, ref, now),
  );
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
