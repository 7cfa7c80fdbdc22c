/**
 * `llm-cascade explain <workflow id>`: one workflow's ledger, every attempt with its tokens and cost. From the
 * ledger store by default (no worker needed, and after the history is gone), from its history with
 * `--source temporal`.
 */
import { Option, type Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { SOURCE_CHOICES, SOURCE_HELP, chooseSource, type SourceFlag } from '../report/choose-source';
import { explainJson, explainText } from '../report/explain-format';
import { buildReportQuery } from '../report/query';
import { readRuns } from '../report/source';
import { storePresence, withStore } from '../report/store-source';
import { storedRun } from '../report/store-runs';
import type { ReportRun } from '../report/aggregate';
import { connectCluster, type ClusterFlags } from './setup';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';

interface ExplainFlags extends ClusterFlags {
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
    .action(async (workflowId: string, flags: ExplainFlags) => {
      process.stdout.write(await runExplain(workflowId, flags));
    });
}
