/** `llm-cascade tune`: per task, the start tier and candidate order the recorded ledgers support; `--apply` writes them. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { cliClient } from '../client';
import { loadConfig } from '../config';
import { buildReportQuery, parseSince } from '../report/query';
import { readRuns } from '../report/source';
import { editRoute } from '../tune/edit-config';
import { changes, formatProposal, tunedNote } from '../tune/format';
import { proposeTask, type TaskProposal } from '../tune/propose';
import { connectCluster, type ClusterFlags } from './setup';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';
import { plural } from '../../catalog/plural';
import { CHECK_FLAG_HELP, CHECKS_FILE_HELP, collectCheck } from '../check-flags';
import { moneyJson } from '../json-money';

interface TuneFlags extends ClusterFlags {
  since: string;
  task?: string;
  apply?: boolean;
  json?: boolean;
  minSamples: number;
  limit: number;
  query?: string;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0)
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `${flag} must be a positive integer, got "${value}"`,
      });
    return number;
  };
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
    return `${JSON.stringify(moneyJson({ query, namespace, truncated: read.truncated, proposals, applied }), null, 2)}\n`;
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

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description(
      'per task, the start tier and candidate order the recorded ledgers support (lowest expected cost per valid result); --apply writes them into the config',
    )
    .option('--since <when>', 'start of the window: 90m, 24h, 7d, 2w, an ISO date, or "all"', '7d')
    .option('--task <task>', 'only this task')
    .option('--query <visibility query>', 'ANDed with the rest, e.g. \'TaskQueue = "invoices"\'')
    .option('--apply', 'write the changes into the config file (with a dated note in the route)', false)
    .option('--json', 'print the proposals and the data behind them as JSON', false)
    .option(
      '--min-samples <n>',
      'fewest requests per tier (first attempts per candidate) to trust',
      positiveInteger('--min-samples'),
      20,
    )
    .option(
      '--limit <n>',
      'read at most this many workflows (one history fetch each)',
      positiveInteger('--limit'),
      5000,
    )
    .option(
      '-c, --config <file>',
      'config file: its routes are tuned (and written with --apply); its temporal section names the cluster',
    )
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', 'namespace (default: the config, TEMPORAL_NAMESPACE or the profile, or default)')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option(
      '--labels <file>',
      'tune from labelled items instead of the recorded ledgers: each tier measured on them (as `eval` does), start tier and gates chosen by cost per correct result',
    )
    .option('-i, --input <file>', 'with --labels: the texts, when the labels file holds only ids and expected values')
    .option('-s, --schema <file.json>', 'with --labels: the JSON Schema every answer must validate against')
    .option('--instructions <text|@file>', 'with --labels: system instructions placed before each item')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--simulated', "with --labels: answer with the demo's simulated providers (no keys, nothing spent)")
    .action(async (flags: TuneFlags & { labels?: string; input?: string; schema?: string; simulated?: boolean }) => {
      if (flags.labels !== undefined) {
        // Runs a worker and the checks: loaded only in this mode.
        const { tuneFromLabels } = await import('../eval/tune-labels');
        const { limit: _limit, ...rest } = flags;
        process.stdout.write(await tuneFromLabels({ ...rest, labels: flags.labels }));
        return;
      }
      process.stdout.write(await runTune(flags));
    });
}
