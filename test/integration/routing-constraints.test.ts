// Integration tests — constraints and the measured order on the dev server: a candidate lacking a required tag is
// never called (the fake provider's call log says so), a request nothing can serve fails fast and typed, with
// `order: 'measured'` a flaky candidate drops behind a steady one once the worker has measured both, and a
// candidate measured over a request's latency goal is tried last
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CascadeError, runCascade } from '../../client/cascade-client';
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

describe('latency goal on the dev server', () => {
  let env: CascadeEnv;
  before(async () => {
    env = await startCascadeEnv({
      name: 'latency-goal',
      tiers: [
        [
          'economy',
          [
            { ref: 'slow/slow-small', behavior: { ...VALID, delayMs: 400 } },
            {
              ref: 'fast/fast-small',
              // Down for inputs that say so: the slow candidate is then the only one left.
              behavior: (ctx) => (JSON.stringify(ctx.body).includes('fast is down') ? DOWN : VALID),
            },
          ],
        ],
      ],
      tierDefaults: { triesPerCandidate: 1 },
    });
  });
  after(() => env.close());

  it('once measured over the goal, the slow candidate is tried last; strict never calls it', async () => {
    for (let run = 0; run < 5; run++) {
      const result = await env.run({ schema: Contact, input: `Ada ${run}`, latencyGoalMs: 200 });
      assert.equal(result.finalModel, 'slow/slow-small', `run ${run}: unmeasured, the static order holds`);
    }
    const slowCalls = env.callsTo('slow/slow-small').length;
    const goal = await env.run({ schema: Contact, input: 'Ada with a goal', latencyGoalMs: 200 });
    assert.equal(goal.finalModel, 'fast/fast-small');
    const none = await env.run({ schema: Contact, input: 'Ada without a goal' });
    assert.equal(none.finalModel, 'slow/slow-small', 'without a goal the static order holds');
    assert.equal(env.callsTo('slow/slow-small').length, slowCalls + 1);

    // The fast one down: tried last still means tried; strict means never, and the failure says why (no waiting
    // for the fast one to come back: maxWaitMs 0).
    const last = await env.run({ schema: Contact, input: 'Ada, fast is down', latencyGoalMs: 200 });
    assert.deepEqual(
      last.attempts.map((a) => `${a.ref} ${a.outcome}`),
      ['fast/fast-small provider_error', 'slow/slow-small ok'],
    );
    const before = env.callsTo('slow/slow-small').length;
    const error = await env
      .run({ schema: Contact, input: 'Ada, fast is down', latencyGoalMs: 200, latencyGoalStrict: true, maxWaitMs: 0 })
      .then(
        () => assert.fail('the strict cascade succeeded'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof CascadeError, String(error));
    assert.match(
      error.message,
      /economy slow\/slow-small: ruled out: measured p95 \d+ ms over the 200 ms latency goal/,
    );
    assert.equal(env.callsTo('slow/slow-small').length, before, 'strict called the slow candidate');
  });
});
