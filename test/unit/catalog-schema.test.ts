// Pure unit tests — catalog validation, one rule per case; no Temporal, no I/O
// Longer than 250 lines because it holds one small case per catalog validation rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { parseCatalog } from '../../catalog/node/parse';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid document; each test breaks one thing. */
function validDoc(): Doc {
  return {
    providers: {
      acme: { baseURL: 'https://api.acme.test/v1', apiKeyEnv: 'ACME_API_KEY', structuredOutput: 'json_object' },
    },
    models: {
      'acme/fast': {
        contextWindow: 64_000,
        maxOutputTokens: 4096,
        prices: [
          {
            inputUsdPerMTok: 0.2,
            outputUsdPerMTok: 0.4,
            source: 'https://acme.test/pricing',
            effectiveFrom: '2025-06-01',
          },
          {
            inputUsdPerMTok: 0.3,
            outputUsdPerMTok: 0.6,
            source: 'https://acme.test/pricing',
            effectiveFrom: '2025-01-01',
          },
        ],
      },
      'acme/Org/smart-v2': {
        contextWindow: 128_000,
        maxOutputTokens: 8192,
        structuredOutput: 'json_schema',
        prices: [
          { inputUsdPerMTok: 2, outputUsdPerMTok: 8, source: 'https://acme.test/pricing', effectiveFrom: '2025-01-01' },
        ],
      },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['acme/fast'] },
          { name: 'premium', candidates: ['acme/Org/smart-v2'], options: { repairAttempts: 1 } },
        ],
        startRules: [{ tier: 'premium', minPromptTokens: 50_000, inputMatches: '^contract' }],
      },
    },
  };
}

