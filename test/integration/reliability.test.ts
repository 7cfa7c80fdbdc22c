// Integration tests — nothing hangs: poisoned workflow input fails typed, timeouts end forgotten workflows,
// `run` with no worker says so, and a finished batch exits 0 every time
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CascadeError, startCascade } from '../../client/cascade-client';
import { prepareCascade } from '../../client/prepare';
import { startCascadeEnv, TEST_TASK, type CascadeEnv } from '../helpers/cascade-env';
import { runCli, tempFiles } from '../helpers/cli';
import { getTestServer, uniqueTaskQueue } from '../helpers/temporal';
import { answer, documentOf, schema } from './batch-env';

describe('reliability: nothing hangs', () => {
  let env: CascadeEnv;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'reliability',
      tiers: [['economy', [{ ref: 'eco/small', behavior: answer(['ok']) }]]],
    });
    address = (await getTestServer()).address;
  });
  after(() => env.close());

  it(
    'an exception in workflow code (a 1e308 price slipped into the input) fails the workflow, typed, at once',
    { timeout: 30_000 },
    async () => {
      const input = structuredClone(
        prepareCascade(env.catalog, { task: TEST_TASK, schema, input: documentOf(1, 'ok') }, '2026-11-30'),
      );
      input.route.tiers[0]!.candidates[0]!.price.inputUsdPerMTok = 1e308; // BigInt(Infinity) in the money maths
      const started = Date.now();
      const handle = await env.temporal.client.workflow.start('cascadeWorkflow', {
        taskQueue: env.taskQueue,
        workflowId: `poisoned-${Date.now()}`,
        args: [input],
      });
      const error = await handle.result().then(
        () => assert.fail('the poisoned cascade succeeded'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof WorkflowFailedError, String(error));
      assert.ok(error.cause instanceof ApplicationFailure, String(error.cause));
      assert.equal(error.cause.type, 'RangeError');
      assert.match(error.cause.message, /BigInt/);
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      assert.equal(env.callsTo('eco/small').length, 0);
    },
  );

  it('a cascade nobody serves ends at its execution timeout instead of waiting forever', async () => {
    const handle = await startCascade(
      env.temporal.client,
      { task: TEST_TASK, schema, input: documentOf(2, 'ok') },
      { catalog: env.catalog, taskQueue: uniqueTaskQueue('nobody'), executionTimeout: '2s' },
    );
    const error = await handle.result().then(
      () => assert.fail('succeeded with no worker'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'TimeoutFailure');
    const defaulted = await env.start({ schema, input: documentOf(3, 'ok') });
    const description = await defaulted.handle.describe();
    assert.equal(Number(description.raw.executionConfig?.workflowExecutionTimeout?.seconds), 86_400);
    await defaulted.result();
  });

  it('`run` against a task queue no worker polls fails within seconds, saying so, and starts nothing', async () => {
    const files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: uniqueTaskQueue('no-worker') } },
      'schema.json': schema,
    });
    const started = Date.now();
    const result = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      TEST_TASK,
      '--schema',
      files['schema.json']!,
      '--input',
      documentOf(4, 'ok'),
      '--address',
      address,
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /no worker polls task queue "no-worker-.*--with-worker/);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  it('a finished batch exits 0 every time: five runs, each with its own embedded server and worker', async () => {
    const files = tempFiles({
      'config.json': env.catalogJson,
      'schema.json': schema,
      'items.jsonl': [1, 2, 3].map((n) => JSON.stringify({ id: `i${n}`, text: documentOf(n, 'ok') })).join('\n'),
    });
    const runs: string[] = [];
    for (let run = 0; run < 5; run++) {
      const result = await runCli(
        [
          'batch',
          '--config',
          files['config.json']!,
          '--task',
          TEST_TASK,
          '--schema',
          files['schema.json']!,
          '--input',
          files['items.jsonl']!,
          '--out',
          `${files.dir}/out-${run}.jsonl`,
        ],
        { TEMPORAL_ADDRESS: '' },
      );
      assert.match(result.stdout, /completed/);
      runs.push(`${result.code}${result.code ? `: ${result.stderr.slice(-400)}` : ''}`);
    }
    assert.deepEqual(runs, ['0', '0', '0', '0', '0']);
  });
});
