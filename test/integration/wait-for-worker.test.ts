// Integration tests — `serve` and `batch` with --address wait for a worker (--wait-for-worker) and say so (real dev server)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { getTestServer } from '../helpers/temporal';
import { runCli, spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const SCHEMA = {
  type: 'object',
  properties: { word: { type: 'string' } },
  required: ['word'],
  additionalProperties: false,
};

async function waitFor(output: () => string, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`${pattern} not seen in:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('--wait-for-worker', () => {
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;
  const children: ChildProcess[] = [];

  before(async () => {
    env = await startCascadeEnv({
      name: 'wait-worker',
      noWorker: true,
      tiers: [['economy', [{ ref: 'a/eco', behavior: { kind: 'content', content: { word: 'eco' } } }]]],
    });
    address = (await getTestServer()).address;
    files = tempFiles({
      'config.json': {
        ...env.catalogJson,
        temporal: { taskQueue: env.taskQueue },
        gateway: { tasks: { extract: { schema: SCHEMA } } },
      },
      // A queue no worker ever polled: Temporal lists a stopped worker's pollers for minutes after it stops.
      'nobody.json': { ...env.catalogJson, temporal: { taskQueue: `${env.taskQueue}-nobody` } },
      'schema.json': SCHEMA,
      'items.jsonl': '{"id":"1","text":"one"}\n',
    });
  });
  after(async () => {
    for (const child of children) await stop(child);
    await env.close();
  });

  it('`serve` started before its worker waits for it, saying what it waits for, then serves', async () => {
    const serve = spawnCli([
      'serve',
      '--config',
      files['config.json']!,
      '--address',
      address,
      '--port',
      '0',
      '--wait-for-worker',
      '40s',
    ]);
    children.push(serve);
    const waiting = Date.now();
    await waitFor(
      serve.output,
      /waiting up to 40 s for a worker polling task queue "[^"]+" in namespace "default"/,
      20_000,
    );
    // Longer than the 5 s the CLI used to give a worker: a supervisor starting both would have seen a crash loop.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    assert.equal(serve.exitCode, null, `serve gave up:\n${serve.output()}`);
    const worker = spawnCli(['worker', '--config', files['config.json']!, '--address', address]);
    children.push(worker);
    const [, url] = await waitFor(serve.output, /llm-cascade serve: (http:\/\/[^ ]+)\/v1/, 30_000);
    assert.ok(Date.now() - waiting > 6_000);
    assert.match(serve.output(), /a worker polls task queue "[^"]+" \(after \d+ s\)/);
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cascade/extract', messages: [{ role: 'user', content: 'hello' }] }),
    });
    assert.equal(response.status, 200);
    await stop(serve);
    await stop(worker);
  });

  it('`batch --address` with no worker gives up after --wait-for-worker, exit 2, naming the queue and the flag', async () => {
    const started = Date.now();
    const result = await runCli([
      'batch',
      '--config',
      files['nobody.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      files['items.jsonl']!,
      '--out',
      `${files.dir}/out.jsonl`,
      '--address',
      address,
      '--wait-for-worker',
      '7s',
    ]);
    const elapsed = Date.now() - started;
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /waiting up to 7 s for a worker polling task queue/);
    assert.match(
      result.stderr,
      /no worker polls task queue "[^"]+" in namespace "default" \(waited 7 s\).*--wait-for-worker waits longer/,
    );
    assert.ok(elapsed >= 7_000, `gave up after ${elapsed} ms`);
  });

  it('--wait-for-worker takes a duration, and says what it wants otherwise', async () => {
    const result = await runCli(['serve', '--config', files['config.json']!, '--wait-for-worker', 'soon']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--wait-for-worker must be a duration of at least 1s such as "90m"/);
  });
});
