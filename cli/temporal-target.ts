/**
 * Where every command's Temporal is, in one order for every field: the flag, then the config file's `temporal`
 * section, then Temporal's environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_* over the `temporal.toml` profile), then the default (connect/target.ts merges them). One function,
 * so `run`, `batch`, `worker`, `serve`, `setup`, `report`, `tune` and `agent` never disagree about which cluster they
 * talk to or how.
 */
import { profileLayer } from '../connect/profile';
import { resolveTarget, type TemporalTarget } from '../connect/target';
import type { CascadeConfig } from './config';

export { DEFAULT_ADDRESS } from '../connect/target';
/** The flags' names and help moved to the light cli/options.ts (command definitions load it). */
export { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from './options';

export interface TemporalFlags {
  address?: string;
  namespace?: string;
  apiKey?: string;
  /** A `temporal.toml` profile (`--profile`). */
  profile?: string;
}

export function temporalTarget(
  flags: TemporalFlags,
  config: Pick<CascadeConfig, 'temporal' | 'origin'>,
  env: Record<string, string | undefined> = process.env,
): TemporalTarget {
  return resolveTarget([
    { name: '--address', layer: { address: flags.address, namespace: flags.namespace, apiKey: flags.apiKey } },
    {
      name: `the config file ${config.origin}`,
      layer: { address: config.temporal.address, namespace: config.temporal.namespace },
    },
    profileLayer({ profile: flags.profile || config.temporal.profile, env }),
  ]);
}

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
