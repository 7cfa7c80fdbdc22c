// Unit tests — prompt-cache awareness: the stable prefix as the request builder lays it out, its tokens and cost per
// 1,000 requests, the provider's minimum, variable text before stable text (`lint` and `run --explain` as commands:
// test/integration/cli-lint-explain.test.ts)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analysePrefix, DEFAULT_MIN_CACHEABLE_TOKENS } from '../../activities/cascade/cache-prefix';
import { analyseTask, prefixReport } from '../../cli/actions/lint';
import { parseCatalog } from '../../catalog/node/parse';
import { planCascade } from '../../routing/node/plan';
import { countTextTokens } from '../../catalog/node/tokens';
import { composeMessages } from '../../routing/request';
import { testCatalogJson } from '../helpers/cascade-env';

const empty = { kind: 'empty' } as const;
const LONG = `You extract invoices. ${'Read every line of the document carefully and report the fields exactly. '.repeat(90)}`;
const SHORT = 'Extract the invoice.';
const schema = {
  type: 'object',
  properties: { invoiceNumber: { type: 'string', description: 'as printed' }, total: { type: 'number' } },
  required: ['invoiceNumber', 'total'],
};

function catalogWith(instructions: string, providerExtra: Record<string, Record<string, unknown>> = {}) {
  return parseCatalog(
    testCatalogJson('http://127.0.0.1:1/v1', {
      name: 'prefix',
      tiers: [
        [
          'economy',
          [
            { ref: 'js/small', behavior: empty, inputUsdPerMTok: 1, cachedInputUsdPerMTok: 0.1 },
            { ref: 'np/small', behavior: empty, structuredOutput: 'none', inputUsdPerMTok: 2 },
          ],
        ],
      ],
      route: { instructions },
      providerExtra,
    }),
    'prefix test catalog',
  );
}

describe('the stable prefix of a task', () => {
  it('long instructions reach the minimum: the cached price applies, per 1,000 requests', () => {
    const analysis = analyseTask(catalogWith(LONG), 'extract', schema);
    const row = analysis.rows.find((r) => r.ref === 'js/small')!;
    assert.ok(row.prefixTokens >= countTextTokens(LONG), `${row.prefixTokens} tokens`);
    assert.equal(row.minCacheableTokens, DEFAULT_MIN_CACHEABLE_TOKENS);
    assert.equal(row.reachesMinimum, true);
    // $1 per 1M uncached, $0.10 cached: per 1,000 requests, prefix tokens × 1000 × price.
    assert.equal(row.per1kUncachedMicroUsd, row.prefixTokens * 1000);
    assert.equal(row.per1kCachedMicroUsd, Math.round(row.prefixTokens * 0.1) * 1000);
    assert.deepEqual(analysis.warnings, []);
  });
  it('short instructions: below the minimum, cached costs what uncached does, and a warning says so', () => {
    const analysis = analyseTask(catalogWith(SHORT), 'extract', schema);
    for (const row of analysis.rows) {
      assert.equal(row.reachesMinimum, false);
      assert.equal(row.per1kCachedMicroUsd, row.per1kUncachedMicroUsd);
    }
    assert.match(analysis.warnings[0]!, /below the provider's minimum cacheable length \(1024\) on 2 of 2/);
  });
  it("the provider's declared minimum applies", () => {
    const analysis = analyseTask(catalogWith(SHORT, { js: { minCacheableTokens: 16 } }), 'extract', schema);
    assert.equal(analysis.rows.find((r) => r.ref === 'js/small')!.reachesMinimum, true);
    assert.equal(analysis.rows.find((r) => r.ref === 'np/small')!.reachesMinimum, false);
  });
  it('as the builder lays it out: the schema counts in the prefix in every mode, never the input', () => {
    const withSchema = analyseTask(catalogWith(SHORT), 'extract', schema);
    const bare = analyseTask(catalogWith(SHORT), 'extract');
    for (const ref of ['js/small', 'np/small']) {
      const a = withSchema.rows.find((r) => r.ref === ref)!.prefixTokens;
      const b = bare.rows.find((r) => r.ref === ref)!.prefixTokens;
      assert.ok(a > b + 10, `${ref}: ${a} vs ${b}`);
    }
    // In `none` mode the schema instruction is a system message of its own: more text than json_schema's field list.
    assert.ok(withSchema.rows[1]!.prefixTokens > countTextTokens(JSON.stringify(schema)));
  });
  it('stable text after the variable input is never cached: counted and warned about', () => {
    const catalog = catalogWith(SHORT);
    const plan = planCascade(
      catalog,
      { task: 'extract', schema: { name: 'x', jsonSchema: schema }, input: 'x' },
      '2026-11-30',
    );
    const analysis = analysePrefix(catalog, {
      task: 'extract',
      route: plan.route,
      schema: { name: 'x', jsonSchema: schema },
      // A conversation that puts the variable text first and the long instructions after it.
      messagesWith: (variable) => [
        { role: 'user', content: variable },
        { role: 'user', content: LONG },
      ],
    });
    assert.ok(analysis.rows[0]!.stableAfterVariableTokens >= countTextTokens(LONG));
    assert.ok(analysis.warnings.some((w) => /stable tokens come after the variable input/.test(w)));
  });
  it('instructions that look templated (a date, a placeholder) are flagged', () => {
    const analysis = analysePrefix(catalogWith(SHORT), {
      task: 'extract',
      route: planCascade(
        catalogWith(SHORT),
        { task: 'extract', schema: { name: 'x', jsonSchema: schema }, input: 'x' },
        '2026-11-30',
      ).route,
      schema: { name: 'x', jsonSchema: schema },
      messagesWith: (variable) => composeMessages({ input: variable }, 'Today is 2026-11-30. Extract.'),
      instructions: 'Today is 2026-11-30. Extract.',
    });
    assert.ok(analysis.warnings.some((w) => /date, time or placeholder/.test(w)));
  });
  it('the report lists every candidate with its numbers', () => {
    const text = prefixReport(analyseTask(catalogWith(LONG), 'extract', schema));
    assert.match(text, /js\/small .*json_schema .*\d+ tok .*1024 .*yes/);
    assert.match(text, /np\/small .*none/);
  });
});
