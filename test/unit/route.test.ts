// Pure unit tests — route resolution (capabilities, prices in force, start tier); no Temporal, no I/O
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { defaultCatalog } from '../../catalog/node/load';
import { largestContextWindow, premiumBaselineCandidate, resolveRoute } from '../../routing/route';
import { parseCatalog } from '../../catalog/node/parse';

const SOURCE = 'https://example.test/pricing';
const price = (input: number, output: number, effectiveFrom: string) => ({
  inputUsdPerMTok: input,
  outputUsdPerMTok: output,
  source: SOURCE,
  effectiveFrom,
});

const catalog = parseCatalog(
  {
    providers: {
      cheap: { baseURL: 'https://cheap.test/v1', structuredOutput: 'json_object' },
      big: { baseURL: 'https://big.test/v1', apiKeyEnv: 'BIG_KEY', structuredOutput: 'json_schema' },
    },
    models: {
      'cheap/small': {
        contextWindow: 32_000,
        maxOutputTokens: 4096,
        prices: [price(0.1, 0.2, '2025-01-01'), price(0.05, 0.1, '2025-06-01')],
      },
      'cheap/Org/long-1': {
        contextWindow: 1_000_000,
        maxOutputTokens: 8192,
        structuredOutput: 'json_schema',
        prices: [price(0.3, 1, '2025-01-01')],
      },
      'big/flagship': { contextWindow: 200_000, maxOutputTokens: 16_000, prices: [price(3, 15, '2025-01-01')] },
      'big/mini': {
        contextWindow: 128_000,
        maxOutputTokens: 16_000,
        structuredOutput: 'none',
        prices: [price(1, 5, '2025-03-01')],
      },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['cheap/small', 'big/mini'] },
          { name: 'standard', candidates: ['cheap/Org/long-1'], options: { repairAttempts: 1, timeoutMs: 90_000 } },
          { name: 'premium', candidates: ['big/flagship'] },
        ],
        startRules: [
          { tier: 'premium', inputMatches: 'contract|legal' },
          { tier: 'standard', minPromptTokens: 20_000 },
          { tier: 'premium', minPromptTokens: 10_000, inputMatches: 'urgent' },
        ],
      },
      chat: { tiers: [{ name: 'only', candidates: ['big/flagship'] }] },
    },
    tierDefaults: { triesPerCandidate: 3 },
  },
  'route test catalog',
);

const base = { promptTokens: 100, inputText: 'an invoice', at: '2025-07-01' };

