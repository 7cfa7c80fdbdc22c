/** `llm-cascade report`: cost, attempts, escalations and savings from the ledger store or each request's ledger in history. */
import { type Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { aggregateReport, type ReportGrouping } from '../report/aggregate';
import { compareExperiments, formatExperiments } from '../report/experiment';
import { formatReport, type ReportFormat } from '../report/format';
import { buildReportQuery, parseSince, type ReportKind } from '../report/query';
import { truncationWarning } from '../report/format';
import { readRuns } from '../report/source';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { connectCluster, type ClusterFlags } from './setup';
import { scoreFiles, scoreText } from '../report/score';
import { itemVerdicts, requestVerdicts } from '../report/label-verdicts';
import { selectedRequests } from '../../store/query/selected';
import { storePresence, storeReportText, withStore } from '../report/store-source';
import { chooseSource, type SourceFlag } from '../report/choose-source';
import { gateRates, withGateRates } from '../report/gate-rates';

export interface ReportFlags extends ClusterFlags {
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
    const text = formatReport(
      report,
      { query, namespace, truncated: read.truncated, limit: flags.limit },
      flags.format,
    );
    const gates = gateRates(read.runs.flatMap((run) => run.attempts.map((attempt) => attempt.verdicts)));
    // CSV has no room for a sentence: a verifier's warning goes to stderr, as the truncation warning does.
    if (flags.format === 'csv')
      for (const gate of gates) if (gate.warning) process.stderr.write(`WARNING: ${gate.warning}\n`);
    return withGateRates(text, gates, flags.format);
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

export async function reportAction(given: ReportFlags & { json?: boolean }, command: Command): Promise<void> {
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
  process.stdout.write(await runReport({ ...flags, sinceGiven: command.getOptionValueSource('since') !== 'default' }));
}
