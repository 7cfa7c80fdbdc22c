// Unit tests — the default catalog and loadCatalog (temp files only); no Temporal, no network
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { defaultCatalog, loadCatalog } from '../../catalog/node/load';
import { priceAt } from '../../catalog/pricing';
import { keylessRouteError } from '../../catalog/node/keys';
import { isSimulatedProvider, SIMULATED_BASE_URL } from '../../catalog/node/simulated';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid document with one provider, one model and one route. */
function validDoc(): Doc {
  const price = {
    inputUsdPerMTok: 0.2,
    outputUsdPerMTok: 0.4,
    source: 'https://acme.test/pricing',
    effectiveFrom: '2025-01-01',
  };
  return {
    providers: { acme: { baseURL: 'https://api.acme.test/v1', structuredOutput: 'json_object' } },
    models: {
      'acme/fast': { contextWindow: 64_000, maxOutputTokens: 4096, prices: [price] },
      'acme/Org/smart-v2': { contextWindow: 128_000, maxOutputTokens: 8192, prices: [price] },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['acme/fast'] },
          { name: 'premium', candidates: ['acme/Org/smart-v2'] },
        ],
      },
    },
  };
}

describe('default catalog', () => {
  const catalog = defaultCatalog();

  it('loads, and every route candidate has a price in force', () => {
    for (const [task, route] of Object.entries(catalog.routes)) {
      for (const tier of route.tiers) {
        for (const ref of tier.candidates) {
          const model = catalog.models[ref];
          assert.ok(model, `${task}/${tier.name}: ${ref} missing`);
          const price = priceAt(model, '2026-07-24');
          assert.ok(price.source.startsWith('https://'), `${ref} price has no source URL`);
          assert.ok(price.inputUsdPerMTok > 0 && price.outputUsdPerMTok > 0, `${ref} is priced at zero`);
        }
      }
    }
  });

  it('each tier spreads its candidates over different providers', () => {
    for (const route of Object.values(catalog.routes)) {
      for (const tier of route.tiers) {
        const providers = tier.candidates.map((ref) => catalog.models[ref]!.provider);
        assert.equal(new Set(providers).size, providers.length, `${tier.name}: ${providers.join(', ')}`);
      }
    }
  });

  it('records what structured output each provider honours', () => {
    const modes = Object.fromEntries(
      Object.values(catalog.providers).map((provider) => [provider.id, provider.structuredOutput]),
    );
    assert.equal(modes.anthropic, 'none');
    assert.equal(modes.deepseek, 'json_object');
    assert.equal(modes.openai, 'json_schema');
  });

  it('returns a copy each time', () => {
    const first = defaultCatalog();
    first.models['openai/gpt-4o']!.prices.length = 0;
    assert.ok(defaultCatalog().models['openai/gpt-4o']!.prices.length > 0);
  });
});

describe('loadCatalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-catalog-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('no argument → the default catalog', () => {
    assert.ok(loadCatalog().routes.extract);
  });

  it('a path → the file, validated', () => {
    const catalog = loadCatalog(write('ok.json', JSON.stringify(validDoc())));
    assert.deepEqual(Object.keys(catalog.models), ['acme/fast', 'acme/Org/smart-v2']);
  });

  it('a missing file → FileNotFound naming the path', () => {
    const path = join(dir, 'missing.json');
    assert.throws(
      () => loadCatalog(path),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.FileNotFound &&
        error.message.includes(path),
    );
  });

  it('invalid JSON → InvalidCatalog naming the path', () => {
    const path = write('broken.json', '{ "providers": ');
    assert.throws(
      () => loadCatalog(path),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.InvalidCatalog &&
        error.message.includes(`${path} is not valid JSON`),
    );
  });

  it('validation errors name the file', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices = [];
    const path = write('no-price.json', JSON.stringify(doc));
    assert.throws(
      () => loadCatalog(path),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.MissingPrice &&
        error.message.startsWith(`${path}:`),
    );
  });

  it('an object → inline catalog', () => {
    assert.ok(loadCatalog(validDoc()).models['acme/fast']);
    assert.throws(() => loadCatalog({ providers: {} }), /inline catalog: invalid catalog/);
  });

  it('extends "default": the file is laid over the default catalog by key', () => {
    const doc = validDoc();
    doc.extends = 'default';
    doc.routes.extract.tiers[1].candidates = ['acme/Org/smart-v2', 'openai/gpt-4o'];
    doc.models['deepseek/deepseek-chat'] = {
      contextWindow: 131_072,
      maxOutputTokens: 4096,
      prices: [
        { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://contract.test', effectiveFrom: '2025-01-01' },
      ],
    };
    doc.tierDefaults = { timeoutMs: 5000 };
    const catalog = loadCatalog(write('extends.json', JSON.stringify(doc)));
    assert.ok(catalog.providers.openai && catalog.providers.acme);
    assert.ok(catalog.routes.default, 'default routes are kept');
    assert.deepEqual(
      catalog.routes.extract!.tiers.map((tier) => tier.name),
      ['economy', 'premium'],
      'file route wins whole',
    );
    assert.equal(catalog.models['deepseek/deepseek-chat']!.maxOutputTokens, 4096, 'file model wins whole');
    assert.equal(catalog.tierDefaults.timeoutMs, 5000);
    assert.equal(catalog.tierDefaults.triesPerCandidate, 2);
  });
});

