// Integration tests — `llm-cascade serve --with-worker` on SIGTERM while a slow chat completion is in flight (real
// dev server, real HTTP on loopback, the fake provider): the open request is answered and its ledger equals the
// provider's bill, a new connection is refused and a request arriving on a connection already open gets 503 +
// Connection: close, the in-process worker finishes its model call, and the process exits 0; with a short grace the
// open request is cut, and its retry with the same Idempotency-Key attaches to the cascade that went on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { CascadeResult } from '../../workflows/definitions';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

const SLOW_MS = 4_000;
const VALID = { name: 'Ada Lovelace', email: 'ada@example.com' };
const CONTACT = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string' } },
  required: ['name', 'email'],
};
const BODY = JSON.stringify({
  model: 'cascade/extract',
  messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }],
});

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

/** A chat completion on a connection of its own (no pool): status, headers, body; rejects when the connection fails. */
function chat(port: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/chat/completions',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

describe('serve: graceful drain on SIGTERM', () => {
  let env: CascadeEnv;
  let config: string;
  let address: string;
  const children: ChildProcess[] = [];

  before(async () => {
    env = await startCascadeEnv({
      name: 'gateway-drain',
      noWorker: true,
      tiers: [['economy', [{ ref: 'a/slow', behavior: { kind: 'content', content: VALID, delayMs: SLOW_MS } }]]],
      tierDefaults: { timeoutMs: 60_000 },
    });
    address = (await getTestServer()).address;
    const gateway = { tasks: { extract: { schema: CONTACT } } };
    config = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue }, gateway } })[
      'config.json'
    ]!;
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await env.close();
  });

  async function serve(...extra: string[]) {
    const child = spawnCli([
      'serve',
      '--config',
      config,
      '--address',
      address,
      '--port',
      '0',
      '--with-worker',
      ...extra,
    ]);
    children.push(child);
    await waitFor(() => /serve: http:\/\/127\.0\.0\.1:(\d+)\/v1/.test(child.output()), `serve to listen`).catch(
      (error: Error) => assert.fail(`${error.message}:\n${child.output()}`),
    );
    return { child, port: Number(/serve: http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(child.output())![1]) };
  }

  it('the open request is answered with an exact ledger, new ones are refused, the worker drains, exit 0', async () => {
    const { child, port } = await serve('--shutdown-grace', '30s');
    // A client whose request headers are on the way when the signal comes: the connection is open, not idle.
    const late = net.connect(port, '127.0.0.1');
    let lateAnswer = '';
    late.on('data', (chunk: Buffer) => (lateAnswer += chunk.toString()));
    const lateClosed = new Promise((resolve) => late.once('close', resolve));
    await new Promise((resolve) => late.once('connect', resolve));
    late.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    const inFlight = chat(port, { 'Idempotency-Key': `drain-${Date.now()}` });
    await waitFor(() => env.callsTo('a/slow').length === 1, 'the slow call to be in flight');
    const done = exited(child);
    child.kill('SIGTERM');
    await waitFor(() => child.output().includes('SIGTERM: draining'), 'the drain to start', 5_000);
    assert.match(child.output(), /up to 30 s for 1 open request/);

    // A new connection: the listener is closed.
    await assert.rejects(chat(port), /ECONNREFUSED/);
    // The request that arrives on the open connection: 503, and the connection is closed.
    late.write(`content-type: application/json\r\ncontent-length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`);
    await lateClosed;
    assert.match(lateAnswer, /^HTTP\/1\.1 503 /);
    assert.match(lateAnswer, /\r\nconnection: close\r\n/i);
    assert.match(lateAnswer, /\r\nretry-after: 1\r\n/i);
    assert.match(lateAnswer, /"code":"shutting_down"/);
    assert.equal(env.callsTo('a/slow').length, 1, 'the refused request cost no provider call');

    const answer = await inFlight;
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.headers.connection, 'close', 'a drained answer closes its connection');
    const completion = JSON.parse(answer.body) as { choices: { message: { content: string } }[] };
    assert.deepEqual(JSON.parse(completion.choices[0]!.message.content), VALID);
    const exit = await done;
    assert.deepEqual([exit.code, exit.signal], [0, null], child.output());
    const [call] = env.callsTo('a/slow');
    assert.ok(exit.at >= call!.at + SLOW_MS, 'the process exited after the call completed');
    assert.match(child.output(), /in-process worker: polling stopped/);
    assert.match(child.output(), /drained; exiting/);
    assert.doesNotMatch(child.output(), /cut after the grace/);

    // The ledger: the answer's cost, the workflow's totals and the provider's bill are one figure, from one call.
    const workflowId = answer.headers['x-cascade-workflow-id'] as string;
    const result = (await env.temporal.client.workflow.getHandle(workflowId).result()) as CascadeResult;
    const billed = env.provider.bill().totalMicroUsd;
    assert.ok(billed > 0);
    assert.equal(result.totals.costMicroUsd, billed);
    assert.equal(Math.round(Number(answer.headers['x-cascade-cost-usd']) * 1e6), billed);
    assert.deepEqual(
      result.attempts.map((attempt) => [attempt.ref, attempt.outcome, attempt.tries]),
      [['a/slow', 'ok', 1]],
    );
    assert.equal(env.provider.calls.length, 1);
  });

  it('past the grace the open request is cut; its retry with the same Idempotency-Key gets the answer', async () => {
    env.provider.clearCalls();
    const key = `drain-cut-${Date.now()}`;
    const first = await serve('--shutdown-grace', '1s');
    const cutShort = chat(first.port, { 'Idempotency-Key': key }).then(
      (answer) => answer.status,
      () => 'connection lost',
    );
    await waitFor(() => env.callsTo('a/slow').length === 1, 'the slow call to be in flight');
    const done = exited(first.child);
    first.child.kill('SIGTERM');
    assert.equal(await cutShort, 'connection lost');
    const exit = await done;
    assert.deepEqual([exit.code, exit.signal], [0, null], first.child.output());
    assert.match(first.child.output(), /1 request cut after the grace; their cascades go on/);

    const second = await serve();
    try {
      const answer = await chat(second.port, { 'Idempotency-Key': key });
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.headers['x-cascade-replayed'], 'true', 'attached to the cascade the first one started');
      const workflowId = answer.headers['x-cascade-workflow-id'] as string;
      const result = (await env.temporal.client.workflow.getHandle(workflowId).result()) as CascadeResult;
      // The in-process worker's grace cut the model call too, so the next worker sent it again: each is billed.
      assert.equal(env.callsTo('a/slow').length, 2);
      assert.equal(result.totals.costMicroUsd, env.provider.bill().totalMicroUsd);
    } finally {
      const stopped = exited(second.child);
      second.child.kill('SIGTERM');
      assert.equal((await stopped).code, 0);
    }
  });
});
