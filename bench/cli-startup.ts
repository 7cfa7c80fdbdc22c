/**
 * `npm run bench:cli [-- --rounds N] [-- --cli <path/to/bin/llm-cascade.js>]`: how long the CLI takes before it does
 * anything, against bare `node -e 0` in the same run (issue 28.1: `--version` and `--help` within 0.3 s of bare
 * node, a bad-input error within 0.5 s). Each round runs every case once, in a rotated order, as a fresh process;
 * the table gives medians and what each adds over bare node. `--before <bin/llm-cascade.js>` adds another
 * checkout's CLI (built) to the same run, rows marked "before", for a before/after under the same load.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { finishMachineInfo, machineInfo } from './util/machine';
import { median, quantile, rotation } from './util/stats';
import { ms, table, verdict } from './report/format';

interface Case {
  name: string;
  args: string[];
  /** Exit code the case must end with (a bad input is 2). */
  exitCode: number;
  /** Most milliseconds it may add over bare node (undefined: the baseline itself). */
  budgetMs?: number;
}

function cases(cli: string, mark = ''): Case[] {
  return [
    { name: `llm-cascade --version${mark}`, args: [cli, '--version'], exitCode: 0, budgetMs: 300 },
    { name: `llm-cascade --help${mark}`, args: [cli, '--help'], exitCode: 0, budgetMs: 300 },
    { name: `llm-cascade report --help${mark}`, args: [cli, 'report', '--help'], exitCode: 0, budgetMs: 300 },
    {
      name: `bad input: run --max-cost-usd ten${mark}`,
      args: [cli, 'run', '-t', 'extract', '-s', 'schema.json', '-i', 'text', '--max-cost-usd', 'ten'],
      exitCode: 2,
      budgetMs: 500,
    },
    {
      name: `bad input: run --tsak (typo)${mark}`,
      args: [cli, 'run', '--tsak', 'extract'],
      exitCode: 2,
      budgetMs: 500,
    },
  ];
}

function timeOnce(entry: Case): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, entry.args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== entry.exitCode) {
    throw new Error(`${entry.name}: exit ${result.status}, expected ${entry.exitCode}: ${result.stderr}`);
  }
  return elapsed;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

function main(): void {
  const rounds = Number(option('--rounds', '15'));
  const cli = resolve(option('--cli', resolve(__dirname, '../../bin/llm-cascade.js')));
  const before = process.argv.includes('--before') ? resolve(option('--before', '')) : undefined;
  const machine = machineInfo();
  process.stderr.write(
    `CLI startup: ${cli}${before ? ` and, before, ${before}` : ''}, ${rounds} rounds on ${machine.cpuModel} × ${machine.cores}, Node ${machine.node}, ` +
      `load average ${machine.loadAverageStart}\n`,
  );
  const bare: Case = { name: 'node -e 0 (bare node)', args: ['-e', '0'], exitCode: 0 };
  const all = [bare, ...cases(cli), ...(before ? cases(before, ' (before)') : [])];
  const samples = new Map<string, number[]>(all.map((entry) => [entry.name, []]));
  for (const entry of all) timeOnce(entry); // warm the file cache: a first run reads every module from disk
  for (let round = 0; round < rounds; round++) {
    for (const entry of rotation(all, round)) samples.get(entry.name)!.push(timeOnce(entry));
  }
  const bareMs = median(samples.get(bare.name)!);
  const rows = table(['command', 'p50 ms', 'p90 ms', '+ms over bare node (p50)', 'goal', 'verdict']);
  for (const entry of all) {
    const values = samples.get(entry.name)!;
    const p50 = median(values);
    const added = p50 - bareMs;
    rows.push([
      entry.name,
      ms(p50),
      ms(quantile(values, 0.9)),
      entry.budgetMs === undefined ? '–' : ms(added),
      entry.budgetMs === undefined ? '–' : `≤ ${entry.budgetMs}`,
      entry.budgetMs === undefined ? '–' : verdict(added <= entry.budgetMs),
    ]);
  }
  const finished = finishMachineInfo(machine);
  process.stdout.write(
    `${rows.toString()}\n${machine.date}, load average ${finished.loadAverageStart} → ${finished.loadAverageEnd}\n`,
  );
}

main();
