/**
 * Which API key variables a route's providers need, and whether this process has them: checked by the CLI before an
 * in-process worker starts, and by the worker when it plans a request, so a route whose every key is missing is bad
 * input (exit 2, `CascadeConfigError` MISSING_API_KEY) naming the variables, never a cascade that fails one
 * `auth_error` at a time and ends in "budget exceeded".
 */
import { CascadeConfigError, ConfigErrorCode } from '../errors';
import type { Catalog } from '../types';
import { isSimulatedProvider, SIMULATED_NOTE } from './simulated';

export interface ProviderKey {
  provider: string;
  /** The variable holding its key; undefined for a keyless endpoint (a local server). */
  env?: string;
  /** Whether that variable is set (always true for a keyless endpoint). */
  set: boolean;
}

/** The providers of `task`'s route, in route order (verifiers and agreement partners included), with their keys. */
export function routeKeys(
  catalog: Catalog,
  task: string,
  env: Record<string, string | undefined> = process.env,
): ProviderKey[] {
  const route = catalog.routes[task];
  if (!route) return [];
  const refs = route.tiers.flatMap((tier) => [
    ...tier.candidates,
    ...(tier.verifier ? [tier.verifier] : []),
    ...(tier.agreement?.with ? [tier.agreement.with] : []),
  ]);
  const providers = [...new Set(refs.map((ref) => catalog.models[ref]?.provider).filter((p) => p !== undefined))];
  return providers.map((provider) => providerKey(catalog, provider, env));
}

export function providerKey(
  catalog: Catalog,
  provider: string,
  env: Record<string, string | undefined> = process.env,
): ProviderKey {
  const variable = catalog.providers[provider]?.apiKeyEnv;
  return { provider, env: variable, set: variable === undefined || Boolean(env[variable]) };
}

/**
 * For a worker in this process: throws (bad input) when no provider of the route has its key, and names the
 * missing ones through `warn` when only some do (and says so when the route's providers are simulated). Their candidates would fail with `auth_error` one by one.
 */
export function checkRouteKeys(
  catalog: Catalog,
  task: string,
  warn?: (message: string) => void,
  env: Record<string, string | undefined> = process.env,
): void {
  const keys = routeKeys(catalog, task, env);
  if (keys.some((key) => isSimulatedProvider(catalog.providers[key.provider] ?? { baseURL: '' })))
    warn?.(`${SIMULATED_NOTE}.`);
  const missing = keys.filter((key) => !key.set);
  if (missing.length === 0) return;
  const names = missing.map((key) => key.env).join(', ');
  const providers = missing.map((key) => key.provider).join(', ');
  if (missing.length === keys.length) throw noKeysError(task, missing, 'this process');
  warn?.(
    `warning: ${names} ${missing.length > 1 ? 'are' : 'is'} not set: the candidates of ${providers} will be ruled out ` +
      `(set ${missing.length > 1 ? 'them' : 'it'}, or remove ${providers} from the route)`,
  );
}

/** What to do when no key is set: say which variables, and the two ways to run without any. */
function noKeysError(task: string, missing: ProviderKey[], where: string): CascadeConfigError {
  const names = [...new Set(missing.map((key) => key.env))].join(', ');
  return new CascadeConfigError({
    code: ConfigErrorCode.MissingApiKey,
    message:
      `no provider of route "${task}" has its API key in ${where}: set ${missing.length > 1 ? 'one of ' : ''}${names} ` +
      `(or run without keys: the simulated catalog, \`catalog: 'simulated'\` or "extends": "simulated", or a config ` +
      `for a local OpenAI-compatible server, \`npx llm-cascade init --base-url …\`)`,
  });
}

/**
 * For the worker's planning: the error to fail a request with when no candidate of its planned route (every tier)
 * has its provider's key in `env`; undefined when at least one can be called. Candidates whose keys are missing
 * are otherwise tried (and ruled out) one by one, as `auth_error` attempts that cost nothing.
 */
/** What {@link keylessRouteError} reads of a planned route (routing's `RoutePlan`: the catalog sits below routing). */
export interface PlannedRouteProviders {
  task: string;
  tiers: readonly { candidates: readonly { provider: string }[] }[];
}

export function keylessRouteError(
  catalog: Catalog,
  route: PlannedRouteProviders,
  env: Record<string, string | undefined> = process.env,
): CascadeConfigError | undefined {
  const providers = [...new Set(route.tiers.flatMap((tier) => tier.candidates.map((c) => c.provider)))];
  const keys = providers.map((provider) => providerKey(catalog, provider, env));
  if (keys.length === 0 || keys.some((key) => key.set)) return undefined;
  return noKeysError(route.task, keys, "this worker's environment");
}
