// Activity tests — callModel in MockActivityEnvironment against the loopback fake provider; no Temporal server
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { createActivities } from '../../activities';
import { parseCatalog } from '../../catalog/schema';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { FailureType, type CallModelInput, type CallModelResult } from '../../workflows/definitions';
import { candidate } from '../helpers/plans';

const jsonSchema = z.toJSONSchema(z.object({ total: z.number() })) as unknown as Record<string, never>;
/** Warnings and errors only: the per-attempt INFO records are checked elsewhere (metrics-telemetry). */
const mockEnv = (info: { attempt?: number } = {}) =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('WARN') });
const price = {
  inputUsdPerMTok: 2,
  outputUsdPerMTok: 8,
  cachedInputUsdPerMTok: 0.5,
  source: 'test',
  effectiveFrom: '2025-01-01',
};

describe('callModel activity', () => {
  let provider: FakeProvider;
  let activities: ReturnType<typeof createActivities>;
  const input = (model: string, extra: Partial<CallModelInput> = {}): CallModelInput => ({
    task: 'extract',
    tier: 'economy',
    candidate: candidate(`fake/${model}`, { price }),
    schema: { name: 'total', jsonSchema },
    messages: [{ role: 'user', content: 'total is 3' }],
    maxOutputTokens: 50,
    timeoutMs: 10_000,
    maxRetryAfterMs: 10_000,
    reason: 'first',
    ...extra,
  });

  before(async () => {
    provider = await startFakeProvider({
      apiKey: 'sk-test',
      models: {
        good: {
          kind: 'content',
          content: { total: 3 },
          usage: { promptTokens: 1000, cachedTokens: 400, completionTokens: 10 },
        },
        bad: { kind: 'content', content: { total: 'three' }, usage: { promptTokens: 100, completionTokens: 10 } },
        busy: { kind: 'error', status: 429, headers: { 'retry-after': '3' } },
        slow: { kind: 'hang' },
      },
    });
    const catalog = parseCatalog(
      {
        providers: { fake: { baseURL: provider.baseURL, apiKeyEnv: 'FAKE_KEY', structuredOutput: 'json_schema' } },
        models: { 'fake/good': { contextWindow: 8000, maxOutputTokens: 100, prices: [price] } },
        routes: { extract: { tiers: [{ name: 'economy', candidates: ['fake/good'] }] } },
      },
      'activity test catalog',
    );
    activities = createActivities({ catalog, env: { FAKE_KEY: 'sk-test' } });
  });
  after(() => provider.close());

  it('returns a valid answer with usage and its exact cost; sends the key and no SDK retries', async () => {
    const result = (await mockEnv().run(activities.callModel, input('good'))) as CallModelResult;
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(result.output, { total: 3 });
    // 600 uncached × 2 + 400 cached × 0.5 + 10 out × 8 = 1200 + 200 + 80 = 1480 µUSD
    assert.equal(result.costMicroUsd, 1480);
    const call = provider.calls.at(-1)!;
    assert.equal(call.authorization, 'Bearer sk-test');
    assert.equal((call.body as { max_tokens: number }).max_tokens, 50);
  });

  it('returns (not throws) a billed schema violation, with ajv errors and its cost', async () => {
    const result = (await mockEnv().run(activities.callModel, input('bad'))) as CallModelResult;
    assert.equal(result.outcome, 'schema_violation');
    assert.deepEqual(result.validationErrors, ['/total must be number']);
    assert.equal(result.costMicroUsd, 100 * 2 + 10 * 8);
    assert.equal(result.rawText, '{"total":"three"}');
  });

  it('throws a retryable RateLimit failure with nextRetryDelay from Retry-After; one HTTP call only', async () => {
    const before = provider.calls.length;
    const error = await mockEnv({ attempt: 1 })
      .run(activities.callModel, input('busy'))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, FailureType.RateLimit);
    assert.equal(error.nonRetryable, false);
    assert.equal(error.nextRetryDelay, 3000);
    assert.equal(provider.calls.length - before, 1, 'the openai SDK must not retry on its own');
  });

  it('times out a provider that never answers as a retryable Timeout', async () => {
    const error = await mockEnv()
      .run(activities.callModel, input('slow', { timeoutMs: 300 }))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.deepEqual([error.type, error.nonRetryable], [FailureType.Timeout, false]);
  });

  it('a missing API key is a non-retryable Authentication failure naming the variable', async () => {
    const catalog = parseCatalog(
      {
        providers: {
          fake: { baseURL: provider.baseURL, apiKeyEnv: 'MISSING_KEY_VAR', structuredOutput: 'json_schema' },
        },
        models: { 'fake/good': { contextWindow: 8000, maxOutputTokens: 100, prices: [price] } },
        routes: { extract: { tiers: [{ name: 'economy', candidates: ['fake/good'] }] } },
      },
      'no-key catalog',
    );
    const keyless = createActivities({ catalog, env: {} });
    const error = await mockEnv()
      .run(keyless.callModel, input('good'))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.deepEqual([error.type, error.nonRetryable], [FailureType.Authentication, true]);
    assert.match(error.message, /MISSING_KEY_VAR/);
  });
});
