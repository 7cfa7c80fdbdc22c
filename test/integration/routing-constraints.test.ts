// Integration tests — constraints and the measured order on the dev server: a candidate lacking a required tag is
// never called (the fake provider's call log says so), a request nothing can serve fails fast and typed, and with
// `order: 'measured'` a flaky candidate drops behind a steady one once the worker has measured both
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { runCascade } from '../../client/cascade-client';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const Contact = z.object({ name: z.string() });
const VALID = { kind: 'content' as const, content: { name: 'Ada' } };
const DOWN = { kind: 'error' as const, status: 503 };

describe('required tags on the dev server', () => {
  let env: CascadeEnv;
  before(async () => {
    env = await startCascadeEnv({
      name: 'tags',
      tiers: [
        [
          'economy',
          [
            { ref: 'us/us-small', behavior: VALID },
            { ref: 'eu/eu-small', behavior: VALID, tags: { zeroDataRetention: true } },
          ],
        ],
      ],
      providerExtra: { us: { tags: { region: 'us' } }, eu: { tags: { region: 'eu' } } },
    });
  });
  after(() => env.close());

  it('without a requirement the first candidate answers (the test can fail)', async () => {
    const result = await env.run({ schema: Contact, input: 'Ada, no requirement' });
    assert.equal(result.finalModel, 'us/us-small');
  });

  it('require region=eu: the us candidate is never called', async () => {
    const before = env.callsTo('us/us-small').length;
    const result = await env.run({ schema: Contact, input: 'Ada, in the EU', require: { region: 'eu' } });
    assert.equal(result.finalModel, 'eu/eu-small');
    assert.deepEqual(
      result.attempts.map((a) => a.ref),
      ['eu/eu-small'],
    );
    assert.equal(env.callsTo('us/us-small').length, before, 'the us candidate was called');
  });

  it('a requirement nothing meets fails fast on the worker, typed, with every reason, and calls no one', async () => {
    const calls = env.provider.calls.length;
    const started = Date.now();
    // No catalog on the client: the worker's planning rejects it, and the client maps the failure back.
    const error = await runCascade(
      env.temporal.client,
      { task: 'extract', schema: Contact, input: 'Ada', require: { region: 'eu', zeroDataRetention: false } },
      { taskQueue: env.taskQueue },
    ).then(
      () => assert.fail('the cascade ran'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof CascadeConfigError, String(error));
    assert.equal(error.code, ConfigErrorCode.NoEligibleCandidate);
    assert.match(error.message, /economy us\/us-small: lacks region=eu, zeroDataRetention=false/);
    assert.match(error.message, /economy eu\/eu-small: lacks zeroDataRetention=false/);
    assert.equal(env.provider.calls.length, calls);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});

describe("order: 'measured' on the dev server", () => {
  let env: CascadeEnv;
  before(async () => {
    env = await startCascadeEnv({
      name: 'measured',
      tiers: [
        [
          'economy',
          [
            { ref: 'flaky/flaky-small', behavior: DOWN },
            { ref: 'steady/steady-small', behavior: VALID },
          ],
        ],
      ],
      route: { order: 'measured' },
      tierDefaults: { triesPerCandidate: 1 },
      // Cooldown would also skip the flaky provider; set it out of reach so the ranking alone is tested.
      cooldown: { failureThreshold: 1_000 },
    });
  });
  after(() => env.close());

  it('the flaky candidate is tried first until measured, then drops behind the steady one', async () => {
    for (let run = 0; run < 5; run++) {
      const result = await env.run({ schema: Contact, input: `Ada ${run}` });
      assert.deepEqual(
        result.attempts.map((a) => `${a.ref} ${a.outcome}`),
        ['flaky/flaky-small provider_error', 'steady/steady-small ok'],
        `run ${run}`,
      );
    }
    const flakyCalls = env.callsTo('flaky/flaky-small').length;
    assert.equal(flakyCalls, 5);
    for (let run = 5; run < 8; run++) {
      const result = await env.run({ schema: Contact, input: `Ada ${run}` });
      assert.deepEqual(
        result.attempts.map((a) => a.ref),
        ['steady/steady-small'],
        `run ${run}`,
      );
    }
    assert.equal(env.callsTo('flaky/flaky-small').length, flakyCalls, 'the flaky candidate was called again');
  });
});
