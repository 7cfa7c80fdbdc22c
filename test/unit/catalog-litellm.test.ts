// Pure unit tests — LiteLLM price-map import (fixture file); no Temporal, no network
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import defaultCatalogJson from '../../catalog/default-catalog.json';
import { importLiteLLM, LITELLM_MAP_URL, mergeImported } from '../../catalog/node/litellm-import';
import type { CatalogFile } from '../../catalog/node/file-schema';
import { parseCatalog } from '../../catalog/node/parse';
import sample from '../fixtures/litellm-sample.json';

const options = { effectiveFrom: '2026-07-24' };

describe('importLiteLLM', () => {
  const { models, skipped } = importLiteLLM(sample, options);

  it('converts per-token prices to per-1M, without float noise', () => {
    const gpt4o = models['openai/gpt-4o']!;
    assert.equal(gpt4o.contextWindow, 128_000);
    assert.equal(gpt4o.maxOutputTokens, 16_384);
    assert.equal(gpt4o.structuredOutput, 'json_schema');
    const [price] = gpt4o.prices;
    assert.equal(price!.inputUsdPerMTok, 2.5);
    assert.equal(price!.cachedInputUsdPerMTok, 1.25);
    assert.equal(price!.outputUsdPerMTok, 10);
    assert.equal(price!.effectiveFrom, '2026-07-24');
    assert.equal(price!.source, LITELLM_MAP_URL, 'no source in the entry → the map itself');
    // 2.8e-7 × 1e6 is 0.27999999999999997 in floating point
    assert.equal(models['deepseek/deepseek-chat']!.prices[0]!.inputUsdPerMTok, 0.28);
  });

  it('batch prices → batchDiscount when input and output agree', () => {
    assert.equal(models['openai/gpt-4o']!.prices[0]!.batchDiscount, 0.5);
  });

  it('DeepSeek-style cache hit price → cachedInput; the entry source is kept', () => {
    const [price] = models['deepseek/deepseek-chat']!.prices;
    assert.equal(price!.cachedInputUsdPerMTok, 0.028);
    assert.equal(price!.source, 'https://api-docs.deepseek.com/quick_start/pricing');
    assert.equal(
      models['deepseek/deepseek-chat']!.structuredOutput,
      undefined,
      'no supports_response_schema → provider default',
    );
  });

  it('above_128k keys → longContext; deprecation noted', () => {
    const [price] = models['gemini/gemini-1.5-pro']!.prices;
    assert.deepEqual(price!.longContext, { thresholdTokens: 128_000, inputUsdPerMTok: 7, outputUsdPerMTok: 21 });
    assert.match(price!.notes ?? '', /deprecation_date 2025-09-29/);
  });

  it('bare keys get the provider prefix; cache write and long-context cache rates come along', () => {
    const [price] = models['anthropic/claude-sonnet-4-5']!.prices;
    assert.equal(price!.cacheWriteUsdPerMTok, 3.75);
    assert.equal(price!.cachedInputUsdPerMTok, 0.3);
    assert.deepEqual(price!.longContext, {
      thresholdTokens: 200_000,
      inputUsdPerMTok: 6,
      outputUsdPerMTok: 22.5,
      cachedInputUsdPerMTok: 0.6,
      cacheWriteUsdPerMTok: 7.5,
    });
  });

  it('skips sample_spec, non-chat modes, entries without prices and unmapped providers, with reasons', () => {
    const reasons = Object.fromEntries(skipped.map((entry) => [entry.key, entry.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), [
      'sample_spec',
      'text-embedding-3-small',
      'together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo',
      'vertex_ai/gemini-2.5-flash',
    ]);
    assert.match(reasons['text-embedding-3-small']!, /mode "embedding" is not chat/);
    assert.match(reasons['together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo']!, /no input_cost_per_token/);
    assert.match(reasons['vertex_ai/gemini-2.5-flash']!, /pass providers/);
  });

  it('the providers option maps other LiteLLM providers', () => {
    const mapped = importLiteLLM(sample, { ...options, providers: { 'vertex_ai-language-models': 'vertex' } });
    assert.equal(mapped.models['vertex/gemini-2.5-flash']!.prices[0]!.inputUsdPerMTok, 0.3);
  });

  it('several long-context tiers → the lowest threshold, noted', () => {
    const { models: tiered } = importLiteLLM(
      {
        'gemini/tiered': {
          litellm_provider: 'gemini',
          mode: 'chat',
          max_input_tokens: 1_000_000,
          input_cost_per_token: 1e-6,
          output_cost_per_token: 2e-6,
          input_cost_per_token_above_256k_tokens: 4e-6,
          input_cost_per_token_above_128k_tokens: 2e-6,
          output_cost_per_token_above_128k_tokens: 3e-6,
        },
      },
      options,
    );
    const [price] = tiered['gemini/tiered']!.prices;
    assert.deepEqual(price!.longContext, { thresholdTokens: 128_000, inputUsdPerMTok: 2, outputUsdPerMTok: 3 });
    assert.match(price!.notes ?? '', /several long-context tiers \(128k, 256k\)/);
    assert.equal(tiered['gemini/tiered']!.maxOutputTokens, 1_000_000, 'no output limit → the context window');
  });

  it('inconsistent batch prices → no batchDiscount, noted', () => {
    const { models: odd } = importLiteLLM(
      {
        'gpt-odd': {
          litellm_provider: 'openai',
          mode: 'chat',
          max_tokens: 4096,
          input_cost_per_token: 1e-6,
          output_cost_per_token: 2e-6,
          input_cost_per_token_batches: 5e-7,
          output_cost_per_token_batches: 2e-6,
        },
      },
      options,
    );
    const [price] = odd['openai/gpt-odd']!.prices;
    assert.equal(price!.batchDiscount, undefined);
    assert.match(price!.notes ?? '', /not one consistent discount/);
  });

  it('rejects an effectiveFrom that is not a date', () => {
    assert.throws(() => importLiteLLM(sample, { effectiveFrom: 'July 2026' }), RangeError);
  });
});

describe('mergeImported', () => {
  const base = defaultCatalogJson as unknown as CatalogFile;
  const imported = importLiteLLM(sample, options);

  it('the merged file validates: imported prices join the history, new models are added', () => {
    const merged = mergeImported(base, imported);
    const catalog = parseCatalog(merged, 'merged');
    const deepseek = catalog.models['deepseek/deepseek-chat']!;
    assert.equal(deepseek.prices.at(-1)!.effectiveFrom, '2026-07-24');
    assert.equal(deepseek.prices.length, base.models['deepseek/deepseek-chat']!.prices.length + 1);
    assert.equal(deepseek.contextWindow, 131_072, 'limits stay as the catalog has them');
    assert.ok(catalog.models['gemini/gemini-1.5-pro']);
  });

  it('does not add a second price on a date already present', () => {
    const once = mergeImported(base, imported);
    const twice = mergeImported(once, imported);
    assert.equal(twice.models['openai/gpt-4o']!.prices.length, once.models['openai/gpt-4o']!.prices.length);
  });

  it('leaves the input file untouched', () => {
    const before = JSON.stringify(base);
    mergeImported(base, imported);
    assert.equal(JSON.stringify(base), before);
  });
});
