// Integration tests — kill -9 the worker process mid-attempt; a new worker finishes the cascade without re-sending completed attempts
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { getTestServer } from '../helpers/temporal';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const Contact = z.object({ name: z.string(), email: z.string() });

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('worker crash during an attempt', () => {
  let env: CascadeEnv;
  let config: string;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'worker-crash',
      noWorker: true,
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: { kind: 'content', content: { name: 'Ada' } } }]],
        // The first standard call never answers: the worker is killed while waiting for it.
        [
          'standard',
          [
            {
              ref: 'b/std',
              behavior: (ctx) =>
                ctx.callIndex === 0
                  ? { kind: 'hang' }
                  : { kind: 'content', content: { name: 'Ada', email: 'ada@example.com' } },
            },
          ],
        ],
      ],
      tierDefaults: { timeoutMs: 120_000 },
    });
    address = (await getTestServer()).address;
    config = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } } })[
      'config.json'
    ]!;
  });
  after(() => env.close());

  it('completes on a new worker; the completed economy attempt is not sent again', async () => {
    const first = spawnCli(['worker', '--config', config, '--address', address]);
    const run = await env.start({ schema: Contact, input: 'Ada <ada@example.com>' });
    await waitFor(() => env.callsTo('b/std').length === 1, 'the standard attempt to be in flight');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const second = spawnCli(['worker', '--config', config, '--address', address]);
    try {
      const result = await run.result();
      assert.deepEqual(result.output, { name: 'Ada', email: 'ada@example.com' });
      assert.equal(env.callsTo('a/eco').length, 1, 'the economy attempt completed before the kill and was not re-sent');
      assert.equal(env.callsTo('b/std').length, 2, 'only the in-flight attempt was sent again');
      assert.deepEqual(
        result.attempts.map((a) => [a.ref, a.outcome, a.tries]),
        [
          ['a/eco', 'schema_violation', 1],
          ['b/std', 'ok', 2],
        ],
      );
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  });
});
