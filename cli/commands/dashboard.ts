/**
 * `llm-cascade dashboard`: its flags and help; what it does (a local web page of spend over time and by task, model,
 * tier, provider, session, gateway key and experiment arm, read from the ledger store: docs/dashboard.md):
 * cli/actions/dashboard.ts.
 */
import type { Command } from 'commander';
import { HOST_HELP, parseHost, parsePort } from '../listen-flags';
import type { DashboardFlags } from '../dashboard/run';

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description(
      'serve a local web page of spend from the ledger store: over time, by task, model, tier, provider, session, key and experiment arm; pass and escalation rates; savings; budgets; the dearest requests and the failures',
    )
    .option('-c, --config <file>', 'config file: its `ledger` (which store), `temporal.uiUrl` and `gateway` keys')
    .option('--port <port>', 'port to listen on (0: a free one)', parsePort('--port'), 8234)
    .option(
      '--host <address>',
      `${HOST_HELP('dashboard')}; off loopback it needs --token-env`,
      parseHost('--host'),
      '127.0.0.1',
    )
    .option(
      '--token-env <name>',
      'environment variable holding a token every request must carry (required off loopback)',
    )
    .option(
      '--ui-url <url>',
      'the Temporal Web UI, for links to each run (default: temporal.uiUrl, else http://localhost:8233)',
    )
    .option(
      '--namespace <ns>',
      'namespace of the runs the links open (default: the config, TEMPORAL_NAMESPACE, or default)',
    )
    .action(async (flags: DashboardFlags) => (await import('../actions/dashboard')).dashboardAction(flags));
}
