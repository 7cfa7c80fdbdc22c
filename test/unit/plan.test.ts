// Pure unit tests — the worker's planning of a request on its catalog, and the pure request helpers; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { asConfigFailure } from '../../activities/cascade/plan';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { parseCatalog } from '../../catalog/node/parse';
import { planBatch, planCascade } from '../../routing/node/plan';
import { composeMessages } from '../../routing/request';
import { isPlanned, plannedInput } from '../../workflows/cascade/planned';
import { FailureType, type CascadeRequestInput } from '../../workflows/definitions';
import { testCatalogJson } from '../helpers/cascade-env';

const catalog = parseCatalog(
  testCatalogJson('http://127.0.0.1:1/v1', {
    name: 'plan',
    tiers: [
      ['economy', [{ ref: 'a/eco', behavior: { kind: 'empty' } }]],
      ['standard', [{ ref: 'b/std', behavior: { kind: 'empty' }, contextWindow: 64_000 }]],
    ],
    route: {
      instructions: 'Extract the contact.',
      checks: [{ check: 'grounded', fields: ['name'] }],
      startRules: [{ tier: 'standard', inputMatches: 'urgent' }],
    },
  }),
  'plan test catalog',
);
const today = '2026-11-30';
const schema = { name: 'contact', jsonSchema: { type: 'object', properties: { name: { type: 'string' } } } };
const request = (own: Partial<CascadeRequestInput> = {}): CascadeRequestInput => ({
  task: 'extract',
  schema,
  input: 'Ada Lovelace',
  ...own,
});

function rejects(own: Partial<CascadeRequestInput>, code: string, message: RegExp) {
  assert.throws(
    () => planCascade(catalog, request(own), today),
    (error: unknown) => error instanceof CascadeConfigError && error.code === code && message.test(error.message),
  );
}

describe("planCascade: the worker's catalog decides the route", () => {
  it("the route, its prices on the day, the token count, the task's instructions and checks", () => {
    const plan = planCascade(catalog, request(), today);
    assert.deepEqual(
      plan.route.tiers.map((tier) => tier.candidates.map((c) => c.ref)),
      [['a/eco'], ['b/std']],
    );
    assert.equal(plan.route.startTier, 0);
    assert.equal(plan.priceDate, today);
    assert.equal(plan.instructions, 'Extract the contact.');
    assert.deepEqual(plan.checks, [{ check: 'grounded', fields: ['name'] }]);
    assert.ok(plan.estimatedInputTokens > 5);
  });
  it('start rules apply to the prompt; an explicit startTier overrides them', () => {
    assert.equal(planCascade(catalog, request({ input: 'urgent: Ada' }), today).route.startTier, 1);
    assert.equal(planCascade(catalog, request({ input: 'urgent', startTier: 'economy' }), today).route.startTier, 0);
  });
  it("the request's own instructions win; the request's checks follow the task's", () => {
    const plan = planCascade(
      catalog,
      request({ instructions: 'Mine.', checks: [{ check: 'grounded', fields: ['email'] }] }),
      today,
    );
    assert.equal(plan.instructions, undefined);
    assert.equal(plan.checks?.length, 2);
  });
  it('unknown task, unknown tier, empty input, a schema that does not compile, bad numbers, bad checks', () => {
    rejects({ task: 'nope' }, ConfigErrorCode.UnknownTask, /known tasks: extract/);
    rejects({ startTier: 'gold' }, ConfigErrorCode.InvalidRequest, /tiers: economy, standard/);
    rejects({ input: '  ' }, ConfigErrorCode.EmptyInput, /input is empty/);
    rejects(
      { schema: { name: 'x', jsonSchema: { type: 'objekt' } } },
      ConfigErrorCode.InvalidSchema,
      /does not compile/,
    );
    rejects({ maxCostUsd: -1 }, ConfigErrorCode.InvalidRequest, /maxCostUsd must be at least \$0\.000001/);
    // Below the ledger's unit it would floor to a $0 budget, reported as "$0.000000 left".
    rejects({ maxCostUsd: 0.0000001 }, ConfigErrorCode.InvalidRequest, /at least \$0\.000001 .*got 1e-7/);
    rejects({ maxWaitMs: 1.5 }, ConfigErrorCode.InvalidRequest, /maxWaitMs/);
    rejects(
      { checks: [{ check: 'nonsense' }] as unknown as CascadeRequestInput['checks'] },
      ConfigErrorCode.InvalidRequest,
      /invalid checks/,
    );
  });
  it('a prompt larger than every context window of the route', () =>
    rejects({ input: 'lorem ipsum '.repeat(40_000) }, ConfigErrorCode.PromptTooLarge, /largest context window/));
});

