// Integration tests — kill -9 the worker while a provider batch is in progress: submitted once, collected once
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { AnswerSpool, createProviderBatchActivities } from '../../activities/batch/provider-batch';
import { DirectoryBlobStore } from '../../blobs';
import { ProviderClients } from '../../activities/cascade/providers';
import { resolveRoute } from '../../routing/route';
import { startBatch } from '../../client/batch-client';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { spawnCli, tempFiles } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';
import { testLogger } from '../helpers/quiet-runtime';
import type { ProviderBatchPage, ProviderBatchPlan } from '../../workflows/batch/definitions';
import type { JsonObject } from '../../workflows/definitions';
import { answer, duplicates, readLines, request, schema, waitFor, writeItems, type ResultLine } from '../integration/batch-env';

const ITEMS = 40;
const kinds = (env: CascadeEnv, kind: string) => env.provider.calls.filter((call) => call.kind === kind).length;

describe('provider batch: worker killed with SIGKILL while the batch is in progress', () => {
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'provider-batch-crash',
      noWorker: true,
      providerExtra: {
        eco: { batch: { protocol: 'openai', maxRequests: 1000, maxBytes: 10_000_000, maxInFlight: 1 } },
      },
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: answer(['ok']), batchDiscount: 0.5 }]],
        ['premium', [{ ref: 'top/large', behavior: answer(['ok', 'escalate']) }]],
      ],
    });
    address = (await getTestServer()).address;
    files = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } } });
  });
  after(() => env.close());

  it('a new worker waits for the same provider batch and collects it once', async () => {
    env.provider.setBatchBehavior('hold', { validatingMs: 20, inProgressMs: 100, finalizingMs: 20 });
    const worker = spawnCli(['worker', '--config', files['config.json']!, '--address', address]);
    const out = join(files.dir, 'out.jsonl');
    const batch = await startBatch(
      env.temporal.client,
      request(
        writeItems(files.dir, ITEMS, () => 'ok'),
        out,
        {
          batchId: `pb-crash-${Date.now()}`,
          providerBatch: true,
          providerBatchPollMs: 100,
        },
      ),
      { catalog: env.catalog, taskQueue: env.taskQueue },
    );
    await waitFor(() => kinds(env, 'batch_retrieve') >= 2, 'the provider batch to be polled');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
    env.provider.setBatchBehavior('complete');

    const second = spawnCli(['worker', '--config', files['config.json']!, '--address', address]);
    try {
      const report = await batch.result();
      const results = readLines<ResultLine>(out);
      assert.equal(report.status, 'completed');
      assert.equal(report.ok, ITEMS);
      assert.deepEqual(duplicates(results.map((line) => line.id)), []);
      assert.equal(kinds(env, 'file_upload'), 1, 'uploaded once');
      assert.equal(kinds(env, 'batch_create'), 1, 'submitted once');
      assert.equal(env.provider.batchLines.length, ITEMS, 'each line answered once');
      assert.equal(kinds(env, 'file_content'), 1, 'the output file downloaded once');
      assert.equal(env.callsTo('eco/small').length, 0, 'no synchronous economy call');
      assert.equal(report.costMicroUsd, env.provider.bill().totalMicroUsd);
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  });

  it('a submission retried after a crash finds its batch by key instead of creating another', async () => {
    const spool = new AnswerSpool(new DirectoryBlobStore(join(files.dir, 'blobs')));
    const activities = createProviderBatchActivities({ clients: new ProviderClients(env.catalog.providers), spool });
    const route = resolveRoute(env.catalog, 'extract', { promptTokens: 0, inputText: '', at: '2026-01-01' });
    route.tiers[0] = { ...route.tiers[0]!, mode: 'provider-batch' };
    const input = writeItems(files.dir, 3, () => 'ok', 'retry.jsonl');
    let offset = 0;
    const items = readFileSync(input, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line, index) => {
        const item = { id: (JSON.parse(line) as { id: string }).id, at: { index, offset } };
        offset += Buffer.byteLength(line) + 1;
        return item;
      });
    const page: ProviderBatchPage = {
      source: { kind: 'jsonl', path: input },
      outputs: { resultsPath: join(files.dir, 'retry.out'), errorsPath: join(files.dir, 'retry.err') },
      items,
      schema: { name: 'output', jsonSchema: structuredClone(schema) as unknown as JsonObject },
      route,
      tierIndex: 0,
    };
    const mock = new MockActivityEnvironment({}, { logger: testLogger() });
    const plan: ProviderBatchPlan = await mock.run(activities.planProviderBatch, page);
    assert.equal(plan.chunks.length, 1);
    const uploads = kinds(env, 'file_upload');
    const submit = { page, ids: plan.chunks[0]!.ids, key: 'retry-key#p0c0' };
    const first = await mock.run(activities.startProviderBatch, submit);
    const again = await mock.run(activities.startProviderBatch, submit);
    assert.equal(again, first);
    assert.equal(kinds(env, 'file_upload'), uploads + 1, 'one upload for both');
  });
});
