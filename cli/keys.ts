/**
 * Which API key variables a route's providers need, and whether this process has them: checked before an
 * in-process worker starts, so a route whose every key is missing is bad input (exit 2), not a failed cascade.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import type { Catalog } from '../catalog/types';

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
 * missing ones through `warn` when only some do. Their candidates would fail with `auth_error` one by one.
 */
export function checkRouteKeys(
  catalog: Catalog,
  task: string,
  warn?: (message: string) => void,
  env: Record<string, string | undefined> = process.env,
): void {
  const keys = routeKeys(catalog, task, env);
  const missing = keys.filter((key) => !key.set);
  if (missing.length === 0) return;
  const names = missing.map((key) => key.env).join(', ');
  const providers = missing.map((key) => key.provider).join(', ');
  if (missing.length === keys.length) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.MissingApiKey,
      message:
        `no provider of route "${task}" has its API key: set ${missing.length > 1 ? 'one of ' : ''}${names} ` +
        `(or use a config whose route names providers you have keys for, e.g. a local OpenAI-compatible server)`,
    });
  }
  warn?.(
    `warning: ${names} ${missing.length > 1 ? 'are' : 'is'} not set: the candidates of ${providers} will be ruled out ` +
      `(set ${missing.length > 1 ? 'them' : 'it'}, or remove ${providers} from the route)`,
  );
}
