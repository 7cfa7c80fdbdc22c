/**
 * Per-item start tier. The client resolves the route once for the whole batch; the route's start rules
 * (prompt size, keywords) are then applied here to each item's own text, as `resolveRoute` does for one request.
 */
import { matchStartRules } from '../../routing/route';
import type { StartRule } from '../../catalog/types';
import type { RoutePlan } from '../../routing/types';

/** The tier an item starts on: the first rule whose conditions all hold and whose tier exists, else the route's start tier. */
export function itemStartTier(
  route: RoutePlan,
  rules: readonly StartRule[] | undefined,
  promptTokens: number,
  text: string,
): number {
  const names = route.tiers.map((tier) => tier.name);
  return matchStartRules(names, rules ?? [], promptTokens, text) ?? route.startTier;
}