describe('resolveRoute', () => {
  it('unknown task → UnknownTask listing the known tasks', () => {
    assert.throws(
      () => resolveRoute(catalog, 'summarise', base),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.UnknownTask &&
        /known tasks: extract, chat/.test(error.message),
    );
  });

  it('a task named like an Object.prototype key is still unknown', () => {
    assert.throws(() => resolveRoute(catalog, 'toString', base), { code: ConfigErrorCode.UnknownTask });
  });

  it('candidates carry capability (model override, else provider) and the price in force', () => {
    const plan = resolveRoute(catalog, 'extract', base);
    const [small, mini] = plan.tiers[0]!.candidates;
    assert.deepEqual(
      { ref: small!.ref, provider: small!.provider, model: small!.model, structuredOutput: small!.structuredOutput },
      { ref: 'cheap/small', provider: 'cheap', model: 'small', structuredOutput: 'json_object' },
    );
    assert.equal(small!.price.inputUsdPerMTok, 0.05);
    assert.equal(mini!.structuredOutput, 'none');
    const long = plan.tiers[1]!.candidates[0]!;
    assert.equal(long.model, 'Org/long-1');
    assert.equal(long.structuredOutput, 'json_schema');
    assert.equal(long.contextWindow, 1_000_000);
  });

  it('prices follow the date: an earlier date gets the earlier price', () => {
    const plan = resolveRoute(catalog, 'extract', { ...base, at: '2025-03-15' });
    assert.equal(plan.tiers[0]!.candidates[0]!.price.inputUsdPerMTok, 0.1);
  });

  it('a candidate without a price on the date → MissingPrice', () => {
    assert.throws(() => resolveRoute(catalog, 'extract', { ...base, at: '2025-02-01' }), {
      code: ConfigErrorCode.MissingPrice,
    });
  });

  it('tier options = built-in defaults, then catalog tierDefaults, then the tier', () => {
    const plan = resolveRoute(catalog, 'extract', base);
    assert.deepEqual(plan.tiers[0]!.options, {
      repairAttempts: 0,
      triesPerCandidate: 3,
      timeoutMs: 60_000,
      maxRetryAfterMs: 30_000,
    });
    assert.deepEqual(plan.tiers[1]!.options, {
      repairAttempts: 1,
      triesPerCandidate: 3,
      timeoutMs: 90_000,
      maxRetryAfterMs: 30_000,
    });
  });

  it('no rule matches → start at the first tier', () => {
    assert.equal(resolveRoute(catalog, 'extract', base).startTier, 0);
  });

  it('minPromptTokens rule', () => {
    assert.equal(resolveRoute(catalog, 'extract', { ...base, promptTokens: 20_000 }).startTier, 1);
    assert.equal(resolveRoute(catalog, 'extract', { ...base, promptTokens: 19_999 }).startTier, 0);
  });

  it('inputMatches rule is case-insensitive and the first matching rule wins', () => {
    const plan = resolveRoute(catalog, 'extract', { ...base, promptTokens: 50_000, inputText: 'A LEGAL notice' });
    assert.equal(plan.startTier, 2);
  });

  it('a rule needs all its conditions', () => {
    assert.equal(resolveRoute(catalog, 'extract', { ...base, promptTokens: 5000, inputText: 'urgent' }).startTier, 0);
  });

  it('an explicit startTier wins over the rules', () => {
    const plan = resolveRoute(catalog, 'extract', { ...base, inputText: 'contract', startTier: 'economy' });
    assert.equal(plan.startTier, 0);
    assert.equal(resolveRoute(catalog, 'extract', { ...base, startTier: 'standard' }).startTier, 1);
  });

  it('an unknown startTier → InvalidRequest listing the tiers', () => {
    assert.throws(
      () => resolveRoute(catalog, 'extract', { ...base, startTier: 'gold' }),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.InvalidRequest &&
        /tiers: economy, standard, premium/.test(error.message),
    );
  });

  it('the plan is plain JSON (it travels in workflow input)', () => {
    const plan = resolveRoute(catalog, 'extract', base);
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
  });
});

describe('plan helpers', () => {
  it('premiumBaselineCandidate is the first candidate of the last tier', () => {
    assert.equal(premiumBaselineCandidate(resolveRoute(catalog, 'extract', base)).ref, 'big/flagship');
  });

  it('largestContextWindow spans every tier', () => {
    assert.equal(largestContextWindow(resolveRoute(catalog, 'extract', base)), 1_000_000);
    assert.equal(largestContextWindow({ task: 'x', tiers: [], startTier: 0 }), 0);
  });
});

describe('default catalog routes', () => {
  it('extract: economy → standard → premium, baseline openai/gpt-4o', () => {
    const plan = resolveRoute(defaultCatalog(), 'extract', {
      promptTokens: 2000,
      inputText: 'invoice',
      at: '2026-01-15',
    });
    assert.deepEqual(
      plan.tiers.map((tier) => tier.name),
      ['economy', 'standard', 'premium'],
    );
    assert.equal(plan.startTier, 0);
    assert.equal(plan.tiers[0]!.candidates[0]!.ref, 'deepseek/deepseek-chat');
    assert.equal(plan.tiers[0]!.candidates[0]!.structuredOutput, 'json_object');
    assert.equal(plan.tiers[0]!.candidates[0]!.price.outputUsdPerMTok, 0.42);
    assert.equal(premiumBaselineCandidate(plan).ref, 'openai/gpt-4o');
  });

  it('long prompts start at standard', () => {
    const plan = resolveRoute(defaultCatalog(), 'default', { promptTokens: 150_000, inputText: '', at: '2026-01-15' });
    assert.equal(plan.tiers[plan.startTier]!.name, 'standard');
  });
});
