// Integration tests — `llm-cascade batch` and `run` as child processes on a labelled JSONL: scoring, --check, the fake provider
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Score } from '../../inputs/score';
import type { BatchReport } from '../../workflows/batch/definitions';
import { runCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

/** The documents: economy gets a and b right, c wrong in a way grounding sees, d wrong in a way it cannot. */
const DOCS = {
  a: { text: 'Receipt doc-a. Total 10.00', expected: { total: 10 } },
  b: { text: 'Receipt doc-b. Total 20.00', expected: { total: 20 } },
  c: { text: 'Invoice doc-c. Total due 1,250.00', expected: { total: 1250 } },
  d: { text: 'Invoice doc-d. Widgets 2 x 671.25. Total due 1,342.50', expected: { total: 1342.5 } },
  u: { text: 'Receipt doc-u. Total 5.00' }, // no label: not scored
};
const ECONOMY: Record<string, number> = { a: 10, b: 20, c: 1, d: 671.25, u: 5 };
const RIGHT: Record<string, number> = { a: 10, b: 20, c: 1250, d: 1342.5, u: 5 };
const schema = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };

/** Which document a call is about, from the user message. */
function docOf(body: { messages: { role: string; content: string }[] }): string {
  const user = body.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  return /doc-([a-z])/.exec(user)?.[1] ?? '?';
}

describe('batch on a labelled JSONL (CLI, real Temporal server, fake provider)', () => {
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;
  let base: string[];

  before(async () => {
    env = await startCascadeEnv({
      name: 'batch-labels',
      noWorker: true,
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/small',
              behavior: (ctx) => ({ kind: 'content', content: { total: ECONOMY[docOf(ctx.body)] } }),
            },
          ],
        ],
        [
          'standard',
          [
            {
              ref: 'std/mid',
              behavior: (ctx) => ({ kind: 'content', content: { total: RIGHT[docOf(ctx.body)] } }),
              inputUsdPerMTok: 1,
              outputUsdPerMTok: 4,
            },
          ],
        ],
      ],
    });
    address = (await getTestServer()).address;
    files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } },
      'schema.json': schema,
      'input.jsonl': Object.entries(DOCS)
        .map(([id, doc]) => JSON.stringify({ id, ...doc }))
        .join('\n'),
    });
    base = ['--config', files['config.json']!, '--task', 'extract', '--schema', files['schema.json']!];
    base.push('--address', address, '--with-worker');
  });
  after(() => env?.close());

  it('--json: the report carries field accuracy and cost per correct result beside cost per valid result', async () => {
    const out = join(files.dir, 'out.jsonl');
    const ran = await runCli([
      'batch',
      ...base,
      '--input',
      files['input.jsonl']!,
      '--out',
      out,
      '--check',
      'grounded:total',
      '--json',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    const report = JSON.parse(ran.stdout) as BatchReport & { quality: Score };
    assert.equal(report.ok, 5);
    const { quality } = report;
    // c was caught by grounding (--check) and escalated; d is wrong in a way grounding cannot see.
    assert.deepEqual(
      [quality.labelled, quality.scored, quality.correct, quality.unanswered, quality.unlabelled, quality.valid],
      [4, 4, 3, 0, 1, 5],
    );
    assert.deepEqual(quality.fields, { total: { right: 3, of: 4 } });
    assert.equal(quality.fieldAccuracy, 0.75);
    assert.deepEqual(quality.wrongIds, ['d']);
    assert.equal(quality.costMicroUsd, report.costMicroUsd);
    assert.ok(quality.labelledCostMicroUsd > 0 && quality.labelledCostMicroUsd < report.costMicroUsd);
    // Whole micro-USD: the mean is rounded once, and the USD form is that integer over 1e6 (no float tail).
    assert.equal(quality.costPerCorrectMicroUsd, Math.round(quality.labelledCostMicroUsd / 3));
    assert.equal(quality.costPerValidMicroUsd, Math.round(report.costMicroUsd / 5));
    assert.equal(quality.costPerCorrectUsd, quality.costPerCorrectMicroUsd! / 1e6);
    assert.equal(quality.accuracy, 3 / 4);
    // The escalation: c went to standard after check_failed on economy; no other item did.
    assert.deepEqual(
      env.callsTo('std/mid').map((call) => docOf(call.body as Parameters<typeof docOf>[0])),
      ['c'],
    );
    // The labels never reached a model.
    for (const call of env.provider.calls) assert.doesNotMatch(JSON.stringify(call.body), /expected|1342\.5\b/);

    // `report --labels` scores the same files to the same figures, without a cluster.
    const scored = await runCli(['report', '--labels', files['input.jsonl']!, '--results', out, '--format', 'json']);
    assert.equal(scored.code, 0, scored.stderr);
    const fromReport = JSON.parse(scored.stdout) as Score & { errorsPath: string };
    assert.deepEqual(
      [fromReport.correct, fromReport.fieldAccuracy, fromReport.costPerCorrectUsd, fromReport.costPerValidUsd],
      [quality.correct, quality.fieldAccuracy, quality.costPerCorrectUsd, quality.costPerValidUsd],
    );
    assert.equal(fromReport.errorsPath, join(files.dir, 'out.errors.jsonl'));

    // Rerun (same batch id: every item already done) in text mode: the score covers the whole results file.
    const again = await runCli(['batch', ...base, '--input', files['input.jsonl']!, '--out', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /Quality against the expected values \(4 results scored; not scored: 1 result without labels\)/,
    );
    assert.match(again.stdout, /correct results +3\/4 \(75\.0%\)/);
    assert.match(again.stdout, /field accuracy +75\.0% \(total 75\.0%\)/);
    assert.match(again.stdout, /per valid result · \$\d\.\d{6} per correct result/);
  });

  it('a malformed label is bad input: exit 2 before anything starts', async () => {
    const bad = tempFiles({ 'bad.jsonl': JSON.stringify({ id: 'a', text: DOCS.a.text, expected: 10 }) });
    const refused = await runCli(['batch', ...base, '--input', bad['bad.jsonl']!, '--out', join(bad.dir, 'o.jsonl')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--input .*bad\.jsonl: item a: "expected" must be an object/);
  });

  it('run --check: an ungrounded economy answer is billed as check_failed and the standard answer returned', async () => {
    const ran = await runCli(['run', ...base, '--input', DOCS.c.text, '--check', 'grounded:total', '--json']);
    assert.equal(ran.code, 0, ran.stderr);
    const result = JSON.parse(ran.stdout) as {
      output: unknown;
      attempts: { ref: string; outcome: string; error?: string; costUsd: number }[];
    };
    assert.deepEqual(result.output, { total: 1250 });
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.outcome]),
      [
        ['eco/small', 'check_failed'],
        ['std/mid', 'ok'],
      ],
    );
    assert.match(result.attempts[0]!.error ?? '', /check grounded at total: 1 does not occur in the input/);
    assert.ok(result.attempts[0]!.costUsd > 0, 'the failed answer is billed');
    const refused = await runCli(['run', ...base, '--input', DOCS.c.text, '--check', 'grounding:total']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /unknown check "grounding"/);
  });
});
