// Integration tests — an answer the provider billed whose activity never completed (its worker stalled, as a dead
// worker would) is in the ledger store: the activity records it the moment it arrives; the real dev server, the fake
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { CascadePlugin } from '../../worker/plugin';
import { workflowBundle } from '../../worker/bundle';
import { createLedgerWriter, openLedgerStore } from '../../store/store';
import type { LedgerTarget } from '../../store/config';
import type { LedgerWriter } from '../../store/write/writer';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const SCHEMA = {
  type: 'object',
  properties: { word: { type: 'string' } },
  required: ['word'],
  additionalProperties: false,
};

/**
 * Lets `callModel` run (the provider answers and bills), then never completes its first call: Temporal sees no
 * heartbeat, times the try out and retries it, exactly as when the worker died after the answer arrived.
 */
class StallFirstAnswer implements ActivityInboundCallsInterceptor {
  static stalled = 0;
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const result = await next(input);
    if (Context.current().info.activityType === 'callModel' && StallFirstAnswer.stalled++ === 0)
      await Context.current().cancelled; // until the worker shuts down: the answer never reaches the workflow
    return result;
  }
}

describe('the ledger store keeps a billed answer whose activity never completed', () => {
  let env: CascadeEnv;
  let dir: string;
  let target: LedgerTarget & { engine: 'sqlite' };
  let writer: LedgerWriter;
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-paid-answer-'));
    target = { engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'ledger.db.outbox') };
    writer = createLedgerWriter(target);
    env = await startCascadeEnv({
      name: 'ledger-paid-answer',
      noWorker: true,
      // A short call timeout: the stalled try times out (no heartbeat) in seconds, then the second try runs.
      tierDefaults: { triesPerCandidate: 2, timeoutMs: 2_000 },
      tiers: [['economy', [{ ref: 'cheap/eco', behavior: { kind: 'content', content: { word: 'ok' } } }]]],
    });
    worker = await Worker.create({
      connection: env.temporal.nativeConnection,
      namespace: env.temporal.namespace,
      taskQueue: env.taskQueue,
      workflowBundle: await workflowBundle(),
      interceptors: { activity: [() => ({ inbound: new StallFirstAnswer() })] },
      plugins: [new CascadePlugin({ catalog: env.catalog, ledger: writer })],
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await env?.close();
    await writer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both paid answers are rows of the store, equal to the provider bill; the history has the second', async () => {
    const result = await env.run({ schema: SCHEMA, input: 'paid twice' });
    // The workflow only ever learned of the second try's answer.
    assert.deepEqual(
      result.attempts.map((a) => [a.seq, a.outcome, a.tries]),
      [[1, 'ok', 2]],
    );
    assert.equal(env.callsTo('cheap/eco').length, 2, 'the provider answered (and billed) both tries');

    assert.equal(await writer.flush(), true, 'the outbox drained');
    const store = await openLedgerStore(target);
    try {
      const [ledger] = await store.requestLedger(result.workflowId);
      const cost = result.attempts[0]!.costMicroUsd;
      assert.deepEqual(
        ledger!.attempts.map((a) => [a.seq, a.activityAttempt, a.outcome, a.costMicroUsd]),
        [
          [1, 1, 'ok', cost],
          [1, 2, 'ok', cost],
        ],
      );
      const report = await store.report({ by: 'task' });
      assert.equal(report.total.costMicroUsd, env.provider.bill().chatMicroUsd, 'store = provider bill');
      assert.equal(report.total.requests, 1);
    } finally {
      await store.close();
    }
  });
});
