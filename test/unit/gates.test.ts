// Pure unit tests — the verifier and agreement gates' helpers, and how the decision function treats a gate's rejection
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextStep } from '../../workflows/cascade/decide';
import { agreementPartner, disagreements, gateFailures } from '../../workflows/cascade/gates';
import { asVerdict, verifierMessages } from '../../prompts/verifier';
import { gateDecision } from '../../workflows/cascade/gate-telemetry';
import { OMITTED, problemLabel } from '../../catalog/checks';
import type { CallModelResult, JsonValue } from '../../workflows/definitions';
import { candidate, route, row } from '../helpers/plans';

describe('gates', () => {
  it('disagreements compare the fields that matter: numbers to the cent, strings ignoring case and spacing', () => {
    const a = { vendor: 'Acme  Ltd', total: 10.001, lines: [{ amount: 1 }, { amount: 2 }] };
    assert.deepEqual(
      disagreements(a, { vendor: 'acme ltd', total: 10, lines: [{ amount: 1 }, { amount: 2 }] }, [
        'vendor',
        'total',
        'lines[].amount',
      ]),
      [],
    );
    assert.deepEqual(
      disagreements(a, { vendor: 'Acme Ltd', total: 10, lines: [{ amount: 1 }] }, ['lines[].amount', 'missing']),
      [{ check: 'agreement', field: 'lines[].amount', problem: 'one answer says 1, 2, the other 1' }],
    );
  });
  it('the verifier sees the user text and the answer, never the instructions', () => {
    const messages = verifierMessages(
      [
        { role: 'system', content: 'secret house rules' },
        { role: 'user', content: 'Total 5' },
      ],
      { total: 5 },
    );
    assert.equal(messages.length, 2);
    assert.doesNotMatch(JSON.stringify(messages), /secret house rules/);
    assert.match(messages[1]!.content, /Total 5[\s\S]*\{"total":5\}/);
    assert.deepEqual(asVerdict({ ok: false, problems: ['x'] }), { ok: false, problems: ['x'] });
    assert.equal(asVerdict({ problems: [] }), undefined);
  });
  it('the agreement partner is `with`, else the next candidate, else the first', () => {
    const plan = route([['economy', ['a/1', 'b/2']]]);
    const tier = { ...plan.tiers[0]!, agreement: { fields: ['x'] } };
    assert.equal(agreementPartner(tier, 0)?.ref, 'b/2');
    assert.equal(agreementPartner(tier, 1)?.ref, 'a/1');
    assert.equal(agreementPartner({ ...tier, agreement: { fields: ['x'], with: candidate('c/3') } }, 0)?.ref, 'c/3');
    assert.equal(agreementPartner(plan.tiers[0]!, 0), undefined);
  });
  it('a rejection by a gate escalates (no repair, no failover), and check_failed escalates like schema_violation', () => {
    const plan = route([
      ['economy', ['a/1', 'b/2'], { repairAttempts: 1 }],
      ['standard', ['c/3']],
    ]);
    const answer = row(plan, 0, 0, 'check_failed');
    const gate = { ...row(plan, 0, 0, 'check_failed'), reason: 'verify' as const, seq: 2 };
    const afterGate = nextStep({ route: plan, ledger: [answer, gate], estimatedInputTokens: 10 });
    assert.ok(afterGate.kind === 'call' && afterGate.tierIndex === 1 && afterGate.reason === 'escalation');
    const repair = nextStep({ route: plan, ledger: [answer], estimatedInputTokens: 10 });
    assert.ok(repair.kind === 'call' && repair.reason === 'repair' && repair.candidateIndex === 0);
    const noRepair = nextStep({
      route: route([
        ['e', ['a/1']],
        ['s', ['c/3']],
      ]),
      ledger: [
        row(
          route([
            ['e', ['a/1']],
            ['s', ['c/3']],
          ]),
          0,
          0,
          'check_failed',
        ),
      ],
      estimatedInputTokens: 10,
    });
    assert.ok(noRepair.kind === 'call' && noRepair.tierIndex === 1);
  });
});

describe("a gate's decision", () => {
  const result = (outcome: CallModelResult['outcome'], output?: JsonValue): CallModelResult => ({
    outcome,
    output,
    finishReason: 'stop',
    usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1 },
    costMicroUsd: 1,
    latencyMs: 1,
    tries: 1,
  });
  const answer = result('ok', { total: 10 });
  const decide = (...args: Parameters<typeof gateFailures>) => {
    const failures = gateFailures(...args);
    return [gateDecision(failures), failures];
  };
  it('verify: accepted, rejected with the problems, or no verdict when the call failed or answered nonsense', () => {
    assert.deepEqual(decide('verify', answer, result('ok', { ok: true, problems: [] }), 'j', []), ['accepted', []]);
    assert.deepEqual(decide('verify', answer, result('ok', { ok: false, problems: ['total: wrong'] }), 'j', []), [
      'rejected',
      [{ check: 'verifier', problem: 'total: wrong' }],
    ]);
    assert.deepEqual(decide('verify', answer, result('ok', { ok: false, problems: [] }), 'j', [])[0], 'rejected');
    assert.deepEqual(decide('verify', answer, result('schema_violation'), 'j', []), ['no_verdict', undefined]);
    assert.deepEqual(decide('verify', answer, undefined, 'j', []), ['no_verdict', undefined]);
  });
  it('agreement: accepted when the fields agree, rejected when they differ or the second answer failed', () => {
    assert.deepEqual(decide('agreement', answer, result('ok', { total: 10.001 }), 'b', ['total']), ['accepted', []]);
    assert.deepEqual(decide('agreement', answer, result('ok', { total: 12 }), 'b', ['total'])[0], 'rejected');
    assert.deepEqual(decide('agreement', answer, result('truncated'), 'b', ['total']), [
      'rejected',
      [{ check: 'agreement', problem: 'the second answer (b) failed: truncated' }],
    ]);
    assert.deepEqual(decide('agreement', answer, undefined, 'b', ['total']), ['no_verdict', undefined]);
  });
});

describe('what a log line says about a problem', () => {
  it('names the check and the field, never the quoted values', () => {
    assert.equal(
      problemLabel({ check: 'agreement', field: 'total', problem: 'one answer says 1342.5, the other 1342' }),
      'agreement at total',
    );
    assert.equal(
      problemLabel({ check: 'verifier', problem: 'lines[2].amount: 671.25 is a line amount' }),
      'verifier at lines[2].amount',
    );
    assert.equal(problemLabel({ check: 'custom', problem: 'the vendor "ACME" is not ours' }), `custom: ${OMITTED}`);
    assert.equal(problemLabel('total: 671.25 is a line amount'), 'total');
    assert.equal(problemLabel('The document says ACME: not Acme'), OMITTED);
    assert.equal(problemLabel(`${'x'.repeat(80)}: too long to be a field`), OMITTED);
  });
});
