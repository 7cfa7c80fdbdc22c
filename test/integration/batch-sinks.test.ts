// Integration tests — batch outputs on servers instead of files: results and errors as rows of a real PostgreSQL
// table and as objects in a real S3-compatible server (versitygw), written by the worker's default sink. A rerun
// skips what is recorded there, --retry-failed runs failures again and supersedes their lines, labels score from
// there, and two sinks (two worker hosts) racing on the same line write it once
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { runBatch, type BatchReport } from '../../client/batch-client';
import { finishOutputs, readOutputLines } from '../../activities/batch/sinks/read';
import { PostgresResultSink } from '../../activities/batch/sinks/postgres';
import { S3ResultSink } from '../../activities/batch/sinks/s3';
import { outputLocation } from '../../inputs/output-location';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { startS3Server, type S3Server } from '../helpers/s3-server';
import { duplicates, kindOf, request, threeTiers, writeItems, type ErrorLine, type ResultLine } from './batch-env';

const ITEMS = 30;
const FAILING = Array.from({ length: ITEMS }, (_, i) => i + 1).filter((n) => kindOf(n) === 'fail').length;
const BUCKET = 'batch-out';

let pg: PostgresServer;
let s3: S3Server;
let env: CascadeEnv;
let input: string;

before(async () => {
  [pg, s3] = await Promise.all([startPostgres(), startS3Server()]);
  await s3.createBucket(BUCKET);
  // The workers' S3 settings come from the AWS environment, the endpoint included (no blobs section names it here).
  Object.assign(process.env, s3.env, { AWS_ENDPOINT_URL_S3: s3.endpoint });
  env = await startCascadeEnv(threeTiers('batch-sinks'));
  input = writeItems(tempFiles({}).dir, ITEMS);
});
after(async () => {
  await env?.close();
  await Promise.all([pg?.destroy(), s3?.stop()]);
});

async function run(out: string, batchId: string, retryFailed = false): Promise<BatchReport> {
  return runBatch(env.temporal.client, request(input, out, { batchId, pageSize: 10, retryFailed }), {
    catalog: env.catalog,
    taskQueue: env.taskQueue,
    intervalMs: 200,
  });
}

/** The same three runs on every kind of output: first run, a rerun that skips all, a --retry-failed rerun. */
function describeOutput(kind: string, out: () => string, errors: () => string) {
  describe(`batch outputs in ${kind}`, () => {
    let first: BatchReport;
    before(async () => {
      first = await run(out(), `sinks-${kind}`);
    });

    it('records every item once: ok items as results, failures as error lines with their ledger', async () => {
      assert.equal(first.ok, ITEMS - FAILING);
      assert.equal(first.failed, FAILING);
      assert.deepEqual(first.outputs, { resultsPath: out(), errorsPath: errors() });
      const results = (await readOutputLines(out())) as ResultLine[];
      assert.equal(results.length, ITEMS - FAILING);
      assert.deepEqual(duplicates(results.map((line) => line.id)), []);
      assert.ok(results.every((line) => line.status === 'ok' && line.output.doc === line.id.replace('item', 'doc')));
      const failures = (await readOutputLines(errors())) as ErrorLine[];
      assert.equal(failures.length, FAILING);
      assert.ok(failures.every((line) => line.status === 'failed' && line.ledger.length > 0));
      const spent = [...results, ...failures].reduce((sum, line) => sum + line.costMicroUsd, 0);
      assert.equal(spent, first.costMicroUsd, 'the lines hold every micro-dollar of the report');
    });

    it('a rerun of the same batch skips every recorded item: no provider call', async () => {
      const calls = env.provider.calls.length;
      const again = await run(out(), `sinks-${kind}`);
      assert.equal(again.skipped, ITEMS);
      assert.equal(env.provider.calls.length, calls);
      assert.equal((await readOutputLines(out())).length, ITEMS - FAILING);
    });

    it('--retry-failed runs the failures again; their earlier lines are superseded, results stay once each', async () => {
      const calls = env.provider.calls.length;
      const retried = await run(out(), `sinks-${kind}`, true);
      assert.equal(retried.skipped, ITEMS - FAILING);
      assert.equal(retried.failed, FAILING);
      assert.ok(env.provider.calls.length > calls, 'the failed items were called again');
      const failures = (await readOutputLines(errors())) as (ErrorLine & { supersedes?: string[] })[];
      assert.equal(failures.filter((line) => line.status === 'failed').length, 2 * FAILING);
      assert.equal(failures.filter((line) => line.status === 'superseded').length, FAILING);
      const results = (await readOutputLines(out())) as ResultLine[];
      assert.deepEqual(duplicates(results.map((line) => line.id)), []);
      assert.equal(results.length, ITEMS - FAILING);
    });
  });
}

const tableUrl = () => `${pg.url}#batch_results`;
describeOutput('postgres', tableUrl, () => `${pg.url}#batch_results_errors`);
describeOutput(
  's3',
  () => `s3://${BUCKET}/runs/results.jsonl`,
  () => `s3://${BUCKET}/runs/results.errors.jsonl`,
);

describe('the PostgreSQL table', () => {
  it('holds one row per result, keyed by item id', async () => {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const rows = (await client.query<{ key: string; id: string }>('SELECT key, id FROM batch_results')).rows;
      assert.equal(rows.length, ITEMS - FAILING);
      assert.ok(rows.every((row) => row.key === row.id));
    } finally {
      await client.end();
    }
  });
});

describe('the S3 output', () => {
  it('the batch end joins the line objects into the JSONL object --out names', async () => {
    const out = `s3://${BUCKET}/runs/results.jsonl`;
    await finishOutputs({ resultsPath: out, errorsPath: `s3://${BUCKET}/runs/results.errors.jsonl` });
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'runs/results.jsonl' }));
    const lines = (await object.Body!.transformToString()).trim().split('\n');
    assert.equal(lines.length, ITEMS - FAILING);
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as ResultLine).id),
      lines.map((line) => (JSON.parse(line) as ResultLine).id).sort(),
    );
  });
});

describe('two worker hosts racing on one line', () => {
  it('PostgreSQL: both append the same key at once, one row and one "written"', async () => {
    const path = `${pg.url}#race_lines`;
    const sinks = [0, 1].map(() => new PostgresResultSink((p) => outputLocation(p) as never));
    try {
      const line = { id: 'item-1', status: 'ok', output: { n: 1 } };
      const written = await Promise.all(sinks.map((sink) => sink.append(path, 'item-1', line)));
      assert.deepEqual(written.sort(), [false, true]);
      assert.deepEqual([...(await sinks[1]!.recordedIds(path))], ['item-1']);
      assert.equal(await sinks[0]!.append(path, 'item-1', line), false, 'a retried write changes nothing');
    } finally {
      await Promise.all(sinks.map((sink) => sink.close()));
    }
  });

  it('S3: both append the same key at once, one object; a later retry writes nothing', async () => {
    const path = `s3://${BUCKET}/race/lines.jsonl`;
    const sinks = [0, 1].map(() => new S3ResultSink((p) => outputLocation(p) as never));
    try {
      const line = { id: 'item-1', status: 'ok', output: { n: 1 } };
      await Promise.all(sinks.map((sink) => sink.append(path, 'item-1', line)));
      assert.equal(await new S3ResultSink((p) => outputLocation(p) as never).append(path, 'item-1', line), false);
      assert.equal((await readOutputLines(path)).length, 1);
      assert.deepEqual([...(await sinks[1]!.recordedIds(path))], ['item-1']);
    } finally {
      sinks.forEach((sink) => sink.close());
    }
  });
});
