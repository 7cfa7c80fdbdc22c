// Pure unit tests — no user input pins a CPU: patterns on RE2 (unsupported syntax refused at load), bounded token counts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeConfigError } from '../../catalog/errors';
import { resolveRoute } from '../../routing/route';
import { compilePattern, matchesInput, patternProblem } from '../../catalog/safe-pattern';
import { parseCatalog } from '../../catalog/node/parse';
import { checkJsonSchema } from '../../routing/node/plan';
import { validateOutput } from '../../catalog/node/json-schema';
import { z } from 'zod';
import { countTokens } from 'gpt-tokenizer';
import { countTextTokens, countTextTokensAsync } from '../../catalog/node/tokens';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function doc(inputMatches: string): Doc {
  const price = { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://acme.test', effectiveFrom: '2025-01-01' };
  return {
    providers: { acme: { baseURL: 'https://api.acme.test/v1', structuredOutput: 'json_object' } },
    models: {
      'acme/fast': { contextWindow: 64_000, maxOutputTokens: 4096, prices: [price] },
      'acme/smart': { contextWindow: 64_000, maxOutputTokens: 4096, prices: [price] },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['acme/fast'] },
          { name: 'premium', candidates: ['acme/smart'] },
        ],
        startRules: [
          { tier: 'premium', inputMatches: 'contract' },
          { tier: 'premium', minPromptTokens: 50_000 },
          { tier: 'premium', inputMatches },
        ],
      },
    },
  };
}

function refusal(inputMatches: string): string {
  try {
    parseCatalog(doc(inputMatches), 'patterns.json');
  } catch (error) {
    assert.ok(error instanceof CascadeConfigError, String(error));
    return error.message;
  }
  assert.fail(`${inputMatches} was accepted`);
}

/** CPU time of `run` alone, ms: not wall time, so a loaded machine does not make the bound flaky. */
function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('user patterns on RE2', () => {
  const CATASTROPHIC: [string, string][] = [
    ['(a|aa)+$', `${'a'.repeat(100_000)}!`],
    ['(\\d|\\d\\d)+$', `${'1'.repeat(100_000)}!`],
    ['(x+x+)+y', 'x'.repeat(100_000)],
    ['(a+)+$', `${'a'.repeat(100_000)}!`],
  ];
  for (const [pattern, input] of CATASTROPHIC) {
    it(`${pattern} on a 100 kB input that backtracks exponentially in JavaScript matches in under 50 ms`, () => {
      const compiled = compilePattern(pattern, { ignoreCase: true });
      compiled.test('warm up the engine'); // the first call compiles re2js's own code paths
      let matched = true;
      const ms = cpuMs(() => (matched = compiled.test(input)));
      assert.equal(matched, false);
      assert.ok(ms < 50, `${pattern}: ${ms.toFixed(1)} ms of CPU`);
    });
  }

  it('the catastrophic patterns load as start rules, and a plan with one is fast and right', () => {
    const catalog = parseCatalog(doc('(a|aa)+$'), 'patterns.json');
    const plan = (inputText: string) =>
      resolveRoute(catalog, 'extract', { promptTokens: 10, inputText, at: '2026-01-01' }).startTier;
    let tier = -1;
    const ms = cpuMs(() => (tier = plan(`${'a'.repeat(40)}!`)));
    assert.equal(tier, 0);
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
    assert.equal(plan('a'.repeat(41)), 1);
    assert.equal(plan('A CONTRACT'), 1, 'case-insensitive, as before');
  });

  it('start rules read only the first 10,000 characters', () => {
    assert.equal(matchesInput('needle', `${' '.repeat(9_000)}needle`), true);
    assert.equal(matchesInput('needle', `${' '.repeat(10_000)}needle`), false);
  });

  it('ordinary JavaScript patterns keep their meaning', () => {
    for (const [pattern, text, expected] of [
      ['\\b(invoice|receipt)s?\\b', 'two Receipts attached', true],
      ['^contract', 'a contract', false],
      ['(?<year>\\d{4})-\\d+', 'due 2025-03', true],
      ['[(+*]+', 'a+b', true],
      ['a{2}(b{1,3})?', 'xaab', true],
      ['\\p{L}+', 'éé', true],
    ] as const)
      assert.equal(compilePattern(pattern, { ignoreCase: true }).test(text), expected, pattern);
  });

  it('a backreference is refused when the catalog loads, naming the path and what to change', () => {
    const message = refusal('(contract|lease) \\1');
    assert.match(message, /routes\["extract"\]\.startRules\[2\]\.inputMatches: this start rule cannot run on RE2/);
    assert.match(message, /backreferences \(\\1, \\k<name>\) are not supported; spell the repeated text out/);
  });

  it('a lookaround is refused when the catalog loads, naming the path and what to change', () => {
    for (const lookaround of ['invoice(?= total)', 'invoice(?! draft)', '(?<=net )total', '(?<!gross )total']) {
      const message = refusal(lookaround);
      assert.match(message, /routes\["extract"\]\.startRules\[2\]\.inputMatches: this start rule cannot run on RE2/);
      assert.match(message, /lookaround \(\(\?=…\), \(\?!…\), \(\?<=…\), \(\?<!…\)\) is not supported/, lookaround);
    }
  });

  it('a pattern that is not a regular expression at all says so', () => {
    assert.match(
      patternProblem('(unclosed', 'this start rule') ?? '',
      /this start rule is not a valid regular expression/,
    );
  });
});

