// Integration tests — pause, resume and cancel signals, the batch budget, and resuming what was left undone
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FakeReply } from '../../sim/fake-provider';
import { startBatch, watchBatch, type BatchHandle, type BatchProgress } from '../../client/batch-client';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import {
  answer,
  documentOfCall,
  duplicates,
  readLines,
  request,
  waitFor,
  writeItems,
  type ErrorLine,
  type ResultLine,
} from './batch-env';
import { writeFileSync } from 'node:fs';

const ITEMS = 40;
/** Every call bills 1000 prompt + 100 completion tokens at $1/$2 per 1M: 1,200 micro-USD. */
const CALL_MICRO_USD = 1_200;

describe('batch: signals and budget', () => {
  let env: CascadeEnv;
  let dir: string;
  let input: string;

  before(async () => {
    const ok = answer(['ok'], 60);
    env = await startCascadeEnv({
      name: 'batch-control',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/small',
              behavior: (ctx) => ({
                ...(ok(ctx) as FakeReply & { kind: 'content' }),
                usage: { promptTokens: 1000, completionTokens: 100 },
                // A slow item, so a test can terminate its workflow while it runs.
                ...(documentOfCall(ctx.body).startsWith('slow') ? { delayMs: 30_000 } : {}),
              }),
            },
          ],
        ],
      ],
    });
    dir = tempFiles({}).dir;
    input = writeItems(dir, ITEMS, () => 'ok');
  });
  after(() => env.close());

  const start = (out: string, extra: Parameters<typeof request>[2] = {}) =>
    startBatch(env.temporal.client, request(input, join(dir, out), { concurrency: 4, ...extra }), {
      catalog: env.catalog,
      taskQueue: env.taskQueue,
    });

  async function progressUntil(
    batch: BatchHandle,
    predicate: (p: BatchProgress) => boolean,
    what: string,
  ): Promise<BatchProgress> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const progress = await batch.progress();
      if (predicate(progress)) return progress;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(progress)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('pause stops starting items, in-flight ones finish; starting the same id attaches; resume goes on to the end', async () => {
    const batch = await start('paused.jsonl', { batchId: 'pause-resume' });
    await progressUntil(batch, (p) => p.done >= 5, 'five items done');
    await batch.pause();
    const paused = await progressUntil(
      batch,
      (p) => p.phase === 'paused' && p.inFlight === 0,
      'in-flight items to drain',
    );
    const calls = env.provider.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(env.provider.calls.length, calls, 'no call while paused');
    assert.equal((await batch.progress()).done, paused.done);
    assert.ok(paused.done < ITEMS);
    const attached = await start('paused.jsonl', { batchId: 'pause-resume' });
    assert.equal(attached.attached, true, 'starting a running batch id attaches to it');
    await attached.resume();
    const report = await batch.result();
    assert.equal(report.status, 'completed');
    assert.equal(report.ok, ITEMS);
  });

  it('cancel lets in-flight items finish and reports the rest undone; rerunning the batch id finishes them', async () => {
    const batch = await start('cancelled.jsonl', { batchId: 'cancel-rerun' });
    await progressUntil(batch, (p) => p.done >= 5, 'five items done');
    await batch.cancel('enough for today');
    const report = await batch.result();
    const lines = readLines<ResultLine>(join(dir, 'cancelled.jsonl'));
    assert.equal(report.status, 'cancelled');
    assert.equal(report.stopReason, 'enough for today');
    assert.equal(report.ok, lines.length, 'every item in flight finished and was written');
    assert.ok(report.undone > 0);
    assert.equal(report.ok + report.undone, ITEMS);

    const callsBefore = env.provider.calls.length;
    const rest = await watchBatch(await start('cancelled.jsonl', { batchId: 'cancel-rerun' }), () => undefined);
    assert.equal(rest.status, 'completed');
    assert.equal(rest.skipped, report.ok);
    assert.equal(rest.ok, report.undone);
    assert.equal(env.provider.calls.length - callsBefore, report.undone, 'only the undone items were sent');
    const all = readLines<ResultLine>(join(dir, 'cancelled.jsonl'));
    assert.equal(all.length, ITEMS);
    assert.deepEqual(duplicates(all.map((line) => line.id)), []);
  });

  it('the batch budget stops starting items before it is exceeded and reports what was left undone', async () => {
    const maxMicroUsd = 10 * CALL_MICRO_USD;
    const report = await watchBatch(
      await start('budget.jsonl', { batchId: 'budget', maxCostUsd: maxMicroUsd / 1e6 }),
      () => undefined,
    );
    const lines = readLines<ResultLine>(join(dir, 'budget.jsonl'));
    assert.equal(report.status, 'budget_exhausted');
    assert.match(report.stopReason ?? '', /budget/);
    assert.ok(report.costMicroUsd <= maxMicroUsd, `spent ${report.costMicroUsd} of ${maxMicroUsd}`);
    assert.ok(report.ok >= 1 && report.ok < ITEMS);
    assert.equal(report.ok, lines.length);
    assert.equal(report.costMicroUsd, lines.length * CALL_MICRO_USD);
    assert.equal(report.undone, ITEMS - report.ok);
  });

  it('with itemWorkflows, an item workflow that fails anyway (terminated here) becomes an error line; the batch goes on', async () => {
    const items = join(dir, 'with-slow.jsonl');
    const lines = ['a', 'slow', 'b', 'c'].map((id) =>
      JSON.stringify({ id, text: id === 'slow' ? 'slow document' : `Document 1 kind=ok ${id}` }),
    );
    writeFileSync(items, lines.join('\n'));
    const batch = await startBatch(
      env.temporal.client,
      request(items, join(dir, 'terminated.jsonl'), { batchId: 'terminate', concurrency: 4, itemWorkflows: true }),
      {
        catalog: env.catalog,
        taskQueue: env.taskQueue,
      },
    );
    const slow = env.temporal.client.workflow.getHandle(`${batch.workflowId}/slow`);
    let running = false;
    await waitFor(() => {
      void slow.describe().then(
        (d) => (running = d.status.name === 'RUNNING'),
        () => undefined,
      );
      return running;
    }, 'the slow item to run');
    await slow.terminate('stuck item');
    const report = await batch.result();
    assert.deepEqual([report.status, report.ok, report.failed], ['completed', 3, 1]);
    const [error] = readLines<ErrorLine>(join(dir, 'terminated.errors.jsonl'));
    assert.equal(error?.id, 'slow');
    assert.equal(error?.code, 'item_workflow_failed');
    assert.match(error?.reason ?? '', /terminate/i);
  });
});
