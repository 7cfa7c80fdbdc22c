/** `llm-cascade report`: cost, attempts, escalations and savings from visibility and each request's ledger. */
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
import { scoreReport } from '../report/score';
import { storeReportText } from '../report/store-source';

export interface ReportFlags extends ClusterFlags {
  source?: 'history' | 'store';
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
  if (flags.source === 'store') return runStoreReport(flags);
  const whole = (flags.workflowId !== undefined || flags.batch !== undefined) && !flags.sinceGiven;
  const since = whole ? undefined : parseSince(flags.since);
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

/** The report from the ledger store: every request it keeps in the window, whatever the histories still hold. */
async function runStoreReport(flags: ReportFlags): Promise<string> {
  const historyOnly = [
    flags.by === 'experiment' && '--by experiment',
    flags.batch !== undefined && '--batch',
    flags.workflowId !== undefined && '--workflow-id',
    flags.query !== undefined && '--query',
    flags.kind !== 'all' && '--kind',
  ].filter((flag): flag is string => typeof flag === 'string');
  if (historyOnly.length > 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `${historyOnly.join(', ')}: read from histories only for now; drop it, or use --source history`,
    });
  }
  const by = flags.by as ReportGrouping;
  return storeReportText(loadConfig(flags.config).worker.ledger, {
    by,
    since: parseSince(flags.since),
    format: flags.format,
  });
}

export async function reportAction(given: ReportFlags & { json?: boolean }, command: Command): Promise<void> {
  const flags: ReportFlags = given.json ? { ...given, format: 'json' } : given;
  if (flags.labels !== undefined) {
    process.stdout.write(scoreReport({ ...flags, labels: flags.labels }));
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
