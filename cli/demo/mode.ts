/**
 * Which providers the demo uses. The rule, kept pure so it is unit-tested and documented in one place:
 *
 *   REAL mode when every tier of the `extract` route has at least one candidate whose provider's API key
 *   variable is set (non-empty); the route is then narrowed to those candidates. Otherwise SIMULATED mode,
 *   with every provider pointed at the local simulated server. `--simulated` forces simulated mode;
 *   `--real` refuses to fall back and names the missing keys instead.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { Catalog } from '../../catalog/types';

/** What the demo will run against, and why. */
export type DemoMode =
  | { kind: 'real'; catalog: Catalog; reason: string; keys: string[] }
  | { kind: 'simulated'; reason: string; missing: Array<{ tier: string; keys: string[] }> };

/** The mode the user asked for: `auto` applies the rule above. */
export type ModeRequest = 'auto' | 'real' | 'simulated';

/**
 * Decides the mode from the catalog and the environment.
 * @param catalog - the default catalog (real providers).
 * @param env - where keys are looked up (names only are reported, never values).
 * @param task - the route the demo runs.
 * @param request - `auto`, or a forced mode.
 */
export function chooseMode(
  catalog: Catalog,
  env: Record<string, string | undefined>,
  task: string,
  request: ModeRequest = 'auto',
): DemoMode {
  const route = catalog.routes[task];
  if (!route) throw new Error(`the catalog has no "${task}" route`);
  const hasKey = (ref: string): boolean => {
    const provider = catalog.providers[catalog.models[ref]?.provider ?? ''];
    if (!provider) return false;
    return provider.apiKeyEnv === undefined || Boolean(env[provider.apiKeyEnv]?.trim());
  };
  const keyOf = (ref: string) => catalog.providers[catalog.models[ref]?.provider ?? '']?.apiKeyEnv;
  const tiers = route.tiers.map((tier) => ({ tier, usable: tier.candidates.filter(hasKey) }));
  const missing = tiers
    .filter(({ usable }) => usable.length === 0)
    .map(({ tier }) => ({ tier: tier.name, keys: unique(tier.candidates.map(keyOf)) }));

  if (request === 'simulated') return { kind: 'simulated', reason: '--simulated given', missing };
  if (missing.length > 0) {
    const needs = missing.map((m) => `${m.tier} needs one of ${m.keys.join(', ')}`).join('; ');
    const reason = `no provider key for every tier of the "${task}" route (${needs})`;
    if (request === 'real') {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `--real: ${reason}; set the keys or drop --real`,
      });
    }
    return { kind: 'simulated', reason, missing };
  }
  const narrowed = structuredClone(catalog);
  narrowed.routes[task] = { ...route, tiers: tiers.map(({ tier, usable }) => ({ ...tier, candidates: usable })) };
  const keys = unique(tiers.flatMap(({ usable }) => usable.map(keyOf)));
  return { kind: 'real', catalog: narrowed, reason: `every tier has a provider key (${keys.join(', ')})`, keys };
}

/** The API key variables named by a route's providers, for clearing them (tests) or listing them (docs). */
export function routeKeyNames(catalog: Catalog, task: string): string[] {
  const refs = catalog.routes[task]?.tiers.flatMap((t) => t.candidates) ?? [];
  return unique(refs.map((ref) => catalog.providers[catalog.models[ref]?.provider ?? '']?.apiKeyEnv));
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}
