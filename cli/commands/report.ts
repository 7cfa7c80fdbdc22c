/** `llm-cascade report`: its flags and help; what it does (cost, attempts, escalations, savings): cli/actions/report.ts. */
import { Option, type Command } from 'commander';
import type { ReportFlags } from '../actions/report';
import { REPORT_GROUPINGS } from '../report/aggregate';
import { REPORT_FORMATS, REPORT_KINDS } from '../report/query';
import { SOURCE_CHOICES, SOURCE_HELP } from '../report/choose-source';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp, positiveInteger } from '../options';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'cost report: requests, attempts, escalation rate, cost, cost per valid result, premium-only baseline and savings',
    )
    .addOption(new Option('--source <source>', SOURCE_HELP).choices(SOURCE_CHOICES))
    .option('--since <when>', 'start of the window: 90m, 24h, 7d, 2w, an ISO date, or "all"', '24h')
    .addOption(
      new Option('--by <key>', 'group by (experiment: compare the arms of A/B experiments)')
        .choices([...REPORT_GROUPINGS, 'experiment'])
        .default('task'),
    )
    .addOption(
      new Option(
        '--kind <kind>',
        "which requests: single cascades, batch items, the inline steps of jobs (your workflows' cascade() steps, agent jobs), or all",
      )
        .choices(REPORT_KINDS)
        .default('all'),
    )
    .option('--batch <workflowId>', 'only the items of this batch workflow (inline or item workflows)')
    .option('--workflow-id <id>', 'only this cascade, batch item or batch workflow (a batch: its inline items)')
    .option('--query <visibility query>', 'ANDed with the rest, e.g. \'LlmTask = "invoice" AND LlmOutcome = "ok"\'')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('--json', 'print one JSON object (the same as --format json, as in run and batch)')
    .option(
      '--limit <n>',
      '--source temporal: read at most this many workflows (one history fetch each); the store has no cap',
      positiveInteger('--limit'),
      1000,
    )
    .option(
      '--labels <file>',
      'score a batch\'s results instead: a .jsonl/.json whose items carry "expected" values (the batch input, or {"id", "expected"} lines); with --batch <id> the verdicts are also recorded in the ledger store',
    )
    .option('--results <file.jsonl>', 'with --labels: the results file of the batch to score')
    .option(
      '--errors <file.jsonl>',
      'with --labels: its errors file, for the spend of failed items (default: <results>.errors.jsonl)',
    )
    .option('-c, --config <file>', 'config file whose temporal section names the cluster')
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', 'namespace (default: the config, TEMPORAL_NAMESPACE or the profile, or default)')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .action(async (flags: ReportFlags & { json?: boolean }, command: Command) =>
      (await import('../actions/report')).reportAction(flags, command),
    );
}
