// Integration tests — kill -9 the worker process mid-batch; a new worker finishes it, nothing is written twice or re-asked
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { startBatch } from '../../client/batch-client';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { spawnCli, tempFiles } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';
import {
  answer,
  documentOfCall,
  duplicates,
  kindOf,
  readLines,
  request,
  waitFor,
  writeItems,
  type ErrorLine,
  type ItemKind,
  type ResultLine,
} from './batch-env';

const ITEMS = 60;
const CONCURRENCY = 6;

/**
 * A gate in front of the fake models. Open: calls are answered (after a little latency) and logged as answered.
 * Closed: calls wait at the gate. Once every item in flight waits there, every answered call's result is known to
 * have been recorded by Temporal (its item moved on to another call or finished), so the kill can happen then.
 */
class Gate {
  closed = false;
  killed = false;
  readonly answered: string[] = [];
  readonly waiting = new Set<string>();
  readonly afterKill: string[] = [];
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  wrap(passes: ItemKind[]): (ctx: FakeCallContext) => Promise<FakeReply> {
    const reply = answer(passes, 30);
    return async (ctx) => {
      const key = `${ctx.model}|${documentOfCall(ctx.body)}`;
      if (this.killed) this.afterKill.push(key);
      else if (this.closed) {
        this.waiting.add(key);
        await this.opened; // answers a socket whose worker is dead by then
      } else this.answered.push(key);
      return reply(ctx);
    };
  }

  release(): void {
    this.killed = true;
    this.open();
  }
}

describe('batch: worker killed with SIGKILL mid-batch', () => {
  const gate = new Gate();
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'batch-crash',
      noWorker: true,
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: gate.wrap(['ok']) }]],
        ['standard', [{ ref: 'std/medium', behavior: gate.wrap(['ok', 'escalate']) }]],
      ],
      // Calls waiting at the gate must not time out before the kill; the dead worker's are found by heartbeat.
      tierDefaults: { timeoutMs: 60_000 },
    });
    address = (await getTestServer()).address;
    files = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } } });
  });
  after(() => env.close());

  it('completes on a new worker: every item once, no answered call sent again, at most the in-flight ones re-sent', async () => {
    const worker = spawnCli(['worker', '--config', files['config.json']!, '--address', address]);
    const input = writeItems(files.dir, ITEMS, (n) => (kindOf(n) === 'fail' ? 'ok' : kindOf(n)));
    const out = join(files.dir, 'out.jsonl');
    const batch = await startBatch(
      env.temporal.client,
      request(input, out, { batchId: `crash-${Date.now()}`, concurrency: CONCURRENCY }),
      { catalog: env.catalog, taskQueue: env.taskQueue },
    );

    await waitFor(() => readLines(out).length >= 15, 'a quarter of the batch to finish');
    gate.closed = true;
    await waitFor(() => gate.waiting.size === CONCURRENCY, 'every item in flight to wait at the gate');
    const linesAtKill = readLines(out).length;
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
    gate.release();

    const second = spawnCli(['worker', '--config', files['config.json']!, '--address', address]);
    try {
      const report = await batch.result();
      const results = readLines<ResultLine>(out);
      assert.equal(report.status, 'completed');
      assert.equal(report.ok, ITEMS);
      assert.deepEqual(duplicates(results.map((r) => r.id)), []);
      assert.equal(results.length, ITEMS);
      assert.deepEqual(readLines<ErrorLine>(join(files.dir, 'out.errors.jsonl')), []);
      assert.ok(linesAtKill < ITEMS, 'the kill happened mid-batch');

      const answered = new Set(gate.answered);
      assert.deepEqual(
        gate.afterKill.filter((key) => answered.has(key)),
        [],
        'no call answered before the kill was sent again',
      );
      // The calls waiting at the kill died with the worker; Temporal retried exactly those (heartbeat timeout).
      const resent = gate.afterKill.filter((key) => gate.waiting.has(key));
      assert.equal(resent.length, CONCURRENCY, `re-sent ${resent.length} calls, the ${CONCURRENCY} in flight expected`);
      assert.deepEqual(duplicates(gate.afterKill), [], 'each call after the kill once');
      assert.equal(env.provider.calls.length, gate.answered.length + gate.waiting.size + gate.afterKill.length);
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  });
});
