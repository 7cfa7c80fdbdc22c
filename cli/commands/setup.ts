/** `llm-cascade setup`: its flags and help; what it does (registers the search attributes): cli/actions/setup.ts. */
import type { Command } from 'commander';
import type { ClusterFlags } from '../actions/setup';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../options';

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description(
      "register llm-cascade's search attributes (cost, attempts, task, tier, model, outcome, session) on a cluster",
    )
    .option('-c, --config <file>', 'config file whose temporal section names the cluster')
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option(
      '--namespace <ns>',
      'namespace to register them in (default: the config, TEMPORAL_NAMESPACE or the profile, or default)',
    )
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .action(async (flags: ClusterFlags) => (await import('../actions/setup')).setupAction(flags));
}
