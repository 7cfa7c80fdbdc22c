// Pure unit tests — provider batch decisions (split under limits, key, polling back-off, config checks); no Temporal
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCatalog } from '../../catalog/node/parse';
import { planBatch } from '../../routing/node/plan';
import { costMicroUsd, worstCaseMicroUsd } from '../../catalog/pricing';
import {
  POLL_CAP_MS,
  pollDelayMs,
  providerBatchKey,
  providerBatchTier,
  splitBatchRequests,
} from '../../routing/provider-batch';

const price = { inputUsdPerMTok: 1, outputUsdPerMTok: 4, batchDiscount: 0.5, source: 'x', effectiveFrom: '2025-01-01' };

function catalogDoc(batch: boolean, mode?: string) {
  return {
    providers: {
      eco: {
        baseURL: 'https://eco.test/v1',
        structuredOutput: 'json_schema',
        ...(batch && { batch: { protocol: 'openai', maxRequests: 100, maxBytes: 1_000_000, maxInFlight: 1 } }),
      },
      top: { baseURL: 'https://top.test/v1', structuredOutput: 'json_schema' },
    },
    models: {
      'eco/small': { contextWindow: 8000, maxOutputTokens: 500, prices: [price] },
      'top/large': { contextWindow: 8000, maxOutputTokens: 500, prices: [price] },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['eco/small'], ...(mode && { mode }) },
          { name: 'premium', candidates: ['top/large'] },
        ],
      },
    },
  };
}

describe('splitBatchRequests', () => {
  it('one chunk when the page fits both limits', () => {
    assert.deepEqual(splitBatchRequests([10, 10, 10], { maxRequests: 3, maxBytes: 30 }), {
      chunks: [[0, 1, 2]],
      oversized: [],
    });
  });
  it('splits at maxRequests', () => {
    assert.deepEqual(splitBatchRequests([1, 1, 1, 1, 1], { maxRequests: 2, maxBytes: 100 }).chunks, [
      [0, 1],
      [2, 3],
      [4],
    ]);
  });
  it('splits at maxBytes (a chunk never passes it, and reaching it exactly is allowed)', () => {
    assert.deepEqual(splitBatchRequests([40, 60, 50, 50, 1], { maxRequests: 10, maxBytes: 100 }).chunks, [
      [0, 1],
      [2, 3],
      [4],
    ]);
  });
  it('a line over maxBytes on its own goes to no batch (it runs synchronously); order is kept', () => {
    assert.deepEqual(splitBatchRequests([10, 500, 10], { maxRequests: 10, maxBytes: 100 }), {
      chunks: [[0, 2]],
      oversized: [1],
    });
  });
  it('an empty page has no chunk', () => {
    assert.deepEqual(splitBatchRequests([], { maxRequests: 1, maxBytes: 1 }), { chunks: [], oversized: [] });
  });
});

describe('provider batch keys and polling', () => {
  it('the key names workflow, page start and chunk, and stays within metadata limits', () => {
    assert.equal(providerBatchKey('batch-x', 200, 1), 'batch-x#p200c1');
    const long = providerBatchKey('w'.repeat(600), 0, 0);
    assert.equal(long.length, 512);
    assert.ok(long.endsWith('#p0c0'));
  });
  it('polls back off by doubling, capped', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => pollDelayMs(n, 100)),
      [100, 200, 400, 800],
    );
    assert.equal(pollDelayMs(40), POLL_CAP_MS);
  });
});

describe('provider batch in the catalog', () => {
  it('a provider-batch tier on a provider with a Batch API is planned with its mode and limits', () => {
    const route = planBatch(
      parseCatalog(catalogDoc(true, 'provider-batch'), 't'),
      { task: 'extract' },
      '2026-01-01',
    ).route;
    const tier = providerBatchTier(route);
    assert.equal(tier?.tierIndex, 0);
    assert.equal(tier?.candidate.batch.maxRequests, 100);
  });
  it('a provider-batch tier whose first candidate has no Batch API is a catalog error naming the fix', () => {
    assert.throws(() => parseCatalog(catalogDoc(false, 'provider-batch'), 't.json'), /declares no Batch API/);
  });
  it('--provider-batch turns the first tier on, and fails the same way without a Batch API', () => {
    const route = planBatch(
      parseCatalog(catalogDoc(true), 't'),
      { task: 'extract', providerBatch: true },
      '2026-01-01',
    ).route;
    assert.deepEqual(
      route.tiers.map((tier) => tier.mode),
      ['provider-batch', undefined],
    );
    assert.throws(
      () => planBatch(parseCatalog(catalogDoc(false), 't'), { task: 'extract', providerBatch: true }, '2026-01-01'),
      /declares no Batch API/,
    );
  });
  it('without the flag or a mode, no tier runs as a provider batch', () => {
    const route = planBatch(parseCatalog(catalogDoc(true), 't'), { task: 'extract' }, '2026-01-01').route;
    assert.equal(providerBatchTier(route), undefined);
  });
});

describe('batch-priced reservations', () => {
  it('the worst case at the batch rate is the discounted worst case, rounded up', () => {
    assert.equal(worstCaseMicroUsd(price, 1000, 100), 1400);
    assert.equal(worstCaseMicroUsd(price, 1000, 100, { batch: true }), 700);
    assert.equal(worstCaseMicroUsd(price, 1, 0, { batch: true }), 1, 'half a micro-USD rounds up');
    const usage = { inputTokens: 1000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 100 };
    assert.ok(costMicroUsd(usage, price, { batch: true }) <= worstCaseMicroUsd(price, 1000, 100, { batch: true }));
  });
});
