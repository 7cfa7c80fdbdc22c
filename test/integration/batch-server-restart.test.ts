// Integration tests — stop the Temporal dev server (persisted in SQLite) mid-batch and start it again: the batch completes
// First: installs a runtime that keeps core's expected gRPC retry warnings out of the output.
import {
  duplicates,
  readLines,
  request,
  threeTiers,
  waitFor,
  writeItems,
  type ErrorLine,
  type ResultLine,
} from './batch-env';
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
import { testCatalogJson } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { startServerInPlace } from '../helpers/server-in-place';

const ITEMS = 60;

describe('batch: dev server restarted mid-batch', () => {
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

  it('the batch picks up where it was once the server is back on the same port and database', async () => {
    const options = threeTiers('batch-restart', 40);
    const catalog = parseCatalog(testCatalogJson(provider.baseURL, options), 'restart catalog');
    for (const [, models] of options.tiers) for (const m of models) provider.setModel(m.ref.split('/')[1]!, m.behavior);
    const connection = await Connection.connect({ address: server.address });
    closers.push(() => connection.close());
    const client = new Client({ connection, namespace: server.namespace });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    closers.push(() => nativeConnection.close());
    const taskQueue = 'batch-restart';
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
      request(writeItems(files.dir, ITEMS), out, { batchId: 'restart', concurrency: 8 }),
      { catalog, taskQueue },
    );
    await waitFor(() => readLines(out).length >= 12, 'some items to finish');
    await server.stop();
    const linesWhileDown = readLines(out).length;
    server = await startServerInPlace(files.dir, server.port);

    const report = await batch.result();
    const results = readLines<ResultLine>(out);
    const errors = readLines<ErrorLine>(join(files.dir, 'out.errors.jsonl'));
    assert.equal(report.status, 'completed');
    assert.ok(linesWhileDown < ITEMS, 'the server went down mid-batch');
    assert.deepEqual(duplicates([...results, ...errors].map((line) => line.id)), []);
    assert.equal(results.length + errors.length, ITEMS);
    assert.deepEqual([report.ok, report.failed], [results.length, errors.length]);
    assert.equal(
      report.costMicroUsd,
      [...results, ...errors].reduce((sum, line) => sum + line.costMicroUsd, 0),
    );
  });
});
