// Integration tests — `llm-cascade dev` and `worker` as child processes: the Temporal CLI's ports, the export line when
// they are taken, one catalog per queue (a worker of another catalog refused, dev starting no worker on a polled queue,
// a warning when another catalog shows up), --no-worker, a worker started by npx stopping with npx; devPorts alone
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection } from '@temporalio/worker';
import { devPorts, DEFAULT_DEV_PORT } from '../../cli/actions/dev';
import { CascadeConfigError } from '../../catalog/errors';
import { findFreePorts } from '../../server/free-port';
import { createCascadeWorker } from '../../worker/create-worker';
import { CLI, runCli, spawnCli, tempFiles } from '../helpers/cli';
import { getTestServer, uniqueTaskQueue } from '../helpers/temporal';
import { catalogFingerprint } from '../../catalog/node/fingerprint';
import { defaultCatalog, loadCatalog } from '../../catalog/node/load';
import { quietRuntime } from '../helpers/quiet-runtime';

// The second worker this test starts would log its state changes into the test output.
quietRuntime();

async function hold(port: number): Promise<Server | undefined> {
  const server = createServer();
  // (events.once would reject on 'error' while it waits for 'listening')
  return new Promise((resolve) => {
    server.once('listening', () => resolve(server));
    server.once('error', () => resolve(undefined)); // already held by someone else: just as good
    server.listen({ host: '127.0.0.1', port, exclusive: true });
  });
}

/** The built-in catalog with one tier option changed: another catalog, another fingerprint. */
const OTHER_CONFIG = { extends: 'default', tierDefaults: { timeoutMs: 12_345 } };

/** Every process below `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const below = (of: number): number[] =>
    [...parents].filter(([, parent]) => parent === of).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Running (a zombie nobody reaped yet has exited). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
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

  it('7233 taken: a free port and the export line; `worker` with another catalog refused, a library worker warned of; Ctrl-C exits 0', async () => {
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

      // `llm-cascade worker` with another catalog refuses to join the dev worker's queue, naming it and both catalogs.
      const devCatalog = catalogFingerprint(defaultCatalog());
      const { 'config.json': config } = tempFiles({ 'config.json': OTHER_CONFIG });
      const refused = await runCli(['worker', '--address', address, '--config', config!]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(
        refused.stderr,
        new RegExp(`task queue "llm-cascade" is served by workers with another catalog: \\d+@\\S+ \\(catalog ${devCatalog}`),
      );
      assert.match(refused.stderr, /this worker's catalog is [0-9a-f]{16}.*--allow-mixed-catalogs/s);
      assert.doesNotMatch(refused.stderr, /Worker state changed/);

      // A worker of the library (no check there) joins with another catalog: dev warns, naming its catalog.
      const connection = await NativeConnection.connect({ address });
      const other = await createCascadeWorker({ connection, taskQueue: 'llm-cascade', catalog: loadCatalog(config!) });
      const running = other.worker.run();
      try {
        await waitFor(
          dev.output,
          /warning: another worker, \d+@\S+ \(catalog [0-9a-f]{16}.*\), polls task queue "llm-cascade" with another catalog/,
          30_000,
        );
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

  it('starts no worker of its own on a queue a worker still polls (one left from an earlier session reconnects)', async () => {
    const [port] = await findFreePorts(1);
    const address = `127.0.0.1:${port}`;
    const first = spawnCli(['dev', '--headless', '--no-worker', '--port', String(port)]);
    children.push(first);
    await waitFor(first.output, /Ctrl-C to stop/, 90_000);
    // The earlier session's worker: it outlives its server and reconnects to the next one on the same port.
    const connection = await NativeConnection.connect({ address });
    const stale = await createCascadeWorker({ connection, taskQueue: 'llm-cascade' });
    const running = stale.worker.run();
    try {
      first.kill('SIGINT');
      await once(first, 'exit');
      const dev = spawnCli(['dev', '--headless', '--port', String(port)]);
      children.push(dev);
      const output = await waitFor(dev.output, /Ctrl-C to stop/, 90_000);
      assert.match(
        output,
        /no worker started: task queue "llm-cascade" is already polled by \d+@\S+ \(catalog [0-9a-f]{16}/,
      );
      assert.doesNotMatch(output, /worker: task queue "llm-cascade", routing with/);
      dev.kill('SIGINT');
      const [code] = (await once(dev, 'exit')) as [number | null];
      assert.equal(code, 0, dev.output());
    } finally {
      await stale.close();
      await running.catch(() => undefined);
      await connection.close();
    }
  });

  it('a worker started with npx stops when npx is stopped (npx does not pass the signal on)', async () => {
    const { address } = await getTestServer();
    // A project with llm-cascade installed: npx finds its bin in node_modules/.bin, as after `npm install`.
    const { dir } = tempFiles({ 'package.json': { name: 'npx-parent-test', version: '1.0.0' } });
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CLI, join(dir, 'node_modules', '.bin', 'llm-cascade'));
    const npx = spawn('npx', ['llm-cascade', 'worker', '--address', address, '--task-queue', uniqueTaskQueue('npx')], {
      cwd: dir,
      env: { ...process.env, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npx.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npx.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => output, /"state":"RUNNING"/, 60_000);
      const below = descendants(npx.pid!);
      const worker = below.find((pid) => /^\S*node\S* .*llm-cascade worker/.test(commandLine(pid)));
      assert.ok(worker, `the worker's node process under npx (${below.map(commandLine).join(' | ')})`);
      npx.kill('SIGTERM');
      await once(npx, 'exit');
      const deadline = Date.now() + 20_000;
      while (isAlive(worker) && Date.now() < deadline) await sleep(200);
      assert.equal(isAlive(worker), false, `the worker exited after npx:\n${output}`);
      assert.match(output, /the process that started this one \(pid \d+\) has stopped: stopping too/);
      assert.match(output, /"state":"STOPPED"/);
    } finally {
      if (npx.exitCode === null) npx.kill('SIGKILL');
    }
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
