/** `llm-cascade report`: cost, attempts, escalations and savings from visibility and each request's ledger. */
import { Option, type Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { REPORT_GROUPINGS, aggregateReport, type ReportGrouping } from '../report/aggregate';
import { compareExperiments, formatExperiments } from '../report/experiment';
import { REPORT_FORMATS, formatReport, type ReportFormat } from '../report/format';
import { REPORT_KINDS, buildReportQuery, parseSince, type ReportKind } from '../report/query';
import { truncationWarning } from '../report/format';
import { readRuns } from '../report/source';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { connectCluster, type ClusterFlags } from './setup';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';
import { scoreFiles, scoreText } from '../report/score';
import { itemVerdicts, requestVerdicts } from '../report/label-verdicts';
import { selectedRequests } from '../../store/query/selected';
import { storePresence, storeReportText, withStore } from '../report/store-source';
import { SOURCE_CHOICES, SOURCE_HELP, chooseSource, type SourceFlag } from '../report/choose-source';

interface ReportFlags extends ClusterFlags {
  /** Absent: the store when there is one (choose-source.ts). */
  source?: SourceFlag;
  since: string;
  by: ReportGrouping | 'experiment';
  kind: ReportKind;
  batch?: string;
  workflowId?: string;
  query?: string;
  format: ReportFormat;
  limit: number;
  labels?: string;
  results?: string;
  errors?: string;
  /** False when --since is its default: a named workflow or batch is then reported whenever it ran. */
  sinceGiven?: boolean;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--limit must be a positive integer, got "${value}"`,
    });
  }
  return number;
}

/** Runs a report and returns its text (table, CSV or JSON). */
export async function runReport(flags: ReportFlags): Promise<string> {
  const whole = (flags.workflowId !== undefined || flags.batch !== undefined) && !flags.sinceGiven;
  const since = whole ? undefined : parseSince(flags.since);
  const ledger = loadConfig(flags.config).worker.ledger;
  const source = chooseSource({
    ...(flags.source !== undefined && { flag: flags.source }),
    ...storePresence(ledger),
    visibilityQuery: flags.query !== undefined,
  });
  if (source === 'store')
    return storeReportText(ledger, {
      by: flags.by,
      since,
      format: flags.format,
      kind: flags.kind,
      ...(flags.batch !== undefined && { batch: flags.batch }),
      ...(flags.workflowId !== undefined && { workflowId: flags.workflowId }),
    });
  const query = buildReportQuery({
    since,
    kind: flags.kind,
    batchId: flags.batch,
    workflowId: flags.workflowId,
    query: flags.query,
  });
  const { connection, namespace } = await connectCluster(flags);
  try {
    // Ledgers are read from history: with `encryption` in the config they are decrypted with its keys.
    const client = cliClient(connection, namespace, loadConfig(flags.config));
    let read;
    try {
      read = await readRuns(client, { query, limit: flags.limit });
    } catch (error) {
      // The client wraps the gRPC error (code 3, INVALID_ARGUMENT: the query does not parse or names an unknown attribute).
      const grpc = ((error as { cause?: unknown }).cause ?? error) as {
        code?: number;
        details?: string;
        message?: string;
      };
      if (grpc.code === 3) {
        throw new CascadeConfigError({
          code: ConfigErrorCode.InvalidRequest,
          message: `visibility rejected the query ${query}: ${grpc.details ?? grpc.message}. Check --query; run \`llm-cascade setup\` if an Llm* attribute is unknown`,
          cause: error,
        });
      }
      throw error;
    }
    const context = { query, namespace, truncated: read.truncated, limit: flags.limit };
    // CSV has no room for a sentence: the warning goes to stderr (tables and JSON carry it themselves).
    if (read.truncated && flags.format === 'csv') process.stderr.write(`${truncationWarning(flags.limit)}\n`);
    if (flags.by === 'experiment') return formatExperiments(compareExperiments(read.runs), context, flags.format);
    const report = aggregateReport(read.runs, flags.by);
    return formatReport(report, { query, namespace, truncated: read.truncated, limit: flags.limit }, flags.format);
  } finally {
    await connection.close();
  }
}

/**
 * `report --labels`: scores a batch's files; with `--batch <id>` and a ledger store, also records each verdict on
 * the batch's request that gave the answer (store reports then show cost per correct result).
 */
export async function runLabels(flags: ReportFlags & { labels: string }): Promise<string> {
  const scored = scoreFiles(flags);
  const batchId = flags.batch;
  if (batchId === undefined) return scoreText(scored, flags);
  const ledger = loadConfig(flags.config).worker.ledger;
  const source = chooseSource({
    ...(flags.source !== undefined && { flag: flags.source }),
    ...storePresence(ledger),
    visibilityQuery: false,
  });
  if (source !== 'store') return scoreText(scored, flags);
  const recorded = await withStore(ledger, async (store, where) => {
    const requests = await selectedRequests(store.engine, { batchId });
    const verdicts = requestVerdicts(requests, batchId, itemVerdicts(scored.lines, scored.labels, scored.score));
    const applied = await store.apply(verdicts.map((verdict) => ({ op: 'label' as const, verdict })));
    return { store: where, batchId, recorded: applied.labels };
  });
  return scoreText(scored, flags, recorded);
}

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
      positiveInteger,
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
    .action(async (given: ReportFlags & { json?: boolean }, command: Command) => {
      const flags: ReportFlags = given.json ? { ...given, format: 'json' } : given;
      if (flags.labels !== undefined) {
        process.stdout.write(await runLabels({ ...flags, labels: flags.labels }));
        return;
      }
      if (flags.results !== undefined || flags.errors !== undefined) {
        throw new CascadeConfigError({
          code: ConfigErrorCode.InvalidRequest,
          message: '--results and --errors score a batch against labels: add --labels <file>',
        });
      }
      process.stdout.write(
        await runReport({ ...flags, sinceGiven: command.getOptionValueSource('since') !== 'default' }),
      );
    });
}
