/**
 * `npm run bench:checks [-- --split tune|held|both] [--recipe invoice|grounding]`: the checks measured against
 * labels. Every invoice of the labelled multilingual set (`bench/invoice-set/`, 7 languages) is checked twice
 * over: its correct extraction, and each wrong answer of the kinds small models give. Prints, per check and for the
 * whole recipe, a confusion table (wrong answers rejected, right answers rejected, wrong answers passed), by kind of
 * wrong answer and by language, and writes bench/results/quality-checks.json. No model, no server: the checks
 * are deterministic code, so this is their exact behaviour on the set.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckSpec } from '../catalog/checks';
import { runChecks } from '../activities/checks';
import { dayNumber } from '../activities/checks/dates';
import { GROUNDING_ONLY, INVOICE_CHECKS } from '../demo/recipes';
import type { LabelledInvoice } from './invoice-set/generate';
import { BENCH_DIR } from './peers/install';

/** A fixed "today" after every invoice of the set, so `dateWindow` judges them all alike. */
const TODAY = dayNumber(2025, 12, 31)!;

interface Tally {
  wrongSeen: number;
  wrongRejected: number;
  rightSeen: number;
  rightRejected: number;
}

const empty = (): Tally => ({ wrongSeen: 0, wrongRejected: 0, rightSeen: 0, rightRejected: 0 });

function checkName(spec: CheckSpec): string {
  if (spec.check === 'custom') return `custom:${spec.name}`;
  const extra =
    spec.check === 'near'
      ? `:${spec.preset ?? spec.labels?.join('|')}`
      : spec.check === 'sum'
        ? `=${spec.of.join('+')}`
        : spec.check === 'differs' || spec.check === 'term'
          ? `:from=${spec.from}`
          : '';
  return `${spec.check} ${spec.fields.join(',')}${extra}`;
}

