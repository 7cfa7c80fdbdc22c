// Integration tests — `llm-cascade init` as a user runs it: the configs it writes load and run on the real dev server
// (the simulated catalog; a local OpenAI-compatible server, here the loopback fake provider), and it never overwrites
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonc } from '../../catalog/node/jsonc';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { runCli, tempFiles } from '../helpers/cli';
import { getTestServer, uniqueTaskQueue } from '../helpers/temporal';

const schema = {
  title: 'contact',
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
  additionalProperties: false,
};

describe('llm-cascade init', () => {
  let address: string;
  let provider: FakeProvider;

  before(async () => {
    address = (await getTestServer()).address;
    provider = await startFakeProvider({ models: { 'tiny-7b': { kind: 'content', content: { name: 'Ada' } } } });
  });
  after(async () => {
    await provider?.close();
  });

  /**
   * `run` on the config `init` wrote, against the test server with a worker in the same process, on a task queue of
   * its own (the one thing added to the file: other tests' workers on the shared server run other catalogs).
   */
  async function runWith(dir: string, config: string) {
    const path = join(dir, config);
    const written = parseJsonc(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...written, temporal: { taskQueue: uniqueTaskQueue('init') } }));
    const cluster = ['--address', address, '--with-worker'];
    const request = ['--task', 'extract', '--schema', join(dir, 'contact.json'), '--input', 'Ada Lovelace', '--json'];
    return runCli(['run', '--config', path, ...cluster, ...request]);
  }

  it('with no flags: the simulated catalog, which runs without keys and says it is simulated', async () => {
    const files = tempFiles({ 'contact.json': schema });
    const init = await runCli(['init', '--out', join(files.dir, 'llm-cascade.json')]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /simulated catalog/);
    assert.match(readFileSync(join(files.dir, 'llm-cascade.json'), 'utf8'), /"extends": "simulated"/);
    const run = await runWith(files.dir, 'llm-cascade.json');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /SIMULATED providers/);
    const result = JSON.parse(run.stdout) as { attempts: { ref: string }[]; totalCostUsd: number };
    assert.ok(result.attempts.every((attempt) => attempt.ref.startsWith('sim-')));
  });

  it('with --base-url and --model: one keyless local server on both built-in tasks, checked for the model', async () => {
    const files = tempFiles({ 'contact.json': schema });
    const args = ['init', '--out', join(files.dir, 'local.json'), '--base-url', provider.baseURL, '--model', 'tiny-7b'];
    const init = await runCli(args);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /the server answers and serves tiny-7b/);
    const run = await runWith(files.dir, 'local.json');
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { output: unknown; attempts: { ref: string; costUsd: number }[] };
    assert.deepEqual(result.output, { name: 'Ada' });
    assert.deepEqual(
      result.attempts.map((attempt) => [attempt.ref, attempt.costUsd]),
      [['local/tiny-7b', 0]],
    );
    const other = await runCli([...args.slice(0, 3), '--base-url', provider.baseURL, '--model', 'absent', '--force']);
    assert.match(other.stdout, /does not list absent \(it lists: tiny-7b\)/);
  });

  it('refuses to overwrite a file, and --model without --base-url, with exit 2 before writing', async () => {
    const files = tempFiles({ 'llm-cascade.json': '{"kept": true}' });
    const again = await runCli(['init', '--out', files['llm-cascade.json']!]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists; pass --force/);
    assert.equal(readFileSync(files['llm-cascade.json']!, 'utf8'), '{"kept": true}');
    const half = await runCli(['init', '--out', join(files.dir, 'x.json'), '--model', 'm']);
    assert.equal(half.code, 2);
    assert.match(half.stderr, /--base-url and --model go together/);
  });
});
