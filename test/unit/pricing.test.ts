// Pure unit tests — price maths in integer micro-USD; no Temporal, no I/O
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import {
  budgetMicroUsd,
  costMicroUsd,
  formatMicroUsd,
  microToUsd,
  priceAt,
  usdToMicro,
  worstCaseMicroUsd,
} from '../../catalog/pricing';
import type { ModelPrice, ModelSpec, TokenUsage } from '../../catalog/types';

const SOURCE = 'https://example.test/pricing';
const GPT_4O: ModelPrice = {
  inputUsdPerMTok: 2.5,
  cachedInputUsdPerMTok: 1.25,
  outputUsdPerMTok: 10,
  batchDiscount: 0.5,
  source: SOURCE,
  effectiveFrom: '2024-10-02',
};
const HAIKU: ModelPrice = {
  inputUsdPerMTok: 1,
  cachedInputUsdPerMTok: 0.1,
  cacheWriteUsdPerMTok: 1.25,
  outputUsdPerMTok: 5,
  source: SOURCE,
  effectiveFrom: '2025-10-15',
};
const DEEPSEEK: ModelPrice = {
  inputUsdPerMTok: 0.28,
  cachedInputUsdPerMTok: 0.028,
  outputUsdPerMTok: 0.42,
  source: SOURCE,
  effectiveFrom: '2025-09-29',
};
const SONNET: ModelPrice = {
  inputUsdPerMTok: 3,
  cachedInputUsdPerMTok: 0.3,
  cacheWriteUsdPerMTok: 3.75,
  outputUsdPerMTok: 15,
  longContext: { thresholdTokens: 200_000, inputUsdPerMTok: 6, outputUsdPerMTok: 22.5, cachedInputUsdPerMTok: 0.6 },
  source: SOURCE,
  effectiveFrom: '2025-09-29',
};

function usage(inputTokens: number, outputTokens: number, cachedInputTokens = 0, cacheWriteTokens = 0): TokenUsage {
  return { inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens };
}

describe('costMicroUsd', () => {
  it('plain input and output', () => {
    // 1000 × 2.5e6 pico + 500 × 10e6 pico = 2.5e9 + 5e9 = 7.5e9 pico = 7500 micro-USD
    assert.equal(costMicroUsd(usage(1000, 500), GPT_4O), 7500);
  });

  it('cached tokens bill at the cached price and are part of inputTokens', () => {
    // uncached 6000 × 2.5e6 = 1.5e10; cached 4000 × 1.25e6 = 5e9; output 200 × 1e7 = 2e9 → 2.2e10 pico = 22000 micro
    assert.equal(costMicroUsd(usage(10_000, 200, 4000), GPT_4O), 22_000);
  });

  it('cache writes bill at the cache-write price', () => {
    // 3000 input = 500 uncached + 1000 cached + 1500 written; output 100
    // 500 × 1e6 + 1000 × 1e5 + 1500 × 1.25e6 + 100 × 5e6 = 5e8 + 1e8 + 1.875e9 + 5e8 = 2.975e9 pico = 2975 micro
    assert.equal(costMicroUsd(usage(3000, 100, 1000, 1500), HAIKU), 2975);
  });

  it('cached and cache-write tokens default to the input price', () => {
    const flat: ModelPrice = { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: SOURCE, effectiveFrom: '2025-01-01' };
    // (600 uncached + 300 cached + 100 written) × 1e6 = 1e9 pico = 1000 micro
    assert.equal(costMicroUsd(usage(1000, 0, 300, 100), flat), 1000);
  });

  it('uncached input never goes negative when a provider over-reports cached tokens', () => {
    // uncached max(0, 100 − 80 − 50) = 0; 80 × 1e5 + 50 × 1.25e6 = 8e6 + 6.25e7 = 7.05e7 pico = 70.5 → 71 micro
    assert.equal(costMicroUsd(usage(100, 0, 80, 50), HAIKU), 71);
  });

  it('long context: at the threshold the base rates apply', () => {
    // 200000 × 3e6 + 1000 × 15e6 = 6e11 + 1.5e10 = 6.15e11 pico = 615000 micro
    assert.equal(costMicroUsd(usage(200_000, 1000), SONNET), 615_000);
  });

  it('long context: one token past the threshold bills the whole request at the tier rates', () => {
    // 200001 × 6e6 + 1000 × 22.5e6 = 1.200006e12 + 2.25e10 = 1.222506e12 pico = 1222506 micro
    assert.equal(costMicroUsd(usage(200_001, 1000), SONNET), 1_222_506);
  });

  it('long context: cached tokens use the tier cached rate, cache writes default to the tier input rate', () => {
    // 250000 input = 100000 uncached + 100000 cached + 50000 written
    // 100000 × 6e6 + 100000 × 0.6e6 + 50000 × 6e6 = 6e11 + 6e10 + 3e11 = 9.6e11 pico = 960000 micro
    assert.equal(costMicroUsd(usage(250_000, 0, 100_000, 50_000), SONNET), 960_000);
  });

  it('batch applies the discount to the total', () => {
    // 7.5e9 pico × 0.5 = 3.75e9 pico = 3750 micro
    assert.equal(costMicroUsd(usage(1000, 500), GPT_4O, { batch: true }), 3750);
  });

  it('batch without a batchDiscount bills list price', () => {
    assert.equal(costMicroUsd(usage(1000, 0), HAIKU, { batch: true }), 1000);
  });

  it('rounds once, at the end', () => {
    // 1 uncached 280000 + 1 cached 28000 + 1 output 420000 = 728000 pico = 0.728 → 1 micro
    // (rounding each part first would give 0 + 0 + 0)
    assert.equal(costMicroUsd(usage(2, 1, 1), DEEPSEEK), 1);
  });

  it('rounds half up', () => {
    const half: ModelPrice = {
      inputUsdPerMTok: 0.5,
      outputUsdPerMTok: 0.499999,
      source: SOURCE,
      effectiveFrom: '2025-01-01',
    };
    // 1 × 500000 pico = 0.5 micro → 1; 1 × 499999 pico = 0.499999 micro → 0
    assert.equal(costMicroUsd(usage(1, 0), half), 1);
    assert.equal(costMicroUsd(usage(0, 1), half), 0);
    // batch: 3 × 150000 + 1 × 600000 = 1.05e6 pico × 0.5 = 525000 pico = 0.525 → 1
    const mini: ModelPrice = {
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      batchDiscount: 0.5,
      source: SOURCE,
      effectiveFrom: '2025-01-01',
    };
    assert.equal(costMicroUsd(usage(3, 1), mini, { batch: true }), 1);
  });

  it('large token counts stay exact past 2^53 pico-USD', () => {
    const pricey: ModelPrice = {
      inputUsdPerMTok: 75.000001,
      outputUsdPerMTok: 0,
      source: SOURCE,
      effectiveFrom: '2025-01-01',
    };
    // 123456789013 × 75000001 pico = 9259259299431789013 pico (> 2^53) = 9259259299431.789013 micro → 9259259299432
    assert.equal(costMicroUsd(usage(123_456_789_013, 0), pricey), 9_259_259_299_432);
    // 3000000007 × 28000 pico = 84000000196000 pico = 84000000.196 micro → 84000000
    assert.equal(costMicroUsd(usage(3_000_000_007, 0, 3_000_000_007), DEEPSEEK), 84_000_000);
  });

  it('rejects token counts that are not non-negative integers', () => {
    assert.throws(() => costMicroUsd(usage(1.5, 0), GPT_4O), RangeError);
    assert.throws(() => costMicroUsd(usage(10, -1), GPT_4O), RangeError);
  });
});

