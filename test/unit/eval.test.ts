// Pure unit tests — `llm-cascade eval`: its routes per candidate and gate setting, its scoring and confusion tables
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CascadeConfigError } from '../../catalog/errors';
import { checkName } from '../../catalog/check-name';
import type { Catalog } from '../../catalog/types';
import type { Label } from '../../inputs/score';
import { evalPlan } from '../../cli/eval/plan';
import { ALL_GATES, scoreCandidate, type EvalAnswer } from '../../cli/eval/score';
import { formatEval, versusPremium } from '../../cli/eval/format';

const labels = new Map<string, Label>([
  ['a', { total: 10 }],
  ['b', { total: 20 }],
  ['c', { total: 30 }],
  ['d', { total: 40, currency: 'EUR' }],
]);
const run = { tier: 'economy', ref: 'p/small', gates: 'on' as const };

describe('scoreCandidate', () => {
  const answers: EvalAnswer[] = [
    // right, accepted
    { id: 'a', answer: { total: 10 }, accepted: true, costMicroUsd: 100, verdicts: { grounded: false } },
    // wrong, rejected by grounding: a caught wrong answer
    { id: 'b', answer: { total: 2 }, accepted: false, costMicroUsd: 100, verdicts: { grounded: true } },
    // right, rejected by the verifier: a false positive
    {
      id: 'c',
      answer: { total: 30 },
      accepted: false,
      costMicroUsd: 150,
      verdicts: { grounded: false, verifier: true },
    },
    // no valid answer at all (d): counts against accuracy, costs what it cost
  ];
  const withD = [...answers, { id: 'd', accepted: false, costMicroUsd: 33, verdicts: {} }];
  const score = scoreCandidate(run, withD, labels);

  it('the headline is over every labelled item: an item with no answer or a rejected one is not correct', () => {
    assert.equal(score.items, 4);
    assert.equal(score.valid, 3);
    assert.equal(score.correct, 1);
    // Fields: a 1 right of 1; b, c rejected; d 2 fields unanswered: 1 of 5.
    assert.equal(score.fieldAccuracy, 1 / 5);
  });

  it('cost per correct result spreads every item’s cost, failures included, over the correct ones, in whole micro-USD', () => {
    assert.equal(score.costMicroUsd, 383);
    assert.equal(score.costPerCorrectMicroUsd, 383);
    const two = scoreCandidate(
      run,
      [
        ...withD.slice(1),
        { ...answers[0]!, costMicroUsd: 101 },
        { id: 'x', accepted: true, answer: {}, costMicroUsd: 1, verdicts: {} },
      ],
      new Map([...labels, ['x', {}]]),
    );
    // 385 µUSD over 2 correct results (a, and x whose label asks nothing): 192.5, rounded to 193.
    assert.equal(two.correct, 2);
    assert.equal(two.costPerCorrectMicroUsd, 193);
    assert.ok(
      Number.isInteger(
        scoreCandidate(
          run,
          [{ ...answers[0]!, costMicroUsd: 1 }],
          new Map([
            ['a', { total: 10 }],
            ['c', { total: 30 }],
          ]),
        ).costPerCorrectMicroUsd,
      ),
    );
  });

  it('a confusion table per check and gate, over the answers each judged', () => {
    assert.deepEqual(score.confusion.grounded, { wrongRejected: 1, rightRejected: 0, wrongPassed: 0, rightPassed: 2 });
    assert.deepEqual(score.confusion.verifier, { wrongRejected: 0, rightRejected: 1, wrongPassed: 0, rightPassed: 0 });
    assert.deepEqual(score.confusion[ALL_GATES], {
      wrongRejected: 1,
      rightRejected: 1,
      wrongPassed: 0,
      rightPassed: 1,
    });
  });

  it('gates off has no gate table, and no correct result gives no cost per correct result', () => {
    const off = scoreCandidate(
      { ...run, gates: 'off' },
      [{ id: 'a', answer: { total: 9 }, accepted: true, costMicroUsd: 5, verdicts: {} }],
      labels,
    );
    assert.deepEqual(off.confusion, {});
    assert.equal(off.correct, 0);
    assert.equal(off.costPerCorrectMicroUsd, null);
  });

  it('the table prints every candidate and its confusion rows; JSON money stays integer micro-USD', () => {
    const text = formatEval({ task: 'extract', items: 4, candidates: [score] });
    assert.match(
      text,
      /economy\s+p\/small\s+on\s+75\.0%\s+1\/4 \(25\.0%\)\s+20\.0%\s+\$0\.000383\s+\$0\.000383\s+n\/a/,
    );
    assert.match(text, /all gates\s+1\s+1\s+0\s+1\s+100\.0%\s+50\.0%/);
    assert.doesNotMatch(JSON.stringify(score), /\d\.\d{7,}/);
    assert.deepEqual(Object.keys(score.confusion).at(-1), ALL_GATES, 'every gate together comes last');
  });

  it('cost per correct result against premium-only, over the same items: the top tier first candidate, gates off', () => {
    const premium = scoreCandidate(
      { tier: 'premium', ref: 'p/big', gates: 'off' },
      [...labels.keys()].map((id, i) => ({
        id,
        answer: labels.get(id),
        accepted: true,
        costMicroUsd: 1000 + i,
        verdicts: {},
      })),
      labels,
    );
    const report = {
      task: 'extract',
      items: 4,
      candidates: [score, premium],
      premiumOnly: { tier: 'premium', ref: 'p/big' },
    };
    // premium: 4006 µUSD for 4 correct → 1002 per correct; the candidate 383 per correct.
    assert.equal(versusPremium(report, score), 383 / 1002);
    assert.equal(versusPremium(report, premium), 1);
    assert.equal(versusPremium({ ...report, candidates: [score] }, score), null, 'premium-only not run: no ratio');
    assert.match(formatEval(report), /on\s+75\.0%.*\$0\.000383\s+38\.2%/);
  });
});

