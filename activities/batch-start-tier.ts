/**
 * Per-item start tier. The client resolves the route once for the whole batch; the route's start rules
 * (prompt size, keywords) are then applied here to each item's own text, as `resolveRoute` does for one request.
 */
import type { RoutePlan, StartRule } from '../catalog/types';

/** The tier an item starts on: the first rule whose conditions all hold and whose tier exists, else the route's start tier. */
export function itemStartTier(
  route: RoutePlan,
  rules: readonly StartRule[] | undefined,
  promptTokens: number,
  text: string,
): number {
  for (const rule of rules ?? []) {
    if (rule.minPromptTokens !== undefined && promptTokens < rule.minPromptTokens) continue;
    if (rule.inputMatches !== undefined && !new RegExp(rule.inputMatches, 'i').test(text)) continue;
    const index = route.tiers.findIndex((tier) => tier.name === rule.tier);
    if (index >= 0) return index;
  }
  return route.startTier;
}
