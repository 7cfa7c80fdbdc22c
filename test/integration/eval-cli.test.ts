// CLI tests — `llm-cascade eval`, `tune --labels` and `report`'s gate rates as child processes, on the test run's real Temporal server with the demo's simulated providers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getTestServer } from '../helpers/temporal';
import { runCli, tempFiles } from '../helpers/cli';
import type { EvalReport } from '../../cli/eval/format';
import type { TuneLabelsResult } from '../../cli/eval/tune-labels';
import type { GateRate } from '../../cli/report/gate-rates';

const DATA = resolve(__dirname, '../../../demo/data');
const DEMO = ['--input', join(DATA, 'documents.jsonl'), '--labels', join(DATA, 'expected.jsonl')];

/** Every number under a key ending in MicroUsd, anywhere in a JSON text. */
function microAmounts(text: string): number[] {
  return [...text.matchAll(/MicroUsd":(-?[\d.e+-]+)/g)].map((match) => Number(match[1]));
}

describe('llm-cascade eval (CLI)', () => {
  it('bad input exits 2 before starting anything: no texts for the labels, an unknown tier', async () => {
    const files = tempFiles({ 'labels.jsonl': '{"id": "a", "expected": {"total": 1}}\n' });
    const noText = await runCli(['eval', '--simulated', '--labels', files['labels.jsonl']!]);
    assert.equal(noText.code, 2, noText.stderr);
    assert.match(
      noText.stderr,
      /item "a" has no text; put its "text" beside "expected", or give the texts with --input/,
    );
    const tier = await runCli(['eval', '--simulated', ...DEMO, '--tiers', 'gold']);
    assert.equal(tier.code, 2, tier.stderr);
    assert.match(tier.stderr, /--tiers: "gold" is not a tier of extract \(economy, standard, premium\)/);
    assert.doesNotMatch(tier.stderr, /dev server/, 'nothing was started');
  });

  it('--json: a row per candidate and gate setting over every item, confusion tables, whole micro-USD; report then shows the same verifier judgements', async () => {
    const { address } = await getTestServer();
    const run = await runCli([
      'eval',
      '--simulated',
      ...DEMO,
      '--address',
      address,
      '--candidates',
      'deepseek/deepseek-chat,openai/gpt-4o',
      '--verifier',
      'mistral/mistral-small-latest',
      '--limit',
      '8',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    // One JSON line. Under heavy load the SDK core has been seen printing an ANSI log line to stdout beside it (not
    // eval's output: its own logs go to stderr); that is the Runtime's telemetry, tracked apart from this test.
    const jsonLines = run.stdout.split('\n').filter((line) => line.startsWith('{'));
    assert.equal(jsonLines.length, 1, run.stdout);
    const report = JSON.parse(jsonLines[0]!) as EvalReport;
    assert.equal(report.items, 8);
    assert.deepEqual(
      report.candidates.map((c) => [c.tier, c.ref, c.gates, c.items]),
      [
        ['economy', 'deepseek/deepseek-chat', 'off', 8],
        ['economy', 'deepseek/deepseek-chat', 'on', 8],
        ['premium', 'openai/gpt-4o', 'off', 8],
        ['premium', 'openai/gpt-4o', 'on', 8],
      ],
    );
    assert.deepEqual(report.premiumOnly, { tier: 'premium', ref: 'openai/gpt-4o' });
    for (const row of report.candidates) {
      assert.ok(row.correct <= row.valid && row.valid <= row.items);
      assert.ok(row.costMicroUsd > 0);
      if (row.gates === 'on') assert.ok(row.confusion['all gates'], `${row.ref}: the gates' table`);
      else assert.deepEqual(row.confusion, {});
    }
    const amounts = microAmounts(run.stdout);
    assert.ok(amounts.length >= 8 && amounts.every(Number.isInteger), run.stdout);

    // The verifier's calls are in the histories: `report` counts the same judgements the eval's tables hold.
    const judged = report.candidates
      .map((c) => c.confusion['verifier mistral/mistral-small-latest'])
      .filter((table) => table !== undefined)
      .map((t) => ({
        n: t.wrongRejected + t.rightRejected + t.wrongPassed + t.rightPassed,
        rejected: t.wrongRejected + t.rightRejected,
      }));
    const seen = await runCli([
      'report',
      '--address',
      address,
      '--since',
      'all',
      '--query',
      'WorkflowId STARTS_WITH "eval-"',
      '--json',
    ]);
    assert.equal(seen.code, 0, seen.stderr);
    const gates = (JSON.parse(seen.stdout) as { gates: GateRate[] }).gates;
    const verifier = gates.find((g) => g.gate === 'verifier mistral/mistral-small-latest');
    assert.ok(verifier, seen.stdout);
    assert.ok(verifier.judged >= judged.reduce((sum, j) => sum + j.n, 0), JSON.stringify(gates));
    assert.ok(gates.some((g) => g.gate === 'check grounded' && g.judged > 0));
  });

  it('tune --labels replays each start tier, gates on and off, and --apply writes the cheapest per correct result', async () => {
    const { address } = await getTestServer();
    const files = tempFiles({});
    const config = join(files.dir, 'config.json');
    writeFileSync(config, '{ "extends": "default", "routes": {} }\n');
    const run = await runCli([
      'tune',
      '--simulated',
      ...DEMO,
      '--task',
      'extract',
      '--config',
      config,
      '--address',
      address,
      '--limit',
      '6',
      '--apply',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as TuneLabelsResult;
    const written = readFileSync(config, 'utf8');
    if (result.chosen!.startTier === result.current) assert.equal(result.applied, undefined);
    else {
      // Written into the route with its note, and the config still loads (catalog show validates it).
      assert.match(written, new RegExp(`"startTier": "${result.chosen!.startTier}"`));
      assert.match(written, /llm-cascade tune --labels: start tier economy → /);
      assert.equal((await runCli(['catalog', 'show', '--config', config])).code, 0);
    }
    assert.equal(result.options.length, 6, 'three start tiers, gates off and on');
    const costs = result.options.map((o) => o.costPerCorrectMicroUsd ?? Infinity);
    assert.deepEqual(
      costs,
      [...costs].sort((a, b) => a - b),
    );
    assert.deepEqual(result.chosen, result.options[0]);
    assert.ok(microAmounts(run.stdout).every(Number.isInteger));
  });
});
