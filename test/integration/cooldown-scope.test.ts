// Integration tests — a 429 burst on one model cools that model down, not its provider's other models (real dev server)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const SCHEMA = {
  type: 'object',
  properties: { word: { type: 'string' } },
  required: ['word'],
  additionalProperties: false,
};

describe('cooldown scope follows the fault', () => {
  let env: CascadeEnv;

  before(async () => {
    env = await startCascadeEnv({
      name: 'cooldown-scope',
      cooldown: { failureThreshold: 3, cooldownMs: 120_000 },
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        // Model A of provider p answers every call with a 429 (no Retry-After); model B of the same provider serves.
        ['economy', [{ ref: 'p/model-a', behavior: { kind: 'error', status: 429 } }]],
        ['premium', [{ ref: 'p/model-b', behavior: { kind: 'content', content: { word: 'b' } } }]],
      ],
    });
  });
  after(() => env?.close());

  it('after a 429 burst on model A, A is skipped in cooldown while model B of the same provider serves at once', async () => {
    for (let i = 0; i < 3; i++) {
      const result = await env.run({ schema: SCHEMA, input: `burst ${i}` });
      assert.deepEqual(result.output, { word: 'b' });
    }
    assert.equal(env.callsTo('p/model-a').length, 3, 'three 429s: the cooldown threshold');

    const started = Date.now();
    const result = await env.run({ schema: SCHEMA, input: 'after the burst' });
    const elapsed = Date.now() - started;
    assert.deepEqual(result.output, { word: 'b' });
    assert.equal(env.callsTo('p/model-a').length, 3, 'model A is cooling down: not called');
    const [skipped, served] = result.attempts;
    assert.equal(skipped?.ref, 'p/model-a');
    assert.match(skipped?.error ?? '', /model p\/model-a is cooling down for another \d+ s after repeated rate limits/);
    assert.equal(served?.ref, 'p/model-b');
    assert.equal(served?.outcome, 'ok');
    assert.equal(result.attempts.length, 2, 'no wait, no cooldown row for model B');
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);

    // A request that starts at B's tier never meets A's cooldown at all.
    const direct = await env.run({ schema: SCHEMA, input: 'premium only', startTier: 'premium' });
    assert.deepEqual(
      direct.attempts.map((a) => [a.ref, a.outcome]),
      [['p/model-b', 'ok']],
    );
  });
});
