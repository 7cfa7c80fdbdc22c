// Pure unit tests — the checks and gates `catalog show` and `run --explain` list for a request
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteSpec } from '../../catalog/types';
import type { CascadeInput } from '../../workflows/definitions';
import { explainLines } from '../../cli/explain';
import { routeGateLines, routeGates } from '../../cli/route-gates';
import { candidate, route } from '../helpers/plans';

const spec: RouteSpec = {
  checks: [
    { check: 'grounded', fields: ['total'] },
    { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'] },
  ],
  tiers: [
    { name: 'economy', candidates: ['a/small'], verifier: 'a/judge' },
    { name: 'standard', candidates: ['b/mid', 'c/mid'], agreement: { fields: ['total', 'currency'] } },
    { name: 'premium', candidates: ['d/big'] },
  ],
};

describe('catalog show: a route’s checks and gates', () => {
  it('names each check, and each tier’s verifier and agreement gate; tiers without a gate are left out', () => {
    assert.deepEqual(routeGates(spec), {
      checks: ['grounded total', 'sum total=subtotal+tax'],
      tiers: [
        { tier: 'economy', verifier: 'a/judge' },
        { tier: 'standard', agreement: { fields: ['total', 'currency'] } },
      ],
    });
    assert.deepEqual(routeGateLines(spec), [
      "checks on every answer that validates: grounded total; sum total=subtotal+tax (plus a request's own)",
      'economy: verifier a/judge judges each answer',
      'standard: agreement gate, the next candidate answers too; total, currency must agree',
    ]);
  });
  it('a route without checks says so', () => {
    assert.match(routeGateLines({ tiers: [{ name: 't', candidates: ['x/y'] }] })[0]!, /^checks: none in the route/);
  });
});

describe('run --explain: the checks and gates that apply to this request', () => {
  const plan = route([
    ['economy', ['a/small']],
    ['standard', ['b/mid']],
  ]);
  plan.tiers[0]!.verifier = candidate('a/judge');
  plan.tiers[1]!.agreement = { fields: ['total'], with: candidate('c/mid') };
  const input = (checks?: CascadeInput['checks']) =>
    ({ route: plan, estimatedInputTokens: 50, ...(checks && { checks }) }) as unknown as CascadeInput;

  it('the request’s checks (the route’s merged with its own), the verifier and the agreement partner', () => {
    const lines = explainLines(input([{ check: 'near', fields: ['total'], preset: 'total' }]));
    assert.ok(lines.includes('    verifier: a/judge judges each answer of this tier'), lines.join('\n'));
    assert.ok(lines.includes('    agreement: c/mid answers too; total must agree'), lines.join('\n'));
    assert.ok(lines.includes('  checks on every answer that validates: near total:total'), lines.join('\n'));
  });
  it('no checks: said, not left out', () => {
    assert.ok(explainLines(input()).includes('  checks: none (only the schema judges an answer)'));
  });
});