describe('worstCaseMicroUsd', () => {
  it('all input uncached plus the full output budget', () => {
    // 1000 × 2.5e6 + 500 × 10e6 = 7.5e9 pico = 7500 micro
    assert.equal(worstCaseMicroUsd(GPT_4O, 1000, 500), 7500);
  });

  it('rounds up', () => {
    // 1 × 280000 + 1 × 420000 = 700000 pico = 0.7 micro → 1
    assert.equal(worstCaseMicroUsd(DEEPSEEK, 1, 1), 1);
  });

  it('uses the long-context rates past the threshold', () => {
    assert.equal(worstCaseMicroUsd(SONNET, 200_000, 1000), 615_000);
    assert.equal(worstCaseMicroUsd(SONNET, 200_001, 1000), 1_222_506);
  });
});

describe('priceAt', () => {
  const model: ModelSpec = {
    ref: 'deepseek/deepseek-chat',
    provider: 'deepseek',
    model: 'deepseek-chat',
    contextWindow: 131_072,
    maxOutputTokens: 8192,
    // Deliberately unsorted: priceAt must not rely on the order.
    prices: [
      { ...DEEPSEEK, effectiveFrom: '2025-09-29' },
      { inputUsdPerMTok: 0.27, outputUsdPerMTok: 1.1, source: SOURCE, effectiveFrom: '2025-02-09' },
      { inputUsdPerMTok: 0.56, outputUsdPerMTok: 1.68, source: SOURCE, effectiveFrom: '2025-09-05' },
    ],
  };

  it('picks the latest price not after the date', () => {
    assert.equal(priceAt(model, '2025-06-01').inputUsdPerMTok, 0.27);
    assert.equal(priceAt(model, '2025-09-28').inputUsdPerMTok, 0.56);
    assert.equal(priceAt(model, '2026-01-01').inputUsdPerMTok, 0.28);
  });

  it('a price applies from its effectiveFrom day, and timestamps use their date part', () => {
    assert.equal(priceAt(model, '2025-09-05').inputUsdPerMTok, 0.56);
    assert.equal(priceAt(model, '2025-09-29T08:00:00.000Z').inputUsdPerMTok, 0.28);
  });

  it('throws MissingPrice before the first price', () => {
    assert.throws(
      () => priceAt(model, '2024-12-31'),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.MissingPrice &&
        /deepseek\/deepseek-chat has no price in force on 2024-12-31/.test(error.message),
    );
  });

  it('rejects a malformed date', () => {
    assert.throws(() => priceAt(model, 'yesterday'), RangeError);
  });
});

describe('usd conversions', () => {
  it('micro ↔ USD', () => {
    assert.equal(microToUsd(7500), 0.0075);
    assert.equal(usdToMicro(0.0075), 7500);
    assert.equal(usdToMicro(12.3456789), 12_345_679);
  });

  it('a budget is rounded down to whole micro-USD, never up, and floating-point noise does not cost a micro-dollar', () => {
    assert.equal(budgetMicroUsd(12.3456789), 12_345_678);
    assert.equal(budgetMicroUsd(0.0000025), 2);
    // 0.000249 × 1e6 is 248.99999999999997: a bare Math.floor gave 248.
    assert.equal(Math.floor(0.000249 * 1e6), 248);
    assert.equal(budgetMicroUsd(0.000249), 249);
    // Every grant the batch hands an item (micro → USD → micro) comes back whole.
    for (let micro = 1; micro < 200_000; micro += 7) assert.equal(budgetMicroUsd(microToUsd(micro)), micro);
  });

  it('formats micro-USD with six decimals', () => {
    assert.equal(formatMicroUsd(364), '$0.000364');
    assert.equal(formatMicroUsd(-1_500_000), '-$1.500000');
  });
});
