// Integration tests — the worker's catalog decides every route: clients send requests, not routes (real dev server, fake provider)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { defaultCatalog } from '../../catalog/node/load';
import { catalogFingerprint } from '../../catalog/node/fingerprint';
import { runBatch } from '../../client/batch-client';
import { CascadeError, runCascade } from '../../client/cascade-client';
import { runAgent } from '../../client/agent-client';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import { startCascadeEnv, TEST_TASK, type CascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { uniqueTaskQueue } from '../helpers/temporal';

const Contact = z.object({ name: z.string(), email: z.string() });
const ANSWER = { name: 'Ada', email: 'ada@example.com' };

describe("the worker's catalog decides every route", () => {
  let env: CascadeEnv;

  before(async () => {
    env = await startCascadeEnv({
      name: 'worker-routing',
      tiers: [
        ['economy', [{ ref: 'fake/eco', behavior: { kind: 'content', content: ANSWER } }]],
        ['premium', [{ ref: 'fake/pre', behavior: { kind: 'content', content: ANSWER } }]],
      ],
    });
  });
  after(() => env.close());

  it("a client with no catalog: the cascade runs on the worker's catalog (every provider the fake)", async () => {
    const result = await runCascade(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: 'Ada <ada@example.com>' },
      { taskQueue: env.taskQueue },
    );
    assert.deepEqual(result.output, ANSWER);
    assert.equal(result.finalModel, 'fake/eco');
    assert.equal(env.callsTo('fake/eco').length >= 1, true);
  });

  it('a client holding another catalog is refused by the worker before any provider call, naming both catalogs', async () => {
    // The built-in catalog routes `extract` through real providers; the worker's routes through the fake.
    const clientCatalog = defaultCatalog();
    assert.ok(clientCatalog.routes[TEST_TASK]);
    const calls = env.provider.calls.length;
    const refused = await runCascade(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: 'Ada <ada@example.com>', startTier: 'premium' },
      { taskQueue: env.taskQueue, catalog: clientCatalog },
    ).catch((error: unknown) => error);
    assert.ok(refused instanceof CascadeConfigError, String(refused));
    assert.equal(refused.code, ConfigErrorCode.CatalogMismatch);
    const [worker, client] = [catalogFingerprint(env.catalog), catalogFingerprint(clientCatalog)];
    assert.match(refused.message, new RegExp(`worker \\d+@\\S+ catalog:${worker} on task queue "${env.taskQueue}"`));
    assert.match(
      refused.message,
      new RegExp(`plans with catalog ${worker}, but this request was sent for catalog ${client}`),
    );
    assert.equal(env.provider.calls.length, calls, 'no provider call');
    // A batch is refused the same way, before its first item.
    const { dir } = tempFiles({ 'items.jsonl': `${JSON.stringify({ id: 'a', text: 'Ada' })}\n` });
    const batch = await runBatch(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: join(dir, 'items.jsonl'), output: join(dir, 'out.jsonl') },
      { taskQueue: env.taskQueue, catalog: clientCatalog, intervalMs: 100 },
    ).catch((error: unknown) => error);
    assert.ok(batch instanceof CascadeConfigError && batch.code === ConfigErrorCode.CatalogMismatch, String(batch));
    assert.equal(env.provider.calls.length, calls, 'no provider call');
    // So is every step of an agent job: the job ends failed at its first step, naming both catalogs.
    const job = await runAgent(
      env.temporal.client,
      {
        agent: {
          name: 'mismatch',
          instructions: 'Answer.',
          tools: [],
          task: TEST_TASK,
          finalSchema: { type: 'object', properties: { name: { type: 'string' } } },
        },
        goal: 'Who is Ada?',
      },
      { taskQueue: env.taskQueue, catalog: clientCatalog },
    );
    assert.equal(job.ending, 'failed');
    assert.match(
      job.reason ?? '',
      new RegExp(`plans with catalog ${worker}, but this request was sent for catalog ${client}`),
    );
    assert.equal(job.steps, 0);
    assert.equal(env.provider.calls.length, calls, 'no provider call');
  });

  it('the same catalog plans and records its fingerprint; matchWorkerCatalog: false makes a catalog a pre-check only', async () => {
    const same = await runCascade(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: 'Ada <ada@example.com>' },
      { taskQueue: env.taskQueue, catalog: env.catalog },
    );
    assert.equal(same.catalogFingerprint, catalogFingerprint(env.catalog));
    const result = await runCascade(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: 'Ada <ada@example.com>', startTier: 'premium' },
      { taskQueue: env.taskQueue, catalog: defaultCatalog(), matchWorkerCatalog: false },
    );
    assert.equal(result.finalModel, 'fake/pre');
    assert.ok(result.attempts.every((row) => row.provider === 'fake'));
  });

  it('a bad request fails fast with the typed error, reported by the worker when the client has no catalog', async () => {
    const unknownTask = await runCascade(
      env.temporal.client,
      { task: 'no-such-task', schema: Contact, input: 'x' },
      { taskQueue: env.taskQueue },
    ).then(
      () => assert.fail('should fail'),
      (error: unknown) => error,
    );
    assert.ok(unknownTask instanceof CascadeConfigError, String(unknownTask));
    assert.equal(unknownTask.code, ConfigErrorCode.UnknownTask);
    assert.match(unknownTask.message, /no route for task "no-such-task" \(known tasks: extract\)/);

    const badTier = await runCascade(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: 'x', startTier: 'gold' },
      { taskQueue: env.taskQueue },
    ).catch((error: unknown) => error);
    assert.ok(badTier instanceof CascadeConfigError);
    assert.equal(badTier.code, ConfigErrorCode.InvalidRequest);
    assert.match(badTier.message, /tiers: economy, premium/);
  });

  it('a budget too small for any candidate fails as BudgetExceeded before any call', async () => {
    const calls = env.provider.calls.length;
    const error = await runCascade(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input: 'Ada', maxCostUsd: 0.000001 },
      { taskQueue: env.taskQueue },
    ).catch((failure: unknown) => failure);
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'BudgetExceededError');
    assert.equal(env.provider.calls.length, calls);
  });

  it("a batch from a client with no catalog takes the worker's route", async () => {
    const { dir } = tempFiles({ 'items.jsonl': `${JSON.stringify({ id: 'a', text: 'Ada <ada@example.com>' })}\n` });
    const input = join(dir, 'items.jsonl');
    const report = await runBatch(
      env.temporal.client,
      { task: TEST_TASK, schema: Contact, input, output: join(dir, 'out.jsonl') },
      { taskQueue: env.taskQueue, intervalMs: 100 },
    );
    assert.equal(report.ok, 1, JSON.stringify(report));
    const line = JSON.parse(readFileSync(join(dir, 'out.jsonl'), 'utf8').trim()) as { finalModel: string };
    assert.equal(line.finalModel, 'fake/eco');
  });
});

describe("CascadePlugin({ catalog: './catalog.json' }) decides routing", () => {
  let env: CascadeEnv;
  before(async () => {
    env = await startCascadeEnv({
      name: 'plugin-catalog-path',
      noWorker: true,
      tiers: [['economy', [{ ref: 'file/eco', behavior: { kind: 'content', content: ANSWER } }]]],
    });
  });
  after(() => env.close());

  it('a worker given a catalog file routes through its providers; the client passes no catalog', async () => {
    const path = tempFiles({ 'catalog.json': env.catalogJson })['catalog.json']!;
    const taskQueue = uniqueTaskQueue('plugin-catalog-path');
    const worker = await Worker.create({
      connection: env.temporal.nativeConnection,
      namespace: env.temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      plugins: [new CascadePlugin({ catalog: path })],
    });
    const result = await worker.runUntil(
      runCascade(env.temporal.client, { task: TEST_TASK, schema: Contact, input: 'Ada' }, { taskQueue }),
    );
    assert.equal(result.finalModel, 'file/eco');
    assert.equal(env.callsTo('file/eco').length, 1);
  });
});