describe('JSON Schema patterns on RE2', () => {
  it('an answer field against a catastrophic `pattern` is validated in under 50 ms', () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: '(a|aa)+$' } } };
    checkJsonSchema(schema);
    validateOutput(schema, { code: 'warm up' });
    let result: ReturnType<typeof validateOutput> | undefined;
    const ms = cpuMs(() => (result = validateOutput(schema, { code: `${'a'.repeat(100_000)}!` })));
    assert.equal(result?.valid, false);
    assert.ok(ms < 50, `${ms.toFixed(1)} ms of CPU`);
    assert.equal(validateOutput(schema, { code: 'aaa' }).valid, true);
  });

  it('a lookaround in a schema is refused before anything starts, naming where it is', () => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { pattern: '^(?!draft)' } } } };
    assert.throws(
      () => checkJsonSchema(schema),
      /schema\.properties\.items\.items\.pattern "\^\(\?!draft\)" cannot run on RE2.*lookaround/,
    );
    assert.throws(
      () => checkJsonSchema({ type: 'object', patternProperties: { '(a)\\1': {} } }),
      /schema\.patternProperties key "\(a\)\\1" cannot run on RE2.*backreferences/,
    );
  });

  it("zod's own formats (email, uuid, datetime) compile on RE2", () => {
    checkJsonSchema(
      z.toJSONSchema(z.object({ email: z.email(), id: z.uuid(), at: z.iso.datetime(), ip: z.ipv4() })) as object,
    );
  });
});

describe('token counting is bounded whatever the input', () => {
  it('counts ordinary text exactly as gpt-tokenizer does, slice by slice', () => {
    const prose = 'The invoice from Acme GmbH, dated 2025-03-01, totals €1.234,50 (net).\n\n  Due:  in 30 days. ';
    const text = `${prose.repeat(400)}${'日本語のテキストです。'.repeat(500)}${JSON.stringify({ a: [1, 2, 3], b: 'x' }).repeat(300)}`;
    assert.ok(text.length > 40_000);
    assert.equal(countTextTokens(text), countTokens(text, { disallowedSpecial: new Set() }));
  });

  it('a 1.5 MB run without a word break (quadratic in byte-pair merging) counts in well under a second, never below', () => {
    const run = 'a'.repeat(1_500_000);
    let tokens = 0;
    const ms = cpuMs(() => (tokens = countTextTokens(run)));
    assert.ok(ms < 1_000, `${ms.toFixed(0)} ms of CPU`);
    // Exact on a shorter run, and the bounded count of the long one is at least its exact rate.
    const exactRate = countTokens('a'.repeat(8_000)) / 8_000;
    assert.ok(tokens >= run.length * exactRate, `${tokens} tokens`);
  });

  it('the async count lets the event loop run while it counts a large prompt', async () => {
    const words = Array.from({ length: 60_000 }, (_, i) => `w${(i * 7919).toString(36)}`).join(' ');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const tokens = await countTextTokensAsync(words);
    clearInterval(timer);
    assert.equal(tokens, countTokens(words));
    assert.ok(ticks > 1, `${ticks} timer ticks while counting`);
  });
});

describe('schema size is bounded', () => {
  it('a schema over 100 kB of JSON is refused before it is compiled, saying what to do', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 5_000; i++) properties[`field${i}`] = { type: 'string', description: `field number ${i}` };
    let message = '';
    const ms = cpuMs(() => {
      try {
        checkJsonSchema({ type: 'object', properties });
      } catch (error) {
        message = (error as Error).message;
      }
    });
    assert.match(
      message,
      /the schema is \d+ kB of JSON, over the 100 kB a request's schema may be.*split the extraction/,
    );
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  });
});
