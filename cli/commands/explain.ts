/** `llm-cascade explain <workflow id>`: its flags and help; what it does (one workflow's ledger): cli/actions/explain.ts. */
import { Option, type Command } from 'commander';
import type { ExplainFlags } from '../actions/explain';
import { SOURCE_CHOICES, SOURCE_HELP } from '../report/choose-source';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../options';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description("a workflow's ledger: every attempt of its requests (steps, batch items) with tokens and cost")
    .argument('<workflowId>', 'a cascade, batch item, job or batch workflow id')
    .addOption(new Option('--source <source>', SOURCE_HELP).choices(SOURCE_CHOICES))
    .option('--json', 'print one JSON object')
    .option('-c, --config <file>', 'config file: its ledger section names the store, its temporal section the cluster')
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', 'namespace (default: the config, TEMPORAL_NAMESPACE or the profile, or default)')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .action(async (workflowId: string, flags: ExplainFlags) =>
      (await import('../actions/explain')).explainAction(workflowId, flags),
    );
}