describe('planBatch: the route of a whole batch', () => {
  it('start rules travel (applied per item); an explicit startTier drops them', () => {
    const plan = planBatch(catalog, { task: 'extract' }, today);
    assert.equal(plan.startRules?.length, 1);
    assert.equal(plan.instructions, 'Extract the contact.');
    assert.equal(planBatch(catalog, { task: 'extract', startTier: 'standard' }, today).startRules, undefined);
    assert.equal(planBatch(catalog, { task: 'extract', startTier: 'standard' }, today).route.startTier, 1);
  });
  it('an unknown task', () =>
    assert.throws(
      () => planBatch(catalog, { task: 'nope' }, today),
      (e: unknown) => e instanceof CascadeConfigError,
    ));
});

describe('request helpers (sandbox-safe)', () => {
  it("composeMessages: the request's instructions, else the task's, before the input", () => {
    assert.deepEqual(composeMessages({ input: 'x' }, 'Task.'), [
      { role: 'system', content: 'Task.' },
      { role: 'user', content: 'x' },
    ]);
    assert.deepEqual(composeMessages({ input: 'x', instructions: 'Own.' }, 'Task.')[0], {
      role: 'system',
      content: 'Own.',
    });
    assert.deepEqual(composeMessages({ input: 'x' }), [{ role: 'user', content: 'x' }]);
  });
  it('composeMessages: both input and messages, a bad role, no user text', () => {
    const bad = (value: Parameters<typeof composeMessages>[0], pattern: RegExp) =>
      assert.throws(() => composeMessages(value), pattern);
    bad({ input: 'x', messages: [{ role: 'user', content: 'y' }] }, /either input or messages/);
    bad({ messages: [{ role: 'robot' as 'user', content: 'y' }] }, /role must be/);
    bad({ messages: [{ role: 'system', content: 'y' }] }, /input is empty/);
  });
  it('plannedInput: the request completed by its plan', () => {
    const wire = request({ maxCostUsd: 0.01 });
    const input = plannedInput(wire, planCascade(catalog, wire, today));
    assert.equal(input.messages[0]!.content, 'Extract the contact.');
    assert.equal(input.maxCostUsd, 0.01);
    assert.equal(input.checks?.length, 1);
    assert.equal(isPlanned(input), true);
    assert.equal(isPlanned(wire), false);
  });
});

describe('planning failures cross the activity boundary typed', () => {
  it('a CascadeConfigError becomes a non-retryable CascadeConfigError failure keeping its code', async () => {
    await assert.rejects(
      () => asConfigFailure(() => planCascade(catalog, request({ task: 'nope' }), today)),
      (error: unknown) =>
        error instanceof ApplicationFailure &&
        error.type === FailureType.ConfigError &&
        error.nonRetryable &&
        (error.details?.[0] as { code: string }).code === ConfigErrorCode.UnknownTask,
    );
  });
  it('any other error is rethrown as it is (Temporal retries it)', async () => {
    const boom = new Error('disk on fire');
    await assert.rejects(
      () =>
        asConfigFailure(() => {
          throw boom;
        }),
      (error: unknown) => error === boom,
    );
  });
});
