// CLI tests — `llm-cascade catalog show|import-litellm` as child processes; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli, tempFiles } from '../helpers/cli';

const LITELLM_SAMPLE = resolve(__dirname, '../../../test/fixtures/litellm-sample.json');

describe('llm-cascade catalog', () => {
  it('show validates the built-in catalog and prints every route with prices', async () => {
    const result = await runCli(['catalog', 'show']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /route "extract"/);
    assert.match(result.stdout, /deepseek\/deepseek-chat/);
    assert.match(result.stdout, /openai\/gpt-4o /);
  });

  it('show rejects a config with a model that has no price, naming the path (exit 2)', async () => {
    const files = tempFiles({
      'bad.json': {
        providers: { p: { baseURL: 'http://127.0.0.1:1/v1', structuredOutput: 'none' } },
        models: { 'p/m': { contextWindow: 1000, maxOutputTokens: 100, prices: [] } },
        routes: { t: { tiers: [{ name: 'only', candidates: ['p/m'] }] } },
      },
    });
    const result = await runCli(['catalog', 'show', '--config', files['bad.json']!]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /models\["p\/m"\]\.prices/);
  });

  it('show checks the sections only serve and agent start read: a bad gateway or agent section exits 2 naming it', async () => {
    const files = tempFiles({
      'gateway.json': { extends: 'default', gateway: { maxRequestUsd: 'lots' } },
      'agents.json': { extends: 'default', agents: { payables: { tools: 5 } } },
      'good.json': { extends: 'default', gateway: { maxRequestUsd: 0.5 }, agents: {} },
    });
    const gateway = await runCli(['catalog', 'show', '--config', files['gateway.json']!]);
    assert.equal(gateway.code, 2, gateway.stderr);
    assert.match(gateway.stderr, /"gateway" section: .*maxRequestUsd/);
    const agents = await runCli(['catalog', 'show', '--config', files['agents.json']!]);
    assert.equal(agents.code, 2, agents.stderr);
    assert.match(agents.stderr, /agents\.payables/);
    const good = await runCli(['catalog', 'show', '--config', files['good.json']!]);
    assert.equal(good.code, 0, good.stderr);
  });

  it('import-litellm merges LiteLLM prices into a catalog file as price history', async () => {
    const files = tempFiles({
      'catalog.json': {
        extends: 'default',
        providers: {
          openai: {
            baseURL: 'https://api.openai.com/v1',
            apiKeyEnv: 'OPENAI_API_KEY',
            structuredOutput: 'json_schema',
          },
        },
        models: {
          'openai/gpt-4o': {
            contextWindow: 128000,
            maxOutputTokens: 16384,
            prices: [
              {
                inputUsdPerMTok: 5,
                outputUsdPerMTok: 15,
                source: 'https://openai.com/api/pricing',
                effectiveFrom: '2024-05-13',
              },
            ],
          },
        },
        routes: { t: { tiers: [{ name: 'premium', candidates: ['openai/gpt-4o'] }] } },
      },
    });
    const out = `${files.dir}/merged.json`;
    const result = await runCli([
      'catalog',
      'import-litellm',
      LITELLM_SAMPLE,
      '--effective-from',
      '2026-07-24',
      '--into',
      files['catalog.json']!,
      '--out',
      out,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const merged = JSON.parse(readFileSync(out, 'utf8')) as {
      models: Record<string, { prices: { inputUsdPerMTok: number; effectiveFrom: string }[] }>;
    };
    assert.deepEqual(
      merged.models['openai/gpt-4o']!.prices.map((p) => [p.effectiveFrom, p.inputUsdPerMTok]),
      [
        ['2024-05-13', 5],
        ['2026-07-24', 2.5],
      ],
    );
    const shown = await runCli(['catalog', 'show', '--config', out]);
    assert.equal(shown.code, 0, shown.stderr);
  });
});
