// Integration tests — `llm-cascade demo --exit` as a child process: its own dev server with UI, worker and simulated providers
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../catalog/node/load';
import type { Score } from '../../inputs/score';
import type { BatchReport } from '../../client/batch-client';
import { loadDataset } from '../../demo/dataset';
import { routeKeyNames } from '../../cli/demo/mode';
import { DocumentExtraction } from '../../demo/schema';
import { DEMO_TASK } from '../../demo/simulated-catalog';
import { runCli } from '../helpers/cli';

/** Every provider key the default catalog's route names, blanked: the demo must not see any. */
const NO_KEYS = Object.fromEntries(routeKeyNames(defaultCatalog(), DEMO_TASK).map((name) => [name, '']));
const LIMIT = 9;

interface Line {
  id: string;
  status: string;
  costMicroUsd: number;
  output?: unknown;
}

function readLines(path: string): Line[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const micro = (usd: number) => Math.round(usd * 1e6);

void describe('llm-cascade demo', () => {
  void it('with no API keys runs simulated, prints the report and the UI link, and writes one line per document', async () => {
    const out = mkdtempSync(join(tmpdir(), 'llm-cascade-demo-'));
    // Output of an earlier demo in the same folder: the new run must start afresh, not resume past it.
    const stale = { id: loadDataset()[0]!.id, status: 'ok', output: {}, costMicroUsd: 1 };
    writeFileSync(join(out, 'results.jsonl'), `${JSON.stringify(stale)}\n`);
    const result = await runCli(['demo', '--exit', '--limit', String(LIMIT), '--out-dir', out], NO_KEYS);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    const { stdout } = result;

    const banner = /SIMULATED providers: no real LLM is called/g;
    assert.ok((stdout.match(banner) ?? []).length >= 2, `banner at start and under the report:\n${stdout}`);
    assert.ok(stdout.indexOf('SIMULATED') < stdout.indexOf('starting Temporal'), 'the banner comes first');

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as BatchReport;
    assert.equal(report.status, 'completed');
    assert.equal(report.total, LIMIT);
    assert.equal(report.ok + report.failed, LIMIT);
    assert.equal(report.skipped, 0);

    // One line per document across results and errors, for exactly the first LIMIT documents.
    const results = readLines(report.outputs.resultsPath);
    const errors = readLines(report.outputs.errorsPath);
    const ids = [...results, ...errors].map((l) => l.id).sort();
    assert.deepEqual(
      ids,
      loadDataset()
        .slice(0, LIMIT)
        .map((d) => d.id)
        .sort(),
    );
    assert.equal(results.length, report.ok);
    for (const line of results) assert.equal(DocumentExtraction.safeParse(line.output).success, true, line.id);

    // Costs add up: lines to the report total, and the per-tier and per-model splits to the same total.
    assert.ok(report.costMicroUsd > 0);
    assert.equal(sum([...results, ...errors].map((l) => l.costMicroUsd)), report.costMicroUsd);
    assert.equal(sum(Object.values(report.costByTierUsd).map(micro)), report.costMicroUsd);
    assert.equal(sum(Object.values(report.costByModelUsd).map(micro)), report.costMicroUsd);
    assert.ok(report.baselineCostUsd > report.costUsd, 'premium-only costs more than the cascade');

    // The printed report: savings against premium-only, output paths, the UI and the batch page while it runs.
    assert.match(stdout, new RegExp(`premium tier would have cost \\$${report.baselineCostUsd.toFixed(6)}`));
    assert.match(stdout, /\d+\.\d% saved/);
    assert.ok(stdout.includes(report.outputs.resultsPath), 'results path printed');
    assert.match(stdout, /Web UI +http:\/\/127\.0\.0\.1:\d+/);
    assert.match(
      stdout,
      new RegExp(`http://127\\.0\\.0\\.1:\\d+/namespaces/default/workflows/batch-${report.batchId}`),
    );
    assert.ok(existsSync(join(out, 'worker.log')), 'worker log written');

    // The score: the library's, over the documents of this run only (--limit), every spend counted.
    const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as Score;
    assert.deepEqual([quality.labelled, quality.scored + quality.unanswered], [LIMIT, LIMIT]);
    assert.equal(quality.costMicroUsd, report.costMicroUsd);
    assert.ok(quality.correct > 0 && quality.correct <= quality.scored);
    assert.match(stdout, /Quality against the documents' expected values \(\d+ results scored/);
    assert.match(stdout, /per valid result · \$\d\.\d{6} per correct result/);
    // --exit: no closing link to a server that is about to stop.
    assert.doesNotMatch(stdout, /^(batch page|Web UI) /m);
    assert.match(stdout, /the Temporal server stops now \(--exit\)/);
    // The dashboard would stop with it: the command that opens one over the same store instead.
    assert.match(stdout, /^dashboard  llm-cascade dashboard \(spend from the ledger store/m);
  });

  void it('--real without keys fails before starting anything and names the missing keys', async () => {
    const out = mkdtempSync(join(tmpdir(), 'llm-cascade-demo-'));
    const result = await runCli(['demo', '--exit', '--real', '--out-dir', out], NO_KEYS);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--real: .*economy needs one of DEEPSEEK_API_KEY/);
    assert.doesNotMatch(result.stdout, /starting Temporal/);
  });
});
