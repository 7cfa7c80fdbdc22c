// Pure unit tests — every catalog number bounded at load (start-rule patterns: safe-pattern.test.ts)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeConfigError } from '../../catalog/errors';
import { parseCatalog } from '../../catalog/node/parse';
import { countTextTokens } from '../../catalog/node/tokens';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function doc(): Doc {
  return {
    providers: { acme: { baseURL: 'https://api.acme.test/v1', structuredOutput: 'json_object' } },
    models: {
      'acme/fast': {
        contextWindow: 64_000,
        maxOutputTokens: 4096,
        prices: [
          { inputUsdPerMTok: 0.2, outputUsdPerMTok: 0.4, source: 'https://acme.test', effectiveFrom: '2025-01-01' },
        ],
      },
      'acme/smart': {
        contextWindow: 64_000,
        maxOutputTokens: 4096,
        prices: [{ inputUsdPerMTok: 2, outputUsdPerMTok: 8, source: 'https://acme.test', effectiveFrom: '2025-01-01' }],
      },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['acme/fast'] },
          { name: 'premium', candidates: ['acme/smart'] },
        ],
        startRules: [{ tier: 'premium', inputMatches: '\\b(contract|lease)s?\\b' }],
      },
    },
  };
}

function rejects(document: Doc, ...fragments: string[]): void {
  assert.throws(
    () => parseCatalog(document, 'bounds.json'),
    (error: unknown) => {
      assert.ok(error instanceof CascadeConfigError, String(error));
      for (const fragment of fragments)
        assert.ok(error.message.includes(fragment), `"${fragment}" not in:\n${error.message}`);
      return true;
    },
  );
}

describe('catalog numbers are bounded at load, each problem named by its path', () => {
  it('a finite but absurd price (1e308) is refused, not left to overflow inside a workflow', () => {
    const d = doc();
    d.models['acme/fast'].prices[0].inputUsdPerMTok = 1e308;
    rejects(d, 'models["acme/fast"].prices[0].inputUsdPerMTok', 'at most 100000 USD');
  });
  it('long-context prices, windows and thresholds', () => {
    const d = doc();
    d.models['acme/smart'].contextWindow = 1e12;
    d.models['acme/fast'].prices[0].longContext = { thresholdTokens: 1e15, inputUsdPerMTok: 1, outputUsdPerMTok: 1e9 };
    rejects(
      d,
      'models["acme/smart"].contextWindow: must be at most 100000000 tokens',
      'models["acme/fast"].prices[0].longContext.thresholdTokens',
      'models["acme/fast"].prices[0].longContext.outputUsdPerMTok',
    );
  });
  it('timeouts past 2^31-1 ms (a Node timer would fire at once) and runaway retries', () => {
    const d = doc();
    d.tierDefaults = { timeoutMs: 2 ** 31, maxRetryAfterMs: 1e20 };
    d.routes.extract.tiers[1].options = { triesPerCandidate: 1e6, repairAttempts: 1e6 };
    rejects(
      d,
      'tierDefaults.timeoutMs: must be at most 2147483647 ms',
      'tierDefaults.maxRetryAfterMs',
      'routes["extract"].tiers[1].options.triesPerCandidate: must be at most 20',
      'routes["extract"].tiers[1].options.repairAttempts: must be at most 10',
    );
  });
  it('the bounds themselves are accepted', () => {
    const d = doc();
    d.models['acme/fast'].prices[0].outputUsdPerMTok = 100_000;
    d.tierDefaults = { timeoutMs: 2 ** 31 - 1, triesPerCandidate: 20 };
    assert.ok(parseCatalog(d, 'bounds.json'));
  });
});

describe('one token counter', () => {
  it('counts special-token text as text instead of throwing', () => {
    assert.ok(countTextTokens('<|endoftext|>') > 1);
    assert.equal(countTextTokens('hello world'), 2);
  });
});
