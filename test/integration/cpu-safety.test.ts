// Integration tests — a catastrophic start-rule pattern freezes neither `llm-cascade serve` nor `run` (real dev server, loopback provider)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getTestServer } from '../helpers/temporal';
import { runCli, spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const SCHEMA = {
  type: 'object',
  properties: { word: { type: 'string' } },
  required: ['word'],
  additionalProperties: false,
};
/** Backtracks exponentially in JavaScript on `a…a!`: 40 `a` took JavaScript's engine minutes. */
const CATASTROPHIC = '(a|aa)+$';

describe('no user pattern can freeze a process', () => {
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'cpu-safety',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: { kind: 'content', content: { word: 'eco' } } }]],
        ['premium', [{ ref: 'b/big', behavior: { kind: 'content', content: { word: 'big' } } }]],
      ],
      route: { startRules: [{ tier: 'premium', inputMatches: CATASTROPHIC }] },
    });
    address = (await getTestServer()).address;
    files = tempFiles({
      'config.json': {
        ...env.catalogJson,
        temporal: { taskQueue: env.taskQueue },
        gateway: { tasks: { extract: { schema: SCHEMA, schemaName: 'word' } } },
      },
      'schema.json': SCHEMA,
      'input.txt': `${'a'.repeat(9_999)}!`,
    });
  });
  after(() => env.close());

  it('`serve` answers /health at once while the 41-byte request (40 × a + !) is in flight', async () => {
    const serve = spawnCli(['serve', '--config', files['config.json']!, '--address', address, '--port', '0']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${serve.output()}`)), 30_000);
        const poll = setInterval(() => {
          const match = /llm-cascade serve: (http:\/\/[^ ]+)\/v1/.exec(serve.output());
          if (match) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(match[1]!);
          }
        }, 50);
      });
      const started = Date.now();
      const chat = fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'cascade/extract', messages: [{ role: 'user', content: `${'a'.repeat(40)}!` }] }),
      });
      let done = false;
      const answered = chat.then(async (response) => {
        done = true;
        return {
          status: response.status,
          body: (await response.json()) as { choices: { message: { content: string } }[] },
        };
      });
      const healthMs: number[] = [];
      do {
        const asked = Date.now();
        const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
        assert.equal(health.status, 200);
        healthMs.push(Date.now() - asked);
      } while (!done && Date.now() - started < 60_000);
      const { status, body } = await answered;
      assert.equal(status, 200, JSON.stringify(body));
      // The rule does not match `a…a!`: the request starts at economy.
      assert.deepEqual(JSON.parse(body.choices[0]!.message.content), { word: 'eco' });
      assert.ok(Math.max(...healthMs) < 2_000, `/health took ${Math.max(...healthMs)} ms`);
      assert.ok(Date.now() - started < 30_000, `the request took ${Date.now() - started} ms`);
    } finally {
      serve.kill('SIGTERM');
      await new Promise((resolve) => serve.once('exit', resolve));
    }
  });

  it('`run` with a 10 kB such input finishes, and a matching input still picks its tier', async () => {
    const run = (input: string) =>
      runCli([
        'run',
        '--config',
        files['config.json']!,
        '--task',
        'extract',
        '--schema',
        files['schema.json']!,
        '--input',
        input,
        '--address',
        address,
        '--json',
      ]);
    const started = Date.now();
    const result = await run(`@${files['input.txt']}`);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { output: unknown }).output, { word: 'eco' });
    assert.ok(Date.now() - started < 60_000, `run took ${Date.now() - started} ms`);
    const matching = await run('a'.repeat(41));
    assert.equal(matching.code, 0, matching.stderr);
    assert.deepEqual((JSON.parse(matching.stdout) as { output: unknown }).output, { word: 'big' });
  });
});
