// Pure unit tests — the report's check and verifier rejection rates, and the always-accepting-verifier warning
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptsEverything,
  gateRates,
  verdictsOfCall,
  withGateRates,
  type GateVerdicts,
} from '../../cli/report/gate-rates';
import type { CheckSpec } from '../../catalog/checks';

const candidate = { ref: 'p/judge' } as Parameters<typeof verdictsOfCall>[0]['candidate'];
const checks: CheckSpec[] = [
  { check: 'grounded', fields: ['total'] },
  { check: 'near', fields: ['total'], preset: 'total' },
];

describe('acceptsEverything', () => {
  it('≥ 99 % accepted of ≥ 100 judgements, and not one judgement fewer or one rejection more', () => {
    assert.equal(acceptsEverything(100, 1), true);
    assert.equal(acceptsEverything(100, 0), true);
    assert.equal(acceptsEverything(100, 2), false);
    assert.equal(acceptsEverything(99, 0), false);
    assert.equal(acceptsEverything(1000, 10), true);
    assert.equal(acceptsEverything(1000, 11), false);
  });
});

describe('verdictsOfCall', () => {
  it('an answer that validated was judged by every check of its request; the failed ones rejected it', () => {
    assert.deepEqual(
      verdictsOfCall(
        { reason: 'first', checks, candidate },
        { outcome: 'check_failed', failedChecks: [{ check: 'near', field: 'total', problem: 'far' }] },
      ),
      { 'check grounded': false, 'check near': true },
    );
    assert.deepEqual(verdictsOfCall({ reason: 'escalation', checks, candidate }, { outcome: 'ok' }), {
      'check grounded': false,
      'check near': false,
    });
  });

  it('an answer the schema refused, or a request without checks, judged nothing', () => {
    assert.equal(verdictsOfCall({ reason: 'first', checks, candidate }, { outcome: 'schema_violation' }), undefined);
    assert.equal(verdictsOfCall({ reason: 'first', candidate }, { outcome: 'ok' }), undefined);
  });

  it("a verifier's call: its verdict, by the verifier's ref; no verdict, no judgement", () => {
    assert.deepEqual(
      verdictsOfCall({ reason: 'verify', candidate }, { outcome: 'ok', output: { ok: false, problems: [] } }),
      {
        'verifier p/judge': true,
      },
    );
    assert.deepEqual(
      verdictsOfCall({ reason: 'verify', candidate }, { outcome: 'ok', output: { ok: true, problems: [] } }),
      {
        'verifier p/judge': false,
      },
    );
    assert.equal(verdictsOfCall({ reason: 'verify', candidate }, { outcome: 'invalid_json' }), undefined);
  });
});

describe('gateRates', () => {
  const verifier = (rejected: boolean): GateVerdicts => ({ 'verifier p/judge': rejected });
  it('rates per gate, checks first; a verifier that accepted 99 of 100 is flagged, one that said no twice is not', () => {
    const rates = gateRates([
      { 'check grounded': true, 'check near': false },
      { 'check grounded': false, 'check near': false },
      undefined,
      ...Array.from({ length: 99 }, () => verifier(false)),
      verifier(true),
    ]);
    assert.deepEqual(
      rates.map((r) => [r.gate, r.judged, r.rejected, r.rejectionRate]),
      [
        ['check grounded', 2, 1, 0.5],
        ['check near', 2, 0, 0],
        ['verifier p/judge', 100, 1, 0.01],
      ],
    );
    assert.match(rates[2]!.warning!, /verifier p\/judge accepted 99 of 100 answers/);
    assert.equal(rates[1]!.warning, undefined, 'a check that never rejects is not a verifier: no warning');
    const healthy = gateRates([...Array.from({ length: 98 }, () => verifier(false)), verifier(true), verifier(true)]);
    assert.equal(healthy[0]!.warning, undefined);
  });

  it('adds a section under a table and a gates key to JSON', () => {
    const rates = gateRates([...Array.from({ length: 100 }, () => verifier(false))]);
    const table = withGateRates('report\n', rates, 'table');
    assert.match(
      table,
      /report\n\nChecks and verifiers[^\n]*\n  verifier p\/judge  rejected 0 of 100 \(0\.0%\)\nWARNING: /,
    );
    const json = JSON.parse(withGateRates('{"by":"task"}', rates, 'json')) as { by: string; gates: unknown[] };
    assert.equal(json.by, 'task');
    assert.equal(json.gates.length, 1);
    assert.equal(withGateRates('a,b\n', rates, 'csv'), 'a,b\n');
    assert.equal(withGateRates('report\n', [], 'table'), 'report\n');
  });
});
