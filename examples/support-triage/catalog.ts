/**
 * The routes the support-triage pipeline needs, made from the tiers of an existing route of a catalog: the
 * worker's catalog decides every step's models. `classify` and `summarize` start on economy models, `draft`
 * on standard ones, `extract` climbs the whole ladder.
 */

/** A catalog (loaded, or its JSON document): only its routes' tier lists are read. */
interface WithRoutes<Tier> {
  routes: Record<string, { tiers: Tier[] } | undefined>;
}

/** `catalog` with the pipeline's four routes added, built from the tiers of its route `from`. */
export function pipelineCatalog<Tier, C extends WithRoutes<Tier>>(catalog: C, from = 'extract'): C {
  const tiers = catalog.routes[from]?.tiers;
  if (!tiers?.length) throw new Error(`pipelineCatalog: the catalog has no route "${from}" to take tiers from`);
  const first = (count: number) => ({ tiers: tiers.slice(0, Math.min(count, tiers.length)) });
  return {
    ...catalog,
    routes: {
      ...catalog.routes,
      classify: first(2),
      extract: { tiers },
      draft: { tiers: tiers.slice(Math.min(1, tiers.length - 1)) },
      summarize: first(2),
    },
  };
}