/** The top-level field a check spec reads (`lineItems[].amount` → `lineItems`). */
function reads(spec: CheckSpec, field: string): boolean {
  return spec.check !== 'custom' && spec.fields.some((path) => path.split(/[.[]/)[0] === field);
}

export function loadSet(split: 'tune' | 'held'): LabelledInvoice[] {
  const file = join(BENCH_DIR, 'invoice-set', `${split}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledInvoice);
}

export interface Measured {
  split: string;
  recipe: string;
  invoices: number;
  perCheck: Record<string, Tally>;
  overall: Tally;
  byKind: Record<string, Tally>;
  byLanguage: Record<string, Tally>;
  /** What each wrong answer the recipe passed was, and each right answer it rejected (for reading, not scoring). */
  misses: { id: string; kind: string; value: unknown }[];
  falsePositives: { id: string; check: string; field?: string; problem: string }[];
}

export async function measure(split: 'tune' | 'held', recipe: CheckSpec[], recipeName: string): Promise<Measured> {
  const items = loadSet(split);
  const perCheck: Record<string, Tally> = Object.fromEntries(recipe.map((spec) => [checkName(spec), empty()]));
  const overall = empty();
  const byKind: Record<string, Tally> = {};
  const byLanguage: Record<string, Tally> = {};
  const misses: Measured['misses'] = [];
  const falsePositives: Measured['falsePositives'] = [];
  for (const item of items) {
    const language = (byLanguage[item.language] ??= empty());
    const context = { input: item.text, today: TODAY };
    const right = await Promise.all(recipe.map((spec) => runChecks(item.expected, [spec], context)));
    overall.rightSeen++;
    language.rightSeen++;
    if (right.some((failures) => failures.length > 0)) {
      overall.rightRejected++;
      language.rightRejected++;
    }
    recipe.forEach((spec, index) => {
      const tally = perCheck[checkName(spec)]!;
      tally.rightSeen++;
      if (right[index]!.length > 0) {
        tally.rightRejected++;
        for (const failure of right[index]!) falsePositives.push({ id: item.id, ...failure });
      }
    });
    for (const wrong of item.wrong) {
      const answer = { ...item.expected, [wrong.field]: wrong.value };
      const results = await Promise.all(recipe.map((spec) => runChecks(answer, [spec], context)));
      const rejected = results.some((failures) => failures.length > 0);
      const kind = (byKind[wrong.kind] ??= empty());
      for (const tally of [overall, kind, language]) {
        tally.wrongSeen++;
        if (rejected) tally.wrongRejected++;
      }
      if (!rejected) misses.push({ id: item.id, kind: wrong.kind, value: wrong.value });
      recipe.forEach((spec, index) => {
        if (!reads(spec, wrong.field)) return;
        const tally = perCheck[checkName(spec)]!;
        tally.wrongSeen++;
        if (results[index]!.length > 0) tally.wrongRejected++;
      });
    }
  }
  return {
    split,
    recipe: recipeName,
    invoices: items.length,
    perCheck,
    overall,
    byKind,
    byLanguage,
    misses,
    falsePositives,
  };
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}

function row(name: string, t: Tally): string {
  const wrong = t.wrongSeen ? `${t.wrongRejected}/${t.wrongSeen} (${pct(t.wrongRejected, t.wrongSeen)})` : '–';
  const passed = t.wrongSeen
    ? `${t.wrongSeen - t.wrongRejected} (${pct(t.wrongSeen - t.wrongRejected, t.wrongSeen)})`
    : '–';
  return `| ${name} | ${wrong} | ${t.rightRejected}/${t.rightSeen} (${pct(t.rightRejected, t.rightSeen)}) | ${passed} |`;
}

const HEADER = '| wrong answers rejected | right answers rejected (false positives) | wrong answers passed |';

export function report(m: Measured): string {
  const lines = [
    `## ${m.recipe} recipe on the ${m.split === 'held' ? 'held-out' : 'tuning'} part (${m.invoices} invoices)`,
    '',
    `| whole recipe ${HEADER}`,
    '|---|---|---|---|',
    row('every check together', m.overall),
    '',
    `| check (wrong answers in the fields it reads) ${HEADER}`,
    '|---|---|---|---|',
    ...Object.entries(m.perCheck).map(([name, t]) => row(`\`${name}\``, t)),
    '',
    `| kind of wrong answer ${HEADER}`,
    '|---|---|---|---|',
    ...Object.entries(m.byKind).map(([name, t]) => row(name, { ...t, rightSeen: 0, rightRejected: 0 })),
    '',
    `| language ${HEADER}`,
    '|---|---|---|---|',
    ...Object.entries(m.byLanguage).map(([name, t]) => row(name, t)),
  ];
  return lines.join('\n').replaceAll('0/0 (–)', '–');
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1]! : fallback;
  };
  const split = arg('--split', 'both');
  const recipeName = arg('--recipe', 'invoice');
  if (!['tune', 'held', 'both'].includes(split) || !['invoice', 'grounding'].includes(recipeName)) {
    process.stderr.write('usage: bench:checks [--split tune|held|both] [--recipe invoice|grounding]\n');
    process.exit(2);
  }
  const recipe = recipeName === 'invoice' ? INVOICE_CHECKS : GROUNDING_ONLY;
  const results: Measured[] = [];
  for (const part of split === 'both' ? (['tune', 'held'] as const) : [split as 'tune' | 'held']) {
    const measured = await measure(part, recipe, recipeName);
    results.push(measured);
    process.stdout.write(`${report(measured)}\n\n`);
    if (process.env.BENCH_CHECKS_DEBUG) {
      for (const miss of measured.misses)
        process.stderr.write(`passed: ${miss.id} ${miss.kind} ${JSON.stringify(miss.value)}\n`);
      for (const fp of measured.falsePositives)
        process.stderr.write(`rejected right: ${fp.id} ${fp.check} ${fp.field}: ${fp.problem}\n`);
    }
  }
  const out = join(BENCH_DIR, 'results', 'quality-checks.json');
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`[bench:checks] results in ${out}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
