// Integration tests — `llm-cascade dev` as a child process: the Temporal CLI's ports, the export line when they are
// taken, one worker per queue (and a warning when another shows up), --no-worker; devPorts on its own
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection } from '@temporalio/worker';
import { devPorts, DEFAULT_DEV_PORT } from '../../cli/commands/dev';
import { CascadeConfigError } from '../../catalog/errors';
import { findFreePorts } from '../../server/free-port';
import { createCascadeWorker } from '../../worker/create-worker';
import { spawnCli } from '../helpers/cli';
import { quietRuntime } from '../helpers/quiet-runtime';

// The second worker this test starts would log its state changes into the test output.
quietRuntime();

async function hold(port: number): Promise<Server | undefined> {
  const server = createServer();
  server.listen({ host: '127.0.0.1', port, exclusive: true });
  const [result] = await Promise.race([once(server, 'listening'), once(server, 'error')]);
  return result instanceof Error ? undefined : server; // already held by someone else: just as good
}

async function waitFor(output: () => string, pattern: RegExp, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms in:\n${output()}`);
    await sleep(200);
  }
  return output();
}

describe('devPorts: 7233 and 8233 like the Temporal CLI, free ports only when taken', () => {
  it('takes the default ports when free, other free ports (moved) when taken, the flags as given', async () => {
    const [a, b] = await findFreePorts(2);
    assert.deepEqual(await devPorts({}, { port: a!, uiPort: b! }), { port: a, uiPort: b, moved: false });
    assert.deepEqual(await devPorts({ headless: true }, { port: a!, uiPort: b! }), {
      port: a,
      uiPort: false,
      moved: false,
    });
    const held = await hold(a!);
    try {
      const moved = await devPorts({}, { port: a!, uiPort: b! });
      assert.notEqual(moved.port, a);
      assert.equal(moved.moved, true);
      assert.notEqual(moved.uiPort, moved.port);
      await assert.rejects(devPorts({ port: a! }), (error: unknown) => {
        assert.ok(error instanceof CascadeConfigError);
        assert.match(error.message, new RegExp(`--port ${a}: 127\\.0\\.0\\.1:${a} is in use`));
        return true;
      });
    } finally {
      held?.close();
    }
  });
});

describe('llm-cascade dev (CLI)', { timeout: 180_000 }, () => {
  const children: ReturnType<typeof spawnCli>[] = [];
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('7233 taken: a free port and the export line; a second worker on its queue gets a warning; Ctrl-C exits 0', async () => {
    const held = await hold(DEFAULT_DEV_PORT);
    const dev = spawnCli(['dev', '--headless']);
    children.push(dev);
    try {
      const output = await waitFor(dev.output, /Ctrl-C to stop/, 90_000);
      const address = /export TEMPORAL_ADDRESS=(127\.0\.0\.1:\d+)/.exec(output)?.[1];
      assert.ok(address, output);
      assert.notEqual(address, `127.0.0.1:${DEFAULT_DEV_PORT}`);
      assert.match(output, /Web UI: none \(--headless\)/);
      assert.match(output, /worker: task queue "llm-cascade", routing with the built-in catalog/);
      assert.doesNotMatch(output, /--address/); // the embedded-server line of run/batch names flags dev lacks

      // A user's worker (this test process) joins the dev worker's queue: dev says so.
      const connection = await NativeConnection.connect({ address });
      const other = await createCascadeWorker({ connection, taskQueue: 'llm-cascade' });
      const running = other.worker.run();
      try {
        await waitFor(dev.output, /warning: another worker \(\d+@[^)]+\) polls task queue "llm-cascade"/, 30_000);
        assert.match(dev.output(), /llm-cascade dev --no-worker/);
      } finally {
        await other.close();
        await running.catch(() => undefined);
        await connection.close();
      }
    } finally {
      held?.close();
    }
    dev.kill('SIGINT');
    const [code] = (await once(dev, 'exit')) as [number | null];
    assert.equal(code, 0, dev.output());
  });

  it('--no-worker starts no worker and does not watch the queue', async () => {
    const [port] = await findFreePorts(1);
    const dev = spawnCli(['dev', '--headless', '--no-worker', '--port', String(port)]);
    children.push(dev);
    const output = await waitFor(dev.output, /Ctrl-C to stop/, 90_000);
    assert.match(output, new RegExp(`Temporal dev server: 127\\.0\\.0\\.1:${port}`));
    assert.match(output, /no worker \(--no-worker\): start yours on task queue "llm-cascade"/);
    assert.doesNotMatch(output, /export TEMPORAL_ADDRESS/); // the port was asked for, not moved
    assert.doesNotMatch(output, /Worker state changed/);
    dev.kill('SIGINT');
    const [code] = (await once(dev, 'exit')) as [number | null];
    assert.equal(code, 0, dev.output());
  });
});
