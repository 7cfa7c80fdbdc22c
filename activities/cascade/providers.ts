/** One client factory over the catalog's provider rows. */
import OpenAI from 'openai';
import type { ProviderSpec } from '../../catalog/types';

export interface ProviderClientOptions {
  /** fetch implementation; the test seam. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where API keys are read from. @default process.env */
  env?: Record<string, string | undefined>;
}

/** Thrown when a provider's API key variable is not set: a configuration fault, not a provider outage. */
export class MissingApiKeyError extends Error {
  override readonly name = 'MissingApiKeyError';
}

export function createProviderClient(spec: ProviderSpec, options: ProviderClientOptions = {}): OpenAI {
  const env = options.env ?? process.env;
  let apiKey = 'not-needed';
  if (spec.apiKeyEnv) {
    const value = env[spec.apiKeyEnv];
    if (!value)
      throw new MissingApiKeyError(
        `set ${spec.apiKeyEnv} on the worker (or remove ${spec.id} from the route): provider ${spec.id} needs an API key`,
      );
    apiKey = value;
  }
  return new OpenAI({
    baseURL: spec.baseURL,
    apiKey,
    defaultHeaders: spec.defaultHeaders,
    // Temporal owns retries: the SDK's own two retries would stack on top of the activity retry policy.
    maxRetries: 0,
    fetch: options.fetch,
  });
}

/** Caches one client per provider id for the life of the worker. */
export class ProviderClients {
  private readonly clients = new Map<string, OpenAI>();
  constructor(
    private readonly providers: Record<string, ProviderSpec>,
    private readonly options: ProviderClientOptions = {},
  ) {}

  get(providerId: string): OpenAI {
    let client = this.clients.get(providerId);
    if (!client) {
      const spec = this.providers[providerId];
      if (!spec)
        throw new Error(`provider "${providerId}" is not in this worker's catalog; add it to the worker's config`);
      client = createProviderClient(spec, this.options);
      this.clients.set(providerId, client);
    }
    return client;
  }
}