/** Asserts that parsing fails with `code` and a message containing every `fragment`. */
function rejects(doc: unknown, code: string, ...fragments: string[]): void {
  assert.throws(
    () => parseCatalog(doc, 'test.json'),
    (error: unknown) => {
      assert.ok(error instanceof CascadeConfigError, `expected CascadeConfigError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      for (const fragment of fragments)
        assert.ok(error.message.includes(fragment), `"${fragment}" not in:\n${error.message}`);
      return true;
    },
  );
}

describe('parseCatalog: a valid document', () => {
  it('normalises refs, sorts prices, fills tier defaults', () => {
    const catalog = parseCatalog(validDoc(), 'test.json');
    assert.deepEqual(catalog.providers.acme, {
      id: 'acme',
      baseURL: 'https://api.acme.test/v1',
      apiKeyEnv: 'ACME_API_KEY',
      structuredOutput: 'json_object',
    });
    const smart = catalog.models['acme/Org/smart-v2']!;
    assert.equal(smart.provider, 'acme');
    assert.equal(smart.model, 'Org/smart-v2');
    assert.deepEqual(
      catalog.models['acme/fast']!.prices.map((price) => price.effectiveFrom),
      ['2025-01-01', '2025-06-01'],
    );
    assert.deepEqual(catalog.tierDefaults, {
      repairAttempts: 0,
      triesPerCandidate: 2,
      timeoutMs: 60_000,
      maxRetryAfterMs: 30_000,
    });
    assert.deepEqual(catalog.routes.extract!.tiers[1]!.options, { repairAttempts: 1 });
  });

  it('drops notes and $schema, keeps the data plain JSON', () => {
    const doc = validDoc();
    doc.$schema = './catalog.schema.json';
    doc.models['acme/fast'].prices[0].notes = 'from the launch post';
    const catalog = parseCatalog(doc, 'test.json');
    assert.equal('notes' in catalog.models['acme/fast']!.prices[1]!, false);
    assert.deepEqual(JSON.parse(JSON.stringify(catalog)), catalog);
  });
});

describe('parseCatalog: one rule per case', () => {
  it('model whose provider is not declared → UnknownProvider', () => {
    const doc = validDoc();
    doc.models['nope/model'] = doc.models['acme/fast'];
    rejects(
      doc,
      ConfigErrorCode.UnknownProvider,
      'test.json:',
      'models["nope/model"]: provider "nope" is not declared',
      'declared: acme',
    );
  });

  it('model ref without a provider part → InvalidCatalog', () => {
    const doc = validDoc();
    doc.models['fast'] = doc.models['acme/fast'];
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'models["fast"]: a model ref is "<provider>/<model>"');
  });

  it('route candidate that is not a declared model → UnknownModel', () => {
    const doc = validDoc();
    doc.routes.extract.tiers[0].candidates.push('acme/ghost');
    rejects(
      doc,
      ConfigErrorCode.UnknownModel,
      'routes["extract"].tiers[0].candidates[1]: "acme/ghost" is not declared under models',
    );
  });

  it('model without prices → MissingPrice', () => {
    const doc = validDoc();
    delete doc.models['acme/fast'].prices;
    rejects(doc, ConfigErrorCode.MissingPrice, 'models["acme/fast"].prices: required');
  });

  it('model with an empty price list → MissingPrice', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices = [];
    rejects(doc, ConfigErrorCode.MissingPrice, 'models["acme/fast"].prices: needs at least one price');
  });

  it('price without an output number → MissingPrice', () => {
    const doc = validDoc();
    delete doc.models['acme/fast'].prices[0].outputUsdPerMTok;
    rejects(doc, ConfigErrorCode.MissingPrice, 'models["acme/fast"].prices[0].outputUsdPerMTok: required');
  });

  it('negative price → InvalidCatalog', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices[0].inputUsdPerMTok = -1;
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'models["acme/fast"].prices[0].inputUsdPerMTok:');
  });

  it('price without a source → InvalidCatalog naming the path', () => {
    const doc = validDoc();
    delete doc.models['acme/fast'].prices[0].source;
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'models["acme/fast"].prices[0].source: required');
  });

  it('effectiveFrom not YYYY-MM-DD → InvalidCatalog', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices[0].effectiveFrom = '01/06/2025';
    rejects(
      doc,
      ConfigErrorCode.InvalidCatalog,
      'models["acme/fast"].prices[0].effectiveFrom: must be a date as YYYY-MM-DD',
    );
  });

  it('two prices on the same date → InvalidCatalog', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices[1].effectiveFrom = '2025-06-01';
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'prices[1].effectiveFrom: two prices start on 2025-06-01');
  });

  it('batchDiscount of 1 or more → InvalidCatalog', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices[0].batchDiscount = 1;
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'prices[0].batchDiscount: must be a fraction below 1');
  });

  it('duplicate candidate in a route → InvalidCatalog', () => {
    const doc = validDoc();
    doc.routes.extract.tiers[1].candidates.push('acme/fast');
    rejects(
      doc,
      ConfigErrorCode.InvalidCatalog,
      'tiers[1].candidates[1]: "acme/fast" is already a candidate at routes["extract"].tiers[0].candidates[0]',
    );
  });

  it('tier names unique per route → InvalidCatalog', () => {
    const doc = validDoc();
    doc.routes.extract.tiers[1].name = 'economy';
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'routes["extract"].tiers[1].name: tier name "economy" is used twice');
  });

  it('startRule naming an unknown tier → InvalidCatalog', () => {
    const doc = validDoc();
    doc.routes.extract.startRules[0].tier = 'gold';
    rejects(
      doc,
      ConfigErrorCode.InvalidCatalog,
      'routes["extract"].startRules[0].tier: no tier named "gold"',
      'tiers: economy, premium',
    );
  });

  it('invalid regex in inputMatches → InvalidCatalog', () => {
    const doc = validDoc();
    doc.routes.extract.startRules[0].inputMatches = '(unclosed';
    rejects(
      doc,
      ConfigErrorCode.InvalidCatalog,
      'startRules[0].inputMatches: this start rule is not a valid regular expression',
    );
  });

  it('baseURL must be an http(s) URL → InvalidCatalog', () => {
    const doc = validDoc();
    doc.providers.acme.baseURL = 'api.acme.test';
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'providers["acme"].baseURL: must be an http(s) URL');
  });

  it('unknown structuredOutput mode → InvalidCatalog', () => {
    const doc = validDoc();
    doc.providers.acme.structuredOutput = 'json';
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'providers["acme"].structuredOutput:');
  });

  it('misspelt key → InvalidCatalog naming it', () => {
    const doc = validDoc();
    doc.models['acme/fast'].prices[0].cachedInputUsdPerMtok = 0.02;
    rejects(doc, ConfigErrorCode.InvalidCatalog, 'models["acme/fast"].prices[0].cachedInputUsdPerMtok: unknown key');
  });

  it('maxOutputTokens above contextWindow → InvalidCatalog', () => {
    const doc = validDoc();
    doc.models['acme/fast'].maxOutputTokens = 100_000;
    rejects(
      doc,
      ConfigErrorCode.InvalidCatalog,
      'models["acme/fast"].maxOutputTokens: 100000 exceeds contextWindow 64000',
    );
  });

  it('not an object at all → InvalidCatalog', () => {
    rejects([], ConfigErrorCode.InvalidCatalog, 'test.json: invalid catalog');
  });

  it('lists every problem in one message', () => {
    const doc = validDoc();
    delete doc.models['acme/fast'].prices[0].source;
    doc.providers.acme.baseURL = 'nope';
    rejects(
      doc,
      ConfigErrorCode.InvalidCatalog,
      '(2 problems)',
      '  - providers["acme"].baseURL',
      '  - models["acme/fast"].prices[0].source: required',
    );
  });
});

describe('parseCatalog: the checks of a route', () => {
  it('near, sum, differs and term load as written', () => {
    const doc = validDoc();
    const checks = [
      { check: 'near', fields: ['total'], preset: 'total', labels: ['Zu zahlen'] },
      { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'], tolerance: 0.02, charges: true },
      { check: 'differs', fields: ['vendor'], from: 'customer' },
      { check: 'term', fields: ['dueDate'], from: 'issueDate' },
    ];
    doc.routes.extract.checks = checks;
    assert.deepEqual(parseCatalog(doc, 'test.json').routes.extract!.checks, checks);
  });

  it('each mistake names its JSON path and what to write', () => {
    const withChecks = (checks: unknown[]) => {
      const doc = validDoc();
      doc.routes.extract.checks = checks;
      return doc;
    };
    rejects(
      withChecks([{ check: 'near', fields: ['total'], preset: 'grandTotal' }]),
      ConfigErrorCode.InvalidCatalog,
      'routes["extract"].checks[0].preset: must be one of the label presets: total, subtotal, tax, dueDate, issueDate, vendor, buyer, invoiceNumber',
    );
    rejects(
      withChecks([
        { check: 'grounded', fields: ['total'] },
        { check: 'near', fields: ['total'] },
      ]),
      ConfigErrorCode.InvalidCatalog,
      'routes["extract"].checks[1].preset: near needs a "preset"',
    );
    rejects(
      withChecks([{ check: 'sum', fields: ['total'], of: ['subtotal'], tolerance: -0.01 }]),
      ConfigErrorCode.InvalidCatalog,
      `routes["extract"].checks[0].tolerance: a tolerance is 0 or more, in the fields' own units`,
    );
    rejects(
      withChecks([{ check: 'term', fields: ['dueDate'] }]),
      ConfigErrorCode.InvalidCatalog,
      'routes["extract"].checks[0].from: required',
    );
    rejects(
      withChecks([{ check: 'nearby', fields: ['total'] }]),
      ConfigErrorCode.InvalidCatalog,
      'routes["extract"].checks[0].check: unknown check; use one of grounded, range, dateWindow, currency, near, sum, differs, term, custom',
    );
  });
});
