/**
 * Where every command's Temporal is: the flag, then the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, as the Temporal CLI reads them), then the config file. One function, so `run`, `batch`,
 * `worker`, `setup` and `report` never disagree about which cluster they talk to.
 */
import type { CascadeConfig } from './config';

export interface TemporalFlags {
  address?: string;
  namespace?: string;
  apiKey?: string;
}

export interface TemporalTarget {
  /** Undefined when nothing names a cluster: commands that can embed a dev server start one. */
  address?: string;
  namespace: string;
  apiKey?: string;
}

export function temporalTarget(
  flags: TemporalFlags,
  config: CascadeConfig,
  env: Record<string, string | undefined> = process.env,
): TemporalTarget {
  return {
    address: flags.address || env.TEMPORAL_ADDRESS || config.temporal.address || undefined,
    namespace: flags.namespace || env.TEMPORAL_NAMESPACE || config.temporal.namespace,
    apiKey: flags.apiKey || env.TEMPORAL_API_KEY || undefined,
  };
}

/** The cluster a command that needs an existing server talks to: the local default when nothing names one. */
export const DEFAULT_ADDRESS = 'localhost:7233';

/**
 * The workflow list's columns for cost, tier and model: the Temporal UI keeps its table layout and saved views in
 * the browser, so no server call can add them; `setup` and `dev` print how (docs/observability.md has the detail).
 */
export function listColumnsHint(uiUrl: string | undefined, namespace: string): string {
  const query = encodeURIComponent('LlmCostUsd > 0');
  const list = uiUrl ? ` (${uiUrl}/namespaces/${namespace}/workflows?query=${query})` : '';
  return (
    `cost, tier and model in the workflow list${list}: "Configure workflow table" → add LlmCostUsd, LlmTier, LlmModel; ` +
    'then save the filter as a view'
  );
}

/** `--api-key`, the same on every command that talks to a cluster. */
export const API_KEY_FLAG = '--api-key <key>';
export const API_KEY_HELP = 'Temporal API key (default: TEMPORAL_API_KEY); turns TLS on, as Temporal Cloud requires';

/** Connection options for a target: an API key turns TLS on (client and worker connections alike). */
export function connectOptions(
  address: string,
  apiKey: string | undefined,
): { address: string; apiKey?: string; tls?: true } {
  return { address, ...(apiKey && { apiKey, tls: true as const }) };
}
