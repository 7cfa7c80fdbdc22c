/**
 * Every section of a config file that a command parses only when it needs it (`gateway` by `serve`, `agents` by
 * `agent start`), checked at once: `catalog show` says a config is valid only when every command that reads it
 * would accept it, instead of `serve` failing on a section `catalog show` passed.
 */
import type { CascadeConfig } from './config';

/**
 * Parses the config's gateway and agent sections as `serve` and `agent start` do.
 * @throws CascadeConfigError naming the section and what to fix (the CLI exits 2).
 */
export async function checkLateSections(config: CascadeConfig): Promise<void> {
  if (config.gateway !== undefined) {
    const { parseGatewayConfig } = await import('../gateway/config');
    parseGatewayConfig(config.gateway, config.origin);
  }
  const agents = Object.entries(config.agents ?? {});
  if (agents.length === 0) return;
  // The agent client brings the Temporal client: loaded only for a config that has agents.
  const { agentFromConfig } = await import('../client/agent-client');
  for (const [name, value] of agents) agentFromConfig(name, value);
}
