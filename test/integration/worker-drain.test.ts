// Integration tests — `llm-cascade worker` on SIGTERM during a slow provider call: it stops polling, its health
// endpoint turns 503, the call completes and lands in the ledger once, and the process exits 0; with no grace the
// call is cut and sent again by the next worker (what the grace buys). Metrics and health bind where they are told.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { expectWorker } from '../../cli/temporal';
import { findFreePorts } from '../../server/free-port';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

const SLOW_MS = 4_000;

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
}

async function health(port: number, host = '127.0.0.1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://${host}:${port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('worker: graceful drain on SIGTERM', () => {
  let env: CascadeEnv;
  let config: string;
  let address: string;
  const workers: ChildProcess[] = [];

  before(async () => {
    env = await startCascadeEnv({
      name: 'worker-drain',
      noWorker: true,
      tiers: [
        ['economy', [{ ref: 'a/slow', behavior: { kind: 'content', content: { name: 'Ada' }, delayMs: SLOW_MS } }]],
      ],
      tierDefaults: { timeoutMs: 60_000 },
    });
    address = (await getTestServer()).address;
    config = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } } })[
      'config.json'
    ]!;
  });
  after(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await env.close();
  });

  const startWorker = (...extra: string[]) => {
    const child = spawnCli(['worker', '--config', config, '--address', address, ...extra]);
    workers.push(child);
    return child;
  };

  it('the in-flight call completes and is in the ledger once; health says draining; exit 0', async () => {
    const [healthPort, metricsPort] = await findFreePorts(2);
    const first = startWorker(
      '--shutdown-grace',
      '30s',
      '--health-port',
      String(healthPort),
      '--metrics-port',
      String(metricsPort),
    );
    await expectWorker(env.temporal.client, env.taskQueue, 60_000);
    assert.deepEqual((await health(healthPort!)).status, 200);
    assert.match(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), /# TYPE /);

    const run = await env.start({ schema: { type: 'object', properties: { name: { type: 'string' } } }, input: 'Ada' });
    await waitFor(() => env.callsTo('a/slow').length === 1, 'the slow call to be in flight');
    const done = exited(first);
    first.kill('SIGTERM');
    // While the call is still running: no longer polling, so not ready.
    await waitFor(() => first.output().includes('SIGTERM: draining'), 'the drain to start', 5_000);
    const draining = await health(healthPort!);
    assert.equal(draining.status, 503);
    assert.equal(draining.body.status, 'draining');
    assert.equal(draining.body.inFlightActivities, 1);

    const exit = await done;
    assert.deepEqual([exit.code, exit.signal], [0, null], first.output());
    const [call] = env.callsTo('a/slow');
    assert.equal(call!.status, 200, 'the provider answered the call in flight');
    assert.ok(exit.at >= call!.at + SLOW_MS, 'the worker exited after the call completed');
    assert.match(first.output(), /drained: every in-flight task finished/);

    // The completed attempt is in history: a new worker finishes the cascade without calling again.
    startWorker();
    const result = await run.result();
    assert.deepEqual(result.output, { name: 'Ada' });
    assert.deepEqual(
      result.attempts.map((attempt) => [attempt.ref, attempt.outcome, attempt.tries]),
      [['a/slow', 'ok', 1]],
    );
    assert.ok(result.totalCostUsd > 0, 'billed');
    assert.equal(env.callsTo('a/slow').length, 1, 'the call was not sent again');
  });

  it('with --shutdown-grace 0 the call in flight is cut and the next worker sends it again', async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(workers.filter((child) => child.exitCode === null).map(exited));
    env.provider.clearCalls();
    const first = startWorker('--shutdown-grace', '0');
    await expectWorker(env.temporal.client, env.taskQueue, 60_000);
    const run = await env.start({ schema: { type: 'object', properties: { name: { type: 'string' } } }, input: 'Bo' });
    await waitFor(() => env.callsTo('a/slow').length === 1, 'the slow call to be in flight');
    const done = exited(first);
    first.kill('SIGTERM');
    await done;
    startWorker();
    const result = await run.result();
    assert.deepEqual(result.output, { name: 'Ada' });
    assert.equal(env.callsTo('a/slow').length, 2, 'cut short, so sent again');
  });

  it('metrics and health bind the interface they are given', async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(workers.filter((child) => child.exitCode === null).map(exited));
    const [healthPort, metricsPort] = await findFreePorts(2);
    // 127.0.0.2 is loopback too, but not 127.0.0.1: an endpoint bound to the default would not answer there.
    const worker = startWorker(
      '--health-port',
      String(healthPort),
      '--health-host',
      '127.0.0.2',
      '--metrics-port',
      String(metricsPort),
      '--metrics-host',
      '127.0.0.2',
    );
    // Earlier workers of this queue still show as its pollers for a while: wait for this one's own endpoint.
    let ready = false;
    for (const deadline = Date.now() + 60_000; !ready && Date.now() < deadline;) {
      ready = await health(healthPort!, '127.0.0.2').then(
        (answer) => answer.status === 200,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(ready, worker.output());
    assert.equal((await fetch(`http://127.0.0.2:${metricsPort}/metrics`)).status, 200);
    await assert.rejects(fetch(`http://127.0.0.1:${healthPort}/health`));
    await assert.rejects(fetch(`http://127.0.0.1:${metricsPort}/metrics`));
    const done = exited(worker);
    worker.kill('SIGTERM');
    assert.equal((await done).code, 0);
  });
});