const catalog = {
  providers: {},
  models: { 'p/small': {}, 'p/mid': {}, 'p/big': {}, 'p/judge': {} },
  routes: {
    extract: {
      checks: [{ check: 'grounded', fields: ['total'] }],
      startRules: [{ tier: 'standard', minPromptTokens: 10 }],
      tiers: [
        { name: 'economy', candidates: ['p/small', 'p/mid'], verifier: 'p/judge', options: { repairAttempts: 1 } },
        { name: 'standard', candidates: ['p/big'], agreement: { fields: ['total'] } },
      ],
    },
  },
} as unknown as Catalog;

describe('evalPlan', () => {
  it('one route per candidate and gate setting, one tier, one candidate, no repair, no start rules', () => {
    const plan = evalPlan(catalog, 'extract', [{ check: 'range', fields: ['total'], min: 0 }]);
    assert.deepEqual(
      plan.runs.map((r) => [r.route, r.ref, r.gates]),
      [
        ['extract.eval.0.0.off', 'p/small', 'off'],
        ['extract.eval.0.0.on', 'p/small', 'on'],
        ['extract.eval.0.1.off', 'p/mid', 'off'],
        ['extract.eval.0.1.on', 'p/mid', 'on'],
        ['extract.eval.1.0.off', 'p/big', 'off'],
        ['extract.eval.1.0.on', 'p/big', 'on'],
      ],
    );
    const on = plan.catalog.routes['extract.eval.0.1.on']!;
    assert.deepEqual(on.tiers, [
      { name: 'economy', candidates: ['p/mid'], options: { repairAttempts: 0 }, verifier: 'p/judge' },
    ]);
    assert.deepEqual(on.checks, [
      { check: 'grounded', fields: ['total'] },
      { check: 'range', fields: ['total'], min: 0 },
    ]);
    assert.equal(on.startRules, undefined);
    const off = plan.catalog.routes['extract.eval.0.1.off']!;
    assert.equal(off.checks, undefined);
    assert.equal(off.tiers[0]!.verifier, undefined);
    // The agreement partner is named: the tier the eval runs has one candidate (the next, else the first).
    assert.deepEqual(plan.runs[5]!.agreement, { fields: ['total'], with: 'p/big' });
    assert.deepEqual(plan.catalog.routes.extract, catalog.routes.extract, 'the original route is untouched');
  });

  it('selects tiers, candidates, a gate setting and a verifier; a name it does not know is exit-2 input', () => {
    const plan = evalPlan(catalog, 'extract', [], { tiers: ['standard'], gates: ['on'], verifier: 'p/judge' });
    assert.deepEqual(
      plan.runs.map((r) => [r.ref, r.gates, r.verifier]),
      [['p/big', 'on', 'p/judge']],
    );
    assert.throws(() => evalPlan(catalog, 'extract', [], { tiers: ['gold'] }), CascadeConfigError);
    assert.throws(() => evalPlan(catalog, 'extract', [], { candidates: ['p/none'] }), /not a candidate/);
    assert.throws(() => evalPlan(catalog, 'extract', [], { verifier: 'p/none' }), /--verifier/);
    assert.throws(() => evalPlan(catalog, 'nope'), /no route for task "nope"/);
  });

  it('names checks by kind, fields and what they compare', () => {
    assert.equal(checkName({ check: 'near', fields: ['total'], preset: 'total' }), 'near total:total');
    assert.equal(checkName({ check: 'sum', fields: ['total'], of: ['subtotal', 'tax'] }), 'sum total=subtotal+tax');
    assert.equal(checkName({ check: 'differs', fields: ['vendor'], from: 'buyer' }), 'differs vendor:from=buyer');
    assert.equal(checkName({ check: 'grounded', fields: ['a', 'b'] }), 'grounded a,b');
    assert.equal(checkName({ check: 'custom', name: 'vat' }), 'custom:vat');
  });
});
