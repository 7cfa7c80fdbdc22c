/** `llm-cascade tune`: per task, the start tier and candidate order the recorded ledgers support; `--apply` writes them. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { buildReportQuery, parseSince } from '../report/query';
import { readRuns } from '../report/source';
import { editRoute } from '../tune/edit-config';
import { assertConfigLoads } from '../tune/write-config';
import { changes, formatProposal, tunedNote } from '../tune/format';
import { proposeFromCounts, type TaskProposal } from '../tune/propose';
import { taskCounts } from '../tune/counts';
import { chooseSource, type SourceFlag } from '../report/choose-source';
import { storePresence, withStore } from '../report/store-source';
import { connectCluster, type ClusterFlags } from './setup';
import { plural } from '../../catalog/plural';
import { moneyJson } from '../json-money';

export interface TuneFlags extends ClusterFlags {
  since: string;
  task?: string;
  apply?: boolean;
  json?: boolean;
  minSamples: number;
  limit: number;
  query?: string;
  /** Absent: the store when there is one (choose-source.ts). */
  source?: SourceFlag;
}

/** Reads the ledgers, proposes per task, applies when asked; returns the text to print. */
export async function runTune(flags: TuneFlags, today = new Date().toISOString().slice(0, 10)): Promise<string> {
  if (flags.apply && !flags.config)
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: '--apply writes into a config file: give it with --config <file>',
    });
  const config = loadConfig(flags.config);
  const routes = config.catalog.routes;
  if (flags.task !== undefined && !routes[flags.task])
    throw new CascadeConfigError({
      code: ConfigErrorCode.UnknownTask,
      message: `no route for task "${flags.task}" in ${config.origin} (known tasks: ${Object.keys(routes).join(', ')})`,
    });
  const since = parseSince(flags.since);
  const source = chooseSource({
    ...(flags.source !== undefined && { flag: flags.source }),
    ...storePresence(config.worker.ledger),
    visibilityQuery: flags.query !== undefined,
  });
  const tierNames = (task: string) => routes[task]!.tiers.map((tier) => tier.name);
  const read =
    source === 'store'
      ? await withStore(config.worker.ledger, async (store, where) => ({
          counts: await store.tuneInputs({
            ...(since && { sinceMs: since.getTime() }),
            ...(flags.task !== undefined && { task: flags.task }),
          }),
          from: { store: where },
          truncated: false,
        }))
      : await readHistoryCounts(flags, config, since, tierNames);
  // A task asked for by name is proposed for even without data: its "not enough data" lines say what is missing.
  const known =
    flags.task !== undefined
      ? [
          read.counts.find((counts) => counts.task === flags.task) ?? {
            task: flags.task,
            requests: 0,
            classifierMicroUsd: 0,
            tiers: [],
            candidates: [],
          },
        ]
      : read.counts.filter((counts) => routes[counts.task]).sort((a, b) => a.task.localeCompare(b.task));
  const proposals: TaskProposal[] = known.map((counts) => {
    const route = routes[counts.task]!;
    const startTier = Math.max(
      0,
      route.tiers.findIndex((tier) => tier.name === route.startTier),
    );
    return proposeFromCounts(
      counts,
      { tiers: route.tiers.map(({ name, candidates }) => ({ name, candidates })), startTier },
      { minSamples: flags.minSamples },
    );
  });
  const sinceText = since ? since.toISOString().slice(0, 10) : 'the start';
  const applied: string[] = [];
  if (flags.apply) {
    const path = resolve(flags.config!);
    let text = readFileSync(path, 'utf8');
    for (const proposal of proposals.filter(changes)) {
      const note = tunedNote(proposal, today, sinceText);
      text = editRoute(text, proposal.task, routes[proposal.task]!, (route) => ({
        ...route,
        ...(proposal.startTier && { startTier: proposal.startTier.tier }),
        ...(proposal.candidateOrders.length > 0 && {
          tiers: (route.tiers as { name: string; candidates: string[] }[]).map((tier) => {
            const order = proposal.candidateOrders.find((o) => o.tier === tier.name);
            return order ? { ...tier, candidates: order.to } : tier;
          }),
        }),
        tuned: note,
      }));
      applied.push(`${proposal.task}: ${note}`);
    }
    assertConfigLoads(path, text);
    if (applied.length > 0) writeFileSync(path, text);
  }
  if (flags.json)
    return `${JSON.stringify(moneyJson({ ...read.from, truncated: read.truncated, proposals, applied }), null, 2)}\n`;
  const requests = read.counts.reduce((sum, counts) => sum + counts.requests, 0);
  const from = 'store' in read.from ? `the ledger store ${read.from.store}` : read.from.query;
  const lines = [
    `tune: ${plural(requests, 'finished request')} (${from})${read.truncated ? `, only the newest ${flags.limit} workflows` : ''}`,
  ];
  if (proposals.length === 0) lines.push('no recorded requests of a task in this config: nothing to tune yet');
  for (const proposal of proposals) lines.push('', formatProposal(proposal));
  lines.push('');
  if (flags.apply)
    lines.push(
      applied.length > 0
        ? `applied to ${flags.config} (restart the workers to use it):\n${applied.map((line) => `  ${line}`).join('\n')}`
        : 'nothing to apply',
    );
  else if (proposals.some(changes)) lines.push('run again with --apply --config <file> to write these changes');
  return `${lines.join('\n')}\n`;
}

/** `--source temporal`: every matching history read (newest `--limit`), counted per task as the store counts. */
async function readHistoryCounts(
  flags: TuneFlags,
  config: ReturnType<typeof loadConfig>,
  since: Date | undefined,
  tierNames: (task: string) => string[],
) {
  // Filtered by task after reading, not in the query: the LlmTask search attribute may not be registered.
  const query = buildReportQuery({ since, kind: 'all', query: flags.query });
  const { connection, namespace } = await connectCluster(flags);
  try {
    const { runs, truncated } = await readRuns(cliClient(connection, namespace, config), { query, limit: flags.limit });
    const tasks = [...new Set(runs.map((run) => run.task ?? ''))].filter((task) => config.catalog.routes[task]);
    const counts = tasks.map((task) =>
      taskCounts(
        task,
        runs.filter((run) => run.task === task),
        tierNames(task),
      ),
    );
    return { counts, from: { namespace, query }, truncated };
  } finally {
    await connection.close();
  }
}

/** `tune`, or with `--labels` `tune` from labelled items (cli/eval/tune-labels.ts). */
export async function tuneAction(
  flags: TuneFlags & { labels?: string; input?: string; schema?: string; simulated?: boolean },
): Promise<void> {
  if (flags.labels !== undefined) {
    // Runs a worker and the checks: loaded only in this mode.
    const { tuneFromLabels } = await import('../eval/tune-labels');
    const { limit: _limit, ...rest } = flags;
    process.stdout.write(await tuneFromLabels({ ...rest, labels: flags.labels }));
    return;
  }
  process.stdout.write(await runTune(flags));
}
