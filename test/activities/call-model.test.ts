// Activity tests — callModel in MockActivityEnvironment against the loopback fake provider; no Temporal server
// Longer than 250 lines because its cases (one per way a call ends) share one fake provider and one set of activities.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { testLogger } from '../helpers/quiet-runtime';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { createActivities } from '../../activities';
import { parseCatalog } from '../../catalog/node/parse';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import {
  FailureType,
  type CallFailureDetails,
  type CallModelInput,
  type CallModelResult,
} from '../../workflows/definitions';
import { abandonedEstimate } from '../../catalog/abandoned';
import { candidate } from '../helpers/plans';

const jsonSchema = z.toJSONSchema(z.object({ total: z.number() })) as unknown as Record<string, never>;
/** Warnings and errors only: the per-attempt INFO records are checked elsewhere (metrics-telemetry). */
const mockEnv = (info: { attempt?: number } = {}) => new MockActivityEnvironment(info, { logger: testLogger() });
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
  let activitiesCatalog: ReturnType<typeof parseCatalog>;
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
        'no-choices': { kind: 'no_choices', usage: { promptTokens: 300, completionTokens: 40 } },
        'empty-choices': { kind: 'no_choices', choices: 'empty', usage: { promptTokens: 300, completionTokens: 40 } },
        'negative-usage': {
          kind: 'content',
          content: { total: 3 },
          wireUsage: { prompt_tokens: -5, completion_tokens: 10, total_tokens: 5 },
        },
        'string-usage': {
          kind: 'content',
          content: { total: 3 },
          wireUsage: { prompt_tokens: '120', completion_tokens: '10', total_tokens: '130' },
        },
        'no-usage': { kind: 'content', content: { total: 3 }, wireUsage: null },
        stall: { kind: 'huge', bytes: 5_000_000, stallAfterBytes: 100_000 },
        huge: { kind: 'huge', bytes: 60_000_000, usage: { promptTokens: 200, completionTokens: 15_000_000 } },
        loop: { kind: 'content', content: '{"total": 3, "note": "' + 'la '.repeat(400), finishReason: 'length' },
        cut: {
          kind: 'content',
          content: '{"total": 3, "note": "a long and varied answer that was cut',
          finishReason: 'length',
        },
        slow: { kind: 'hang' },
      },
    });
    activitiesCatalog = parseCatalog(
      {
        providers: { fake: { baseURL: provider.baseURL, apiKeyEnv: 'FAKE_KEY', structuredOutput: 'json_schema' } },
        models: { 'fake/good': { contextWindow: 8000, maxOutputTokens: 100, prices: [price] } },
        routes: { extract: { tiers: [{ name: 'economy', candidates: ['fake/good'] }] } },
      },
      'activity test catalog',
    );
    activities = createActivities({ catalog: activitiesCatalog, env: { FAKE_KEY: 'sk-test' } });
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

  it('a call that times out may still be billed: a non-retryable Timeout carrying its estimate', async () => {
    const error = await mockEnv()
      .run(activities.callModel, input('slow', { timeoutMs: 300 }))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.deepEqual([error.type, error.nonRetryable], [FailureType.Timeout, true]);
    const { abandoned } = error.details![0] as CallFailureDetails;
    assert.ok(abandoned && abandoned.usage.inputTokens > 0, JSON.stringify(abandoned));
    assert.equal(abandoned.usage.outputTokens, 50, 'all of max_tokens');
    assert.equal(abandoned.costMicroUsd, abandonedEstimate(price, abandoned.usage.inputTokens, 50).costMicroUsd);
  });

  it('a provider that declares billsAbandoned: false times out as a retryable Timeout, with no estimate', async () => {
    const free = candidate('fake/slow', { price, billsAbandoned: false });
    const error = await mockEnv()
      .run(activities.callModel, input('slow', { timeoutMs: 300, candidate: free }))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.deepEqual([error.type, error.nonRetryable], [FailureType.Timeout, false]);
    assert.equal((error.details![0] as CallFailureDetails).abandoned, undefined);
  });

  it('a body that stalls half-way times out as a retryable Timeout (the deadline covers the body too)', async () => {
    // Its own worker's activities: a timeout counts towards the shared instance's provider cooldown.
    const own = createActivities({ catalog: activitiesCatalog, env: { FAKE_KEY: 'sk-test' } });
    const started = Date.now();
    const error = await mockEnv()
      .run(own.callModel, input('stall', { timeoutMs: 500 }))
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.deepEqual([error.type, error.nonRetryable], [FailureType.Timeout, true]);
    assert.ok((error.details![0] as CallFailureDetails).abandoned);
    assert.ok(Date.now() - started < 3_000);
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

  it('a 200 without choices is a billed malformed_response at the provider usage, not a retried provider error', async () => {
    for (const model of ['no-choices', 'empty-choices']) {
      const before = provider.calls.length;
      const result = (await mockEnv().run(activities.callModel, input(model))) as CallModelResult;
      assert.equal(result.outcome, 'malformed_response', model);
      assert.equal(result.costMicroUsd, 300 * 2 + 40 * 8, model);
      assert.equal(result.estimated, undefined, model);
      assert.equal(provider.calls.length - before, 1, model);
    }
  });

  it('negative, string or missing usage: the answer is judged, priced from our own token count, marked estimated', async () => {
    for (const model of ['negative-usage', 'string-usage', 'no-usage']) {
      const result = (await mockEnv().run(activities.callModel, input(model))) as CallModelResult;
      const billed = provider.calls.at(-1)!.usage!;
      assert.equal(result.outcome, 'ok', model);
      assert.equal(result.estimated, true, model);
      // Our count and the provider's differ only in chat overhead: within a few tokens, never zero.
      assert.ok(
        Math.abs(result.usage.inputTokens - billed.promptTokens) <= 10,
        `${model}: ${result.usage.inputTokens}`,
      );
      assert.ok(Math.abs(result.usage.outputTokens - billed.completionTokens) <= 10, `${model}: out`);
      assert.ok(result.usage.outputTokens >= billed.completionTokens, `${model}: the estimate errs high`);
      assert.equal(result.costMicroUsd, result.usage.inputTokens * 2 + result.usage.outputTokens * 8, model);
    }
  });

  it('unusable usage is warned about once per provider/model per worker', async () => {
    const warnings: LogEntry[] = [];
    const worker = createActivities({ catalog: activitiesCatalog, env: { FAKE_KEY: 'sk-test' } });
    const env = () => new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN', (e) => warnings.push(e)) });
    for (let i = 0; i < 3; i++) await env().run(worker.callModel, input('no-usage'));
    await env().run(worker.callModel, input('string-usage'));
    const estimates = warnings.filter((w) => /without usable usage/.test(w.message));
    assert.deepEqual(
      estimates.map((w) => w.meta?.model),
      ['fake/no-usage', 'fake/string-usage'],
    );
  });

  it('a 60 MB answer is too_large: read capped, billed at the usage after it, kept out of the result', async () => {
    const before = provider.calls.length;
    const result = (await mockEnv().run(activities.callModel, input('huge'))) as CallModelResult;
    assert.equal(result.outcome, 'too_large');
    assert.equal(result.costMicroUsd, 200 * 2 + 15_000_000 * 8);
    assert.equal(result.estimated, undefined);
    assert.equal(result.output, undefined);
    assert.ok(JSON.stringify(result).length < 4_000, 'the activity result stays small');
    assert.match(result.validationErrors![0]!, /60000\d{3} bytes is over the 1000000-byte cap/);
    assert.equal(provider.calls.length - before, 1);
  });

  it('an answer over a smaller cap whose usage cannot be read is billed from our estimate', async () => {
    const capped = createActivities({ catalog: activitiesCatalog, env: { FAKE_KEY: 'sk-test' }, maxAnswerBytes: 200 });
    const result = (await mockEnv().run(capped.callModel, input('no-usage'))) as CallModelResult;
    // A chat.completion body is about 400 bytes: over this cap, and it carries no usage to read from its tail.
    assert.equal(result.outcome, 'too_large');
    assert.equal(result.estimated, true);
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
  });

  it('a truncated answer ending in a repetition loop is flagged; an ordinary cut is not', async () => {
    const loop = (await mockEnv().run(activities.callModel, input('loop'))) as CallModelResult;
    assert.deepEqual([loop.outcome, loop.repetitionLoop], ['truncated', true]);
    // The repeating unit is answer text: named by its length only, unless logContent is on.
    assert.match(loop.validationErrors!.join('\n'), /repetition loop: the answer ends repeating a 3-character unit/);
    const withContent = createActivities({
      catalog: activitiesCatalog,
      env: { FAKE_KEY: 'sk-test' },
      logContent: true,
    });
    const shown = (await mockEnv().run(withContent.callModel, input('loop'))) as CallModelResult;
    assert.match(shown.validationErrors!.join('\n'), /repetition loop.*"(la |a l| la)"/);
    const cut = (await mockEnv().run(activities.callModel, input('cut'))) as CallModelResult;
    assert.deepEqual([cut.outcome, cut.repetitionLoop], ['truncated', undefined]);
  });
});