describe('the simulated catalog', () => {
  it("'simulated' → the built-in routes and prices, every provider sim-…, keyless, answered at simulated.invalid", () => {
    const simulated = loadCatalog('simulated');
    const builtIn = defaultCatalog();
    assert.deepEqual(Object.keys(simulated.routes), Object.keys(builtIn.routes));
    for (const provider of Object.values(simulated.providers)) {
      assert.match(provider.id, /^sim-/);
      assert.equal(provider.apiKeyEnv, undefined);
      assert.equal(provider.baseURL, SIMULATED_BASE_URL);
      assert.ok(isSimulatedProvider(provider));
    }
    const extract = simulated.routes.extract!.tiers.map((tier) => tier.candidates);
    assert.deepEqual(
      extract,
      builtIn.routes.extract!.tiers.map((tier) => tier.candidates.map((ref) => `sim-${ref}`)),
    );
    const ref = builtIn.routes.extract!.tiers[0]!.candidates[0]!;
    assert.deepEqual(simulated.models[`sim-${ref}`]!.prices, builtIn.models[ref]!.prices);
    assert.ok(!isSimulatedProvider(builtIn.providers.openai!));
  });

  it('"extends": "simulated" lays a file over it (a route of its own on the simulated models)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-sim-'));
    const file = join(dir, 'c.json');
    const route = { tiers: [{ name: 'only', candidates: ['sim-openai/gpt-4o-mini'] }] };
    writeFileSync(file, JSON.stringify({ extends: 'simulated', routes: { classify: route } }));
    const catalog = loadCatalog(file);
    assert.deepEqual(catalog.routes.classify!.tiers[0]!.candidates, ['sim-openai/gpt-4o-mini']);
    assert.ok(catalog.routes.extract);
  });
});

describe('keylessRouteError', () => {
  const catalog = defaultCatalog();
  const route = (refs: string[]) => ({
    task: 'extract',
    startTier: 0,
    tiers: [
      {
        name: 'economy',
        options: {} as never,
        candidates: refs.map((ref) => ({ ref, provider: ref.split('/')[0]! }) as never),
      },
    ],
  });

  it('no key of any candidate → MISSING_API_KEY naming each variable once', () => {
    const error = keylessRouteError(
      catalog,
      route(['openai/gpt-4o-mini', 'openai/gpt-4o', 'deepseek/deepseek-chat']),
      {},
    );
    assert.ok(error instanceof CascadeConfigError);
    assert.equal(error.code, ConfigErrorCode.MissingApiKey);
    assert.match(error.message, /set one of OPENAI_API_KEY, DEEPSEEK_API_KEY \(/);
  });

  it('one key set → no error (the others are ruled out one by one)', () => {
    const refs = ['openai/gpt-4o-mini', 'deepseek/deepseek-chat'];
    assert.equal(keylessRouteError(catalog, route(refs), { DEEPSEEK_API_KEY: 'k' }), undefined);
  });

  it('a keyless provider (a local server, the simulated catalog) → no error', () => {
    const simulated = loadCatalog('simulated');
    assert.equal(keylessRouteError(simulated, route(['sim-openai/gpt-4o-mini']), {}), undefined);
  });
});
