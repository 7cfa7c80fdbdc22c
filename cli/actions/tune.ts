/** `llm-cascade tune`: per task, the start tier and candidate order the recorded ledgers support; `--apply` writes them. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { buildReportQuery, parseSince } from '../report/query';
import { readRuns } from '../report/source';
import { editRoute } from '../tune/edit-config';
import { changes, formatProposal, tunedNote } from '../tune/format';
import { proposeTask, type TaskProposal } from '../tune/propose';
import { connectCluster, type ClusterFlags } from './setup';
import { plural } from '../../catalog/plural';

export interface TuneFlags extends ClusterFlags {
  since: string;
  task?: string;
  apply?: boolean;
  json?: boolean;
  minSamples: number;
  limit: number;
  query?: string;
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
  // Filtered by task after reading, not in the query: the LlmTask search attribute may not be registered.
  const query = buildReportQuery({ since, kind: 'all', query: flags.query });
  const { connection, namespace } = await connectCluster(flags);
  let read;
  try {
    const client = cliClient(connection, namespace, config);
    read = await readRuns(client, { query, limit: flags.limit });
  } finally {
    await connection.close();
  }
  const tasks = flags.task !== undefined ? [flags.task] : [...new Set(read.runs.map((run) => run.task ?? ''))];
  const proposals: TaskProposal[] = tasks
    .filter((task) => routes[task])
    .map((task) => {
      const route = routes[task]!;
      const startTier = Math.max(
        0,
        route.tiers.findIndex((tier) => tier.name === route.startTier),
      );
      return proposeTask(
        task,
        read.runs.filter((run) => run.task === task),
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
    // Never leave a config the worker would refuse: the edited text must load before it is written.
    const check = `${path}.tune-check.json`;
    writeFileSync(check, text);
    try {
      loadConfig(check);
    } finally {
      rmSync(check, { force: true });
    }
    if (applied.length > 0) writeFileSync(path, text);
  }
  if (flags.json)
    return `${JSON.stringify({ query, namespace, truncated: read.truncated, proposals, applied }, null, 2)}\n`;
  const lines = [
    `tune: ${plural(read.runs.length, 'request')} (${query})${read.truncated ? `, only the newest ${flags.limit}` : ''}`,
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

export async function tuneAction(flags: TuneFlags): Promise<void> {
  process.stdout.write(await runTune(flags));
}
