// Pure unit tests — abandoned calls priced: the estimate rule, the catalog's billsAbandoned, the rows it makes
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abandonedEstimate, abandonedUsage, billsAbandoned } from '../../catalog/abandoned';
import { parseCatalog } from '../../catalog/node/parse';
import { worstCaseMicroUsd } from '../../catalog/pricing';
import { resolveRoute } from '../../routing/route';
import { estimateAbandoned } from '../../activities/cascade/estimate-usage';
import { plannedAbandonedEstimate, withAbandonedEstimate } from '../../workflows/cascade/rows';
import type { AttemptRecord } from '../../workflows/definitions';

const price = { inputUsdPerMTok: 1, outputUsdPerMTok: 4, source: 'https://example.test', effectiveFrom: '2025-01-01' };

describe('the estimate rule (catalog/abandoned.ts)', () => {
  it('is all of the input plus all of the output the call allowed, priced like an answer', () => {
    assert.deepEqual(abandonedUsage(120, 800), {
      inputTokens: 120,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 800,
    });
    // 120 × $1/M + 800 × $4/M = 120 + 3,200 micro-USD
    assert.equal(abandonedEstimate(price, 120, 800).costMicroUsd, 3_320);
  });

  it('equals the worst case the budget reserved for the call, so a budget holds', () => {
    const long = { ...price, longContext: { thresholdTokens: 1_000, inputUsdPerMTok: 2, outputUsdPerMTok: 8 } };
    for (const [input, output] of [
      [10, 16],
      [999, 4_000],
      [5_000, 2_000],
    ] as const)
      assert.equal(abandonedEstimate(long, input, output).costMicroUsd, worstCaseMicroUsd(long, input, output));
  });

  it('billsAbandoned is true unless the catalog says false', () => {
    assert.equal(billsAbandoned({}), true);
    assert.equal(billsAbandoned({ billsAbandoned: true }), true);
    assert.equal(billsAbandoned({ billsAbandoned: false }), false);
  });
});

describe('billsAbandoned in the catalog', () => {
  const catalog = parseCatalog(
    {
      providers: {
        hosted: { baseURL: 'https://hosted.test/v1', structuredOutput: 'json_schema' },
        local: { baseURL: 'http://127.0.0.1:8080/v1', structuredOutput: 'none', billsAbandoned: false },
      },
      models: {
        'hosted/a': { contextWindow: 8_000, maxOutputTokens: 1_000, prices: [price] },
        'hosted/b': { contextWindow: 8_000, maxOutputTokens: 1_000, prices: [price], billsAbandoned: false },
        'local/c': { contextWindow: 8_000, maxOutputTokens: 1_000, prices: [price] },
        'local/d': { contextWindow: 8_000, maxOutputTokens: 1_000, prices: [price], billsAbandoned: true },
      },
      routes: { t: { tiers: [{ name: 'only', candidates: ['hosted/a', 'hosted/b', 'local/c', 'local/d'] }] } },
    },
    'test',
  );

  it('a model inherits its provider’s; a model’s own wins; the plan carries only `false`', () => {
    const candidates = resolveRoute(catalog, 't', { promptTokens: 100, inputText: 'x', at: '2025-06-01' }).tiers[0]!
      .candidates;
    assert.deepEqual(
      candidates.map((c) => [c.ref, c.billsAbandoned]),
      [
        ['hosted/a', undefined],
        ['hosted/b', false],
        ['local/c', false],
        ['local/d', undefined],
      ],
    );
  });

  it('a value that is not a boolean is refused with the path to fix', () => {
    assert.throws(
      () =>
        parseCatalog(
          {
            providers: { p: { baseURL: 'https://p.test/v1', structuredOutput: 'none', billsAbandoned: 'no' } },
            models: {},
            routes: {},
          },
          'test',
        ),
      /billsAbandoned/,
    );
  });
});

describe('the estimate of a call (activity) and of calls the workflow lost', () => {
  const request = {
    model: 'a',
    max_tokens: 500,
    messages: [{ role: 'user' as const, content: 'Invoice INV-7, total 120.50 EUR. '.repeat(20) }],
  };

  it('the activity counts what it sent and prices all of max_tokens; none for a provider that does not bill', () => {
    const estimate = estimateAbandoned(request, { price, maxOutputTokens: 1_000 })!;
    assert.equal(estimate.usage.outputTokens, 500);
    assert.ok(estimate.usage.inputTokens > 100, `counted ${estimate.usage.inputTokens} input tokens`);
    assert.equal(estimate.costMicroUsd, estimate.usage.inputTokens + 2_000);
    assert.equal(estimateAbandoned(request, { price, maxOutputTokens: 1_000, billsAbandoned: false }), undefined);
  });

  it('the workflow’s estimate is never below the reservation, once per try', () => {
    const one = plannedAbandonedEstimate(price, {
      inputTokens: 100,
      maxOutputTokens: 200,
      reservedMicroUsd: 0,
      tries: 1,
    });
    assert.equal(one.costMicroUsd, 900);
    const reserved = plannedAbandonedEstimate(price, {
      inputTokens: 100,
      maxOutputTokens: 200,
      reservedMicroUsd: 2_000,
      tries: 2,
    });
    assert.equal(reserved.costMicroUsd, 4_000);
    assert.equal(reserved.usage.outputTokens, 400);
  });

  it('an estimated row counts in the ledger but stays unbilled', () => {
    const row = { outcome: 'timeout', billed: false, costMicroUsd: 0, costUsd: 0 } as AttemptRecord;
    const priced = withAbandonedEstimate(row, abandonedEstimate(price, 100, 200));
    assert.deepEqual(
      [priced.billed, priced.estimated, priced.costMicroUsd, priced.costUsd, priced.usage.outputTokens],
      [false, true, 900, 0.0009, 200],
    );
  });
});
