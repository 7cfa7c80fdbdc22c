// Integration tests — the packed package installed as users install it, from the npm registry's packages: `npm install
// llm-cascade` brings the @temporalio/* peers along (npm 7+; one copy each) and its CLI runs a worker; an app that
// only starts cascades installs it without the peers it does not need (no @temporalio/worker at all), imports
// `llm-cascade/client` and runs a cascade against that worker, loading no worker module
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expectWorker } from '../../cli/temporal';
import { startCascadeEnv, TEST_TASK, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const SDK = '1.24.0';
/** What a client-only app installs beside llm-cascade: the client side of the SDK, at the version it runs. */
const CLIENT_PEERS = ['client', 'common', 'proto', 'workflow', 'envconfig'].map((name) => `@temporalio/${name}@${SDK}`);

/** `npm install` in a new app folder; install scripts off (the client needs no native module; see the docs). */
async function install(dir: string, args: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...args], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Every installed copy of a package under node_modules, nested ones included. */
function copiesOf(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      const scoped = entry.startsWith('@')
        ? readdirSync(join(modules, entry)).map((sub) => `${entry}/${sub}`)
        : [entry];
      for (const pkg of scoped) {
        if (pkg === name) found.push(join(modules, pkg));
        walk(join(modules, pkg, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return found;
}

describe('the package installed as users install it', () => {
  let env: CascadeEnv;
  let root: string;
  let tarball: string;
  let worker: (ChildProcess & { output: string }) | undefined;

  before(async () => {
    env = await startCascadeEnv({
      name: 'package-install',
      noWorker: true,
      tiers: [['economy', [{ ref: 'local/small', behavior: { kind: 'content', content: { name: 'Ada' } } }]]],
    });
    root = mkdtempSync(join(tmpdir(), 'llm-cascade-install-'));
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', root], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    tarball = join(root, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((done) => worker!.once('exit', done));
    }
    await env.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('`npm install llm-cascade` installs the @temporalio/* peers, one copy each, and its CLI runs a worker', async () => {
    const app = join(root, 'full');
    await install(app, [tarball]);
    for (const name of ['worker', 'client', 'common', 'workflow', 'activity', 'plugin', 'proto', 'envconfig']) {
      const copies = copiesOf(app, `@temporalio/${name}`);
      assert.equal(copies.length, 1, `one @temporalio/${name}: ${copies.join(', ')}`);
      const { version } = JSON.parse(readFileSync(join(copies[0]!, 'package.json'), 'utf8')) as { version: string };
      assert.match(version, /^1\.24\.\d+$/, `@temporalio/${name} within the peer range ~1.24.0`);
    }
    const { address } = await getTestServer();
    const config = join(app, 'llm-cascade.json');
    writeFileSync(config, JSON.stringify({ ...env.catalogJson, temporal: { taskQueue: env.taskQueue } }));
    const bin = join(app, 'node_modules', 'llm-cascade', 'bin', 'llm-cascade.js');
    const child = spawn(process.execPath, [bin, 'worker', '--config', config, '--address', address], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker = Object.assign(child, { output: '' });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (worker!.output += chunk));
    await expectWorker(env.temporal.client, env.taskQueue, 90_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${worker!.output}`);
    });
  });

  it('a client-only app: no @temporalio/worker installed; llm-cascade/client runs a cascade on that worker', async () => {
    assert.ok(worker, 'the worker of the previous test');
    const app = join(root, 'client-only');
    // --omit=peer: the app names the SDK packages it uses itself, and npm adds none of the worker's.
    await install(app, [tarball, ...CLIENT_PEERS, '--omit=peer']);
    for (const absent of [
      '@temporalio/worker',
      '@temporalio/core-bridge',
      '@temporalio/activity',
      '@temporalio/plugin',
    ]) {
      assert.deepEqual(copiesOf(app, absent), [], `${absent} is not installed`);
    }
    writeFileSync(
      join(app, 'start.js'),
      `const { connectFromEnv, runCascade } = require('llm-cascade/client');
(async () => {
  const { client, close } = await connectFromEnv();
  const result = await runCascade(client, { task: ${JSON.stringify(TEST_TASK)}, input: 'Ada',
    schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    { taskQueue: process.env.QUEUE });
  await close();
  const loaded = Object.keys(require.cache).filter((path) => /@temporalio[\\\\/](worker|core-bridge)/.test(path));
  console.log(JSON.stringify({ output: result.output, attempts: result.attempts.length, workerModules: loaded.length }));
})().catch((error) => { console.error(error); process.exit(1); });
`,
    );
    const { address, namespace } = await getTestServer();
    const { stdout } = await run(process.execPath, ['start.js'], {
      cwd: app,
      env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, QUEUE: env.taskQueue },
    });
    assert.deepEqual(JSON.parse(stdout), { output: { name: 'Ada' }, attempts: 1, workerModules: 0 });
    // The root entry is the worker side too: without the worker it says what is missing.
    await assert.rejects(
      run(process.execPath, ['-e', "require('llm-cascade')"], { cwd: app }),
      /Cannot find module '@temporalio\/(worker|activity|plugin)'/,
    );
  });
});
