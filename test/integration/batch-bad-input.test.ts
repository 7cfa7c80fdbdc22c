// Integration tests — bad batch input: item problems become error lines, input/output problems fail before anything starts
// Longer than 250 lines because it covers every kind of bad batch input on one worker, one small case each.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CascadeConfigError } from '../../catalog/errors';
import { runBatch, startBatch, type BatchRequest } from '../../client/batch-client';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { runCli, tempFiles } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';
import {
  answer,
  documentOf,
  documentOfCall,
  readLines,
  request,
  schema,
  type ErrorLine,
  type ResultLine,
} from './batch-env';

const WINDOW = 2_000;

describe('batch: bad input', () => {
  let env: CascadeEnv;
  let dir: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'batch-bad-input',
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: answer(['ok']), contextWindow: WINDOW, maxOutputTokens: 200 }]],
        [
          'standard',
          [{ ref: 'std/medium', behavior: answer(['ok', 'escalate']), contextWindow: WINDOW, maxOutputTokens: 200 }],
        ],
      ],
    });
    dir = tempFiles({}).dir;
  });
  after(() => env.close());

  const options = () => ({ catalog: env.catalog, taskQueue: env.taskQueue });

  it('malformed lines, empty items and items over every context window become error lines; the rest succeed', async () => {
    const input = join(dir, 'mixed.jsonl');
    const lines = [
      JSON.stringify({ id: 'good-1', text: documentOf(1, 'ok') }),
      '{"id": "broken", "text": ',
      JSON.stringify({ id: 'empty-1', text: '' }),
      '',
      JSON.stringify('   '),
      '42',
      JSON.stringify({ id: 'huge', text: `${documentOf(5, 'ok')} ${'lorem ipsum dolor '.repeat(1500)}` }),
      JSON.stringify({ id: 'good-2', text: documentOf(2, 'escalate') }),
      JSON.stringify(documentOf(3, 'ok')),
    ];
    writeFileSync(input, `${lines.join('\n')}`); // no newline at the end: the last line still counts
    const report = await runBatch(
      env.temporal.client,
      request(input, join(dir, 'mixed-out.jsonl'), { batchId: 'bad-mixed' }),
      options(),
    );
    const results = readLines<ResultLine>(join(dir, 'mixed-out.jsonl'));
    const errors = readLines<ErrorLine>(join(dir, 'mixed-out.errors.jsonl'));
    assert.deepEqual(results.map((r) => r.id).sort(), ['good-1', 'good-2', 'line-9']);
    assert.deepEqual(errors.map((e) => [e.id, e.code]).sort(), [
      ['empty-1', 'empty'],
      ['huge', 'too_large'],
      ['line-2', 'malformed'],
      ['line-5', 'empty'],
      ['line-6', 'malformed'],
    ]);
    assert.match(errors.find((e) => e.id === 'huge')!.reason, /largest context window .*\(2000\)/);
    assert.match(errors.find((e) => e.id === 'line-2')!.reason, /line 2 is not valid JSON/);
    for (const error of errors) assert.deepEqual(error.ledger, []);
    // No model was called for an item in error.
    assert.deepEqual(
      new Set(env.provider.calls.map((c) => documentOfCall(c.body).slice(0, 12))),
      new Set(['Document 1 k', 'Document 2 k', 'Document 3 k']),
    );
    assert.deepEqual([report.total, report.ok, report.failed, report.undone], [8, 3, 5, 0]);
  });

  it('a JSON array and a directory of text files are sources too; an empty file is an empty item', async () => {
    const json = join(dir, 'items.json');
    writeFileSync(
      json,
      JSON.stringify([{ id: 'a', document: documentOf(10, 'ok') }, { id: 7, text: documentOf(11, 'ok') }, null]),
    );
    const fromJson = await runBatch(env.temporal.client, request(json, join(dir, 'json-out.jsonl')), options());
    assert.deepEqual([fromJson.ok, fromJson.failed], [2, 1]);
    assert.deepEqual(
      readLines<ResultLine>(join(dir, 'json-out.jsonl'))
        .map((r) => r.id)
        .sort(),
      ['7', 'a'],
    );
    assert.deepEqual(
      readLines<ErrorLine>(join(dir, 'json-out.errors.jsonl')).map((e) => [e.id, e.code]),
      [['index-2', 'malformed']],
    );

    const docs = join(dir, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'one.txt'), documentOf(20, 'ok'));
    writeFileSync(join(docs, 'two.txt'), documentOf(21, 'escalate'));
    writeFileSync(join(docs, 'zero.txt'), '');
    writeFileSync(join(docs, '.hidden'), 'not an item');
    const fromDir = await runBatch(env.temporal.client, request(docs, join(dir, 'dir-out.jsonl')), options());
    assert.deepEqual([fromDir.total, fromDir.ok, fromDir.failed], [3, 2, 1]);
    const outputs = readLines<ResultLine>(join(dir, 'dir-out.jsonl'));
    assert.deepEqual(outputs.map((r) => [r.id, r.output.n]).sort(), [
      ['one.txt', 20],
      ['two.txt', 21],
    ]);
    assert.deepEqual(
      readLines<ErrorLine>(join(dir, 'dir-out.errors.jsonl')).map((e) => [e.id, e.code]),
      [['zero.txt', 'empty']],
    );
  });

  it('binary or non-UTF-8 items (a directory file, a JSONL line) are error lines, never sent or billed', async () => {
    const docs = join(dir, 'mixed-docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'a.txt'), documentOf(40, 'ok'));
    writeFileSync(join(docs, 'scan.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x0a, 0xe2, 0xe3, 0xcf, 0xd3, 0xff]));
    writeFileSync(join(docs, 'utf16.txt'), Buffer.from(documentOf(41, 'ok'), 'utf16le'));
    const callsBefore = env.provider.calls.length;
    const fromDir = await runBatch(env.temporal.client, request(docs, join(dir, 'bin-out.jsonl')), options());
    assert.deepEqual([fromDir.total, fromDir.ok, fromDir.failed], [3, 1, 2]);
    const errors = readLines<ErrorLine>(join(dir, 'bin-out.errors.jsonl'));
    assert.deepEqual(errors.map((e) => [e.id, e.code]).sort(), [
      ['scan.pdf', 'binary'],
      ['utf16.txt', 'binary'],
    ]);
    assert.match(errors.find((e) => e.id === 'scan.pdf')!.reason, /not UTF-8 text/);
    assert.match(errors.find((e) => e.id === 'utf16.txt')!.reason, /NUL bytes/);
    assert.equal(env.provider.calls.length - callsBefore, 1);

    const jsonl = join(dir, 'latin1.jsonl');
    const latin1Line = Buffer.concat([
      Buffer.from('{"id":"latin","text":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    writeFileSync(
      jsonl,
      Buffer.concat([Buffer.from(`${JSON.stringify({ id: 'fine', text: documentOf(42, 'ok') })}\n`), latin1Line]),
    );
    const fromJsonl = await runBatch(env.temporal.client, request(jsonl, join(dir, 'latin-out.jsonl')), options());
    assert.deepEqual([fromJsonl.ok, fromJsonl.failed], [1, 1]);
    assert.deepEqual(
      readLines<ErrorLine>(join(dir, 'latin-out.errors.jsonl')).map((e) => [e.id, e.code]),
      [['line-2', 'binary']],
    );
  });

  /** Asserts that starting fails with a CascadeConfigError matching `message` and that no batch workflow exists. */
  async function rejectsBeforeStart(
    batchId: string,
    input: string,
    output: string,
    message: RegExp,
    extra: Partial<BatchRequest> = {},
  ) {
    await assert.rejects(
      startBatch(env.temporal.client, request(input, output, { batchId, ...extra }), options()),
      (error: unknown) => {
        assert.ok(error instanceof CascadeConfigError, String(error));
        assert.match(error.message, message);
        return true;
      },
    );
    await assert.rejects(env.temporal.client.workflow.getHandle(`batch-${batchId}`).describe(), WorkflowNotFoundError);
  }

  it('a missing input, a JSON file that is not an array, duplicate ids, an unwritable output: clear errors, nothing starts', async () => {
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, `${JSON.stringify({ id: 'x', text: documentOf(1, 'ok') })}\n`);
    await rejectsBeforeStart(
      'missing',
      join(dir, 'nope.jsonl'),
      join(dir, 'o1.jsonl'),
      /--input: cannot read .*nope\.jsonl \(ENOENT\)/,
    );
    const object = join(dir, 'object.json');
    writeFileSync(object, '{"items": []}');
    await rejectsBeforeStart('not-array', object, join(dir, 'o2.jsonl'), /must hold a JSON array/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"id": 1},');
    await rejectsBeforeStart('broken-json', broken, join(dir, 'o3.jsonl'), /is not valid JSON/);
    const dupes = join(dir, 'dupes.jsonl');
    writeFileSync(dupes, ['{"id":"a","text":"x"}', '{"id":"b","text":"y"}', '{"id":"a","text":"z"}'].join('\n'));
    await rejectsBeforeStart(
      'dupes',
      dupes,
      join(dir, 'o4.jsonl'),
      /ids must be unique, found "a" \(entries 1 and 3\)/,
    );
    // A regular file where a directory should be: no user (root included) can write under it.
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, '');
    await rejectsBeforeStart(
      'unwritable',
      good,
      join(blocker, 'out.jsonl'),
      /cannot write .*blocker\/out\.jsonl \(ENOTDIR\)/,
    );
    await rejectsBeforeStart('same-files', good, good, /is the input/);
    // Every file of an input directory is an item: an output there would be read back on the next run.
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'doc.txt'), documentOf(1, 'ok'));
    await rejectsBeforeStart(
      'out-in-input',
      folder,
      join(folder, 'out.jsonl'),
      /inside the input directory .*folder, whose every file is an item/,
    );
    await rejectsBeforeStart('errors-in-input', folder, join(dir, 'o5.jsonl'), /inside the input directory/, {
      errors: join(folder, 'sub', 'errors.jsonl'),
    });
  });

  it('the CLI exits 2 with the message before anything starts, and runs a batch with --json', async () => {
    const files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } },
      'schema.json': schema,
      'items.jsonl': [1, 2, 3].map((n) => JSON.stringify({ id: `c${n}`, text: documentOf(30 + n, 'ok') })).join('\n'),
    });
    const address = (await getTestServer()).address;
    const base = [
      'batch',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--address',
      address,
    ];
    const missing = await runCli([
      ...base,
      '--input',
      join(files.dir, 'none.jsonl'),
      '--out',
      join(files.dir, 'out.jsonl'),
    ]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--input: cannot read .*none\.jsonl/);
    const ran = await runCli([
      ...base,
      '--input',
      files['items.jsonl']!,
      '--out',
      join(files.dir, 'out.jsonl'),
      '--with-worker',
      '--json',
      '--concurrency',
      '2',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    const report = JSON.parse(ran.stdout) as { ok: number; status: string; outputs: { resultsPath: string } };
    assert.equal(report.status, 'completed');
    assert.equal(report.ok, 3);
    assert.deepEqual(
      readLines<ResultLine>(report.outputs.resultsPath)
        .map((r) => r.id)
        .sort(),
      ['c1', 'c2', 'c3'],
    );
  });
});
