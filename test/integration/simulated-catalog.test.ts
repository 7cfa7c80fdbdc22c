// Integration tests — the keyless paths on the real dev server: `catalog: 'simulated'` answers in-process (no
// network, `sim-…` refs, priced), and a worker without any key of a route refuses its requests with the variables
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { runCascade } from '../../client/cascade-client';
import { CascadeConfigError } from '../../catalog/errors';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin, type CascadePluginOptions } from '../../worker/plugin';
import { quietRuntime } from '../helpers/quiet-runtime';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

quietRuntime();

const schema = {
  type: 'object',
  properties: { vendor: { type: 'string' }, total: { type: 'number' } },
  required: ['vendor', 'total'],
  additionalProperties: false,
};

describe('keyless paths', () => {
  let temporal: TestClient;
  /** Every request that left the worker through fetch: the simulated catalog must send none. */
  const sent: string[] = [];
  const recordingFetch: typeof fetch = (input) => {
    sent.push(input instanceof Request ? input.url : String(input));
    return Promise.reject(new Error('no network in this test'));
  };

  before(async () => {
    temporal = await connectClient();
  });
  after(async () => {
    await temporal?.close();
  });

  async function withWorker<T>(options: CascadePluginOptions, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('keyless');
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      plugins: [new CascadePlugin(options)],
    });
    return worker.runUntil(body(taskQueue));
  }

  it("catalog: 'simulated' answers in-process: sim- refs, a priced ledger, no request on the network", async () => {
    const results = await withWorker({ catalog: 'simulated', fetch: recordingFetch, env: {} }, async (taskQueue) => {
      const runs = [];
      for (let i = 0; i < 4; i += 1)
        runs.push(
          await runCascade(
            temporal.client,
            { task: 'extract', schema, input: `ACME invoice ${i}, total 12` },
            { taskQueue },
          ),
        );
      return runs;
    });
    assert.deepEqual(sent, []);
    for (const result of results) {
      assert.equal(typeof (result.output as { total?: unknown }).total, 'number');
      assert.ok(result.attempts.length >= 1);
      for (const attempt of result.attempts) assert.match(attempt.ref, /^sim-/);
      assert.ok(result.totalCostUsd > 0, 'simulated answers are priced at the real models’ prices');
    }
  });

  it('a worker with none of the route’s keys refuses the request at planning, naming the variables, and calls nothing', async () => {
    const error = await withWorker({ fetch: recordingFetch, env: {} }, (taskQueue) =>
      runCascade(
        temporal.client,
        { task: 'extract', schema, input: 'ACME, total 12', maxCostUsd: 0.05 },
        { taskQueue },
      ).then(
        () => assert.fail('the cascade should have been refused'),
        (caught: unknown) => caught,
      ),
    );
    assert.ok(error instanceof CascadeConfigError, String(error));
    assert.equal(error.code, 'MISSING_API_KEY');
    for (const variable of ['DEEPSEEK_API_KEY', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY'])
      assert.match(error.message, new RegExp(variable));
    assert.doesNotMatch(error.message, /budget/);
    assert.match(error.message, /simulated/);
    assert.deepEqual(sent, []);
  });
});
