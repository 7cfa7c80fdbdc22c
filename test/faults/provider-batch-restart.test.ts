// Integration tests — stop the Temporal dev server (SQLite) while a provider batch is in progress, start it again
// First: installs a runtime that keeps core's expected gRPC retry warnings out of the output.
import { duplicates, readLines, request, waitFor, writeItems, type ResultLine } from '../integration/batch-env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { parseCatalog } from '../../catalog/node/parse';
import { startBatch } from '../../client/batch-client';
import type { DevServer } from '../../server/dev-server';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import { testCatalogJson, type CascadeEnvOptions } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { startServerInPlace } from '../helpers/server-in-place';
import { answer } from '../integration/batch-env';

const ITEMS = 30;

describe('provider batch: dev server restarted while the batch is in progress', () => {
  const files = tempFiles({});
  let server: DevServer;
  let provider: FakeProvider;
  const closers: (() => Promise<unknown>)[] = [];

  before(async () => {
    // A port the kernel never hands out by itself, so no other file's connection takes it while the server is down:
    // this file runs beside others (test/helpers/ports.ts).
    server = await startServerInPlace(files.dir);
    provider = await startFakeProvider();
  });
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await provider.close();
    await server.stop();
  });

  it('the batch is not submitted twice and its results are collected once', async () => {
    const options: CascadeEnvOptions = {
      name: 'provider-batch-restart',
      providerExtra: {
        eco: { batch: { protocol: 'openai', maxRequests: 1000, maxBytes: 10_000_000, maxInFlight: 1 } },
      },
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: answer(['ok']), batchDiscount: 0.5 }]],
        ['premium', [{ ref: 'top/large', behavior: answer(['ok', 'escalate']) }]],
      ],
    };
    const catalog = parseCatalog(testCatalogJson(provider.baseURL, options), 'restart catalog');
    for (const [, models] of options.tiers) for (const m of models) provider.setModel(m.ref.split('/')[1]!, m.behavior);
    provider.setBatchBehavior('hold', { validatingMs: 20, inProgressMs: 100, finalizingMs: 20 });
    const connection = await Connection.connect({ address: server.address });
    closers.push(() => connection.close());
    const client = new Client({ connection, namespace: server.namespace });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    closers.push(() => nativeConnection.close());
    const taskQueue = 'provider-batch-restart';
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: server.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      plugins: [new CascadePlugin({ catalog })],
    });
    const running = worker.run();
    closers.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    const out = join(files.dir, 'out.jsonl');
    const batch = await startBatch(
      client,
      request(
        writeItems(files.dir, ITEMS, () => 'ok'),
        out,
        {
          batchId: 'pb-restart',
          providerBatch: true,
          providerBatchPollMs: 100,
        },
      ),
      { catalog, taskQueue },
    );
    const kinds = (kind: string) => provider.calls.filter((call) => call.kind === kind).length;
    await waitFor(() => kinds('batch_retrieve') >= 2, 'the provider batch to be polled');
    await server.stop();
    provider.setBatchBehavior('complete');
    server = await startServerInPlace(files.dir, server.port);

    const report = await batch.result();
    const results = readLines<ResultLine>(out);
    assert.equal(report.status, 'completed');
    assert.equal(report.ok, ITEMS);
    assert.deepEqual(duplicates(results.map((line) => line.id)), []);
    assert.equal(kinds('file_upload'), 1, 'uploaded once');
    assert.equal(kinds('batch_create'), 1, 'submitted once');
    assert.equal(provider.batchLines.length, ITEMS, 'each line answered once');
    assert.equal(kinds('file_content'), 1, 'collected once');
    assert.equal(provider.calls.filter((call) => call.kind === undefined).length, 0, 'no synchronous call');
  });
});
