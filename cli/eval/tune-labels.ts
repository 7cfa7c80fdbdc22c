/**
 * `llm-cascade tune --labels`: measures each tier's first candidate on the labelled items (gates off and on, as
 * `eval` does), then proposes the start tier and gate setting with the lowest cost per correct result (`choose.ts`);
 * `--apply` writes the start tier into the config with a dated note (the gates are reported, not rewritten: turning a
 * check off is a decision about a task's risks that a cost table should inform, not make).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { microToUsd } from '../../catalog/pricing';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { loadConfig } from '../config';
import { usd } from '../format';
import { editRoute } from '../tune/edit-config';
import { assertConfigLoads } from '../tune/write-config';
import { startOptions, type StartOption } from './choose';
import { runEval, type EvalFlags } from './command';
import { moneyJson } from '../json-money';

export interface TuneLabelsFlags extends Omit<
  EvalFlags,
  'gates' | 'candidates' | 'tiers' | 'verifier' | 'concurrency'
> {
  apply?: boolean;
  concurrency?: number;
}

export interface TuneLabelsResult {
  task: string;
  current: string;
  options: StartOption[];
  chosen?: StartOption;
  applied?: string;
}

export async function tuneFromLabels(
  flags: TuneLabelsFlags,
  today = new Date().toISOString().slice(0, 10),
): Promise<string> {
  if (flags.apply && !flags.config) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: '--apply writes into a config file: give it with --config <file>',
    });
  }
  const task = flags.task ?? (flags.simulated ? 'extract' : undefined);
  const config = loadConfig(flags.config);
  const route = task ? config.catalog.routes[task] : undefined;
  if (!task || !route) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.UnknownTask,
      message: `tune --labels needs --task <task>, a route of ${config.origin} (known: ${Object.keys(config.catalog.routes).join(', ')})`,
    });
  }
  const say = flags.json ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);
  const firsts = route.tiers.map((tier) => tier.candidates[0]!);
  const outcome = await runEval(
    { ...flags, task, candidates: firsts, gates: 'both', concurrency: flags.concurrency ?? 8 },
    say,
  );
  const measured = outcome.measured
    .filter(({ run }) => run.ref === route.tiers[run.tierIndex]!.candidates[0])
    .map(({ run, answers }) => ({ tier: run.tier, gates: run.gates, answers }));
  const options = startOptions(
    route.tiers.map((tier) => tier.name),
    measured,
    outcome.labels,
  );
  const current = route.startTier ?? route.tiers[0]!.name;
  const result: TuneLabelsResult = { task, current, options, ...(options[0] && { chosen: options[0] }) };
  if (flags.apply && result.chosen && result.chosen.startTier !== current) {
    const path = resolve(flags.config!);
    const chosen = result.chosen;
    const note = `${today}: llm-cascade tune --labels: start tier ${current} → ${chosen.startTier} (cost per correct result ${money(chosen.costPerCorrectMicroUsd)}, ${chosen.correct}/${chosen.items} correct, gates ${chosen.gates}) on ${chosen.items} labelled items`;
    const text = editRoute(readFileSync(path, 'utf8'), task, route, (edited) => ({
      ...edited,
      startTier: chosen.startTier,
      tuned: note,
    }));
    assertConfigLoads(path, text);
    writeFileSync(path, text);
    result.applied = note;
  }
  if (flags.json) return `${JSON.stringify(moneyJson(result))}\n`;
  return formatTuneLabels(result);
}

const money = (micro: number | null) => (micro === null ? 'n/a' : usd(microToUsd(micro)));

export function formatTuneLabels(result: TuneLabelsResult): string {
  const lines = [
    `tune --labels: ${result.task}, start tier now ${result.current}; each option replayed on the labelled items (cost per correct result, cheapest first):`,
    ...result.options.map(
      (option) =>
        `  start ${option.startTier.padEnd(10)} gates ${option.gates.padEnd(3)}  ${String(option.correct).padStart(4)}/${option.items} correct  ${money(option.costMicroUsd)} in all  ${money(option.costPerCorrectMicroUsd)} per correct result`,
    ),
  ];
  const chosen = result.chosen;
  if (!chosen) lines.push('no option gave a correct result: nothing to propose');
  else {
    lines.push(
      '',
      `proposal: start at ${chosen.startTier} with gates ${chosen.gates}${chosen.startTier === result.current ? ' (the start tier stays)' : ''}`,
    );
    if (result.applied) lines.push(`applied: ${result.applied} (restart the workers to use it)`);
    else if (chosen.startTier !== result.current)
      lines.push('run again with --apply --config <file> to write the start tier');
  }
  return `${lines.join('\n')}\n`;
}
