/**
 * `llm-cascade explain <workflow id>`: one workflow's ledger, every attempt with its tokens and cost. From the
 * ledger store by default (no worker needed, and after the history is gone), from its history with
 * `--source temporal`.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { chooseSource, type SourceFlag } from '../report/choose-source';
import { explainJson, explainText } from '../report/explain-format';
import { buildReportQuery } from '../report/query';
import { readRuns } from '../report/source';
import { storePresence, withStore } from '../report/store-source';
import { storedRun } from '../report/store-runs';
import type { ReportRun } from '../report/aggregate';
import { connectCluster, type ClusterFlags } from './setup';

export interface ExplainFlags extends ClusterFlags {
  source?: SourceFlag;
  json?: boolean;
}

/** The workflow's ledger as text or JSON. */
export async function runExplain(workflowId: string, flags: ExplainFlags): Promise<string> {
  const config = loadConfig(flags.config);
  const ledger = config.worker.ledger;
  const source = chooseSource({
    ...(flags.source !== undefined && { flag: flags.source }),
    ...storePresence(ledger),
    visibilityQuery: false,
  });
  let read: { runs: ReportRun[]; from: string };
  if (source === 'store') {
    read = await withStore(ledger, async (store, where) => ({
      runs: (await store.requestLedger(workflowId)).map(storedRun),
      from: `the ledger store ${where}`,
    }));
  } else {
    const { connection, namespace } = await connectCluster(flags);
    try {
      const client = cliClient(connection, namespace, config);
      const { runs } = await readRuns(client, { query: buildReportQuery({ workflowId }), limit: 1000 });
      read = { runs, from: `namespace ${namespace}` };
    } finally {
      await connection.close();
    }
  }
  if (read.runs.length === 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message:
        `no request of workflow "${workflowId}" in ${read.from}` +
        (source === 'store'
          ? ': check the id, or read its history with --source temporal (a batch that ran item workflows: explain an item)'
          : ': check the id and --namespace (a history deleted by retention is gone: the ledger store keeps it)'),
    });
  }
  const context = { workflowId, from: read.from };
  return flags.json ? `${JSON.stringify(explainJson(read.runs, context), null, 2)}\n` : explainText(read.runs, context);
}

export async function explainAction(workflowId: string, flags: ExplainFlags): Promise<void> {
  process.stdout.write(await runExplain(workflowId, flags));
}
