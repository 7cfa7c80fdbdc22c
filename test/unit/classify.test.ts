// Pure unit tests — the classifier start tier: its fallback, its budget check, planning (rules first), the
// cascade's decisions around its row, and the simulator's classifier answers; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifiedStartTier, classifyCall, classifyMessages, classifySchema } from '../../routing/classify';
import { parseCatalog } from '../../catalog/node/parse';
import { planCascade } from '../../routing/node/plan';
import { nextStep } from '../../workflows/cascade/decide';
import { baselineMicroUsd } from '../../workflows/cascade/ledger';
import type { CascadeRequestInput } from '../../workflows/definitions';
import { difficultyOfText, workloadItem } from '../../sim/difficulty';
import { simulatedBehavior } from '../../sim/simulated-provider';
import type { FakeContentReply } from '../../sim/fake-types';
import { testCatalogJson } from '../helpers/cascade-env';
import { candidate, route, row } from '../helpers/plans';

const TIERS = ['economy', 'standard', 'premium'];
const plan = { tiers: TIERS, fallbackTier: 0 };

describe('classifiedStartTier: the classifier decides, the rules catch what it cannot', () => {
  it('a valid answer naming a tier it may choose → that tier', () => {
    const decision = classifiedStartTier(TIERS, plan, { outcome: 'ok', output: { tier: 'premium', reason: 'long' } });
    assert.deepEqual(decision, { tierIndex: 2, classified: true, detail: 'classified: start at premium (long)' });
  });
  it('a failed call → the fallback tier, saying why', () => {
    const decision = classifiedStartTier(TIERS, { tiers: TIERS, fallbackTier: 1 }, { outcome: 'provider_error' });
    assert.deepEqual(decision, {
      tierIndex: 1,
      classified: false,
      detail: 'classifier failed (provider_error): start at standard (rules)',
    });
  });
  it('an unknown tier, a tier it may not choose or no tier at all → the fallback', () => {
    const limited = { tiers: ['economy', 'standard'], fallbackTier: 0 };
    for (const output of [{ tier: 'ultra' }, { tier: 'premium' }, { reason: 'x' }, null, 'premium']) {
      const decision = classifiedStartTier(TIERS, limited, { outcome: 'ok', output });
      assert.equal(decision.tierIndex, 0, JSON.stringify(output));
      assert.equal(decision.classified, false);
      assert.match(decision.detail, /answered an unknown tier/);
    }
  });
  it('a skipped call (budget) → the fallback', () => {
    const decision = classifiedStartTier(TIERS, plan, { skipped: 'over budget' });
    assert.deepEqual([decision.tierIndex, decision.classified], [0, false]);
    assert.match(decision.detail, /skipped, over budget/);
  });
  it('the budget check reserves the worst case like any attempt', () => {
    const small = { estimatedInputTokens: 1_000, maxOutputTokens: 200 };
    const model = candidate('a/small');
    // $1 in + $2 out per 1M: 1,000 in → 1,000 µ$, 200 out → 400 µ$.
    assert.deepEqual(classifyCall(small, model, undefined), { call: true, reservedMicroUsd: 1_400 });
    assert.deepEqual(classifyCall(small, model, 1_400), { call: true, reservedMicroUsd: 1_400 });
    assert.equal(classifyCall(small, model, 1_399).call, false);
  });
  it("the schema allows exactly the tiers it may choose; the prompt names them and carries the request's text", () => {
    const schema = classifySchema(['economy', 'premium']) as { properties: { tier: { enum: string[] } } };
    assert.deepEqual(schema.properties.tier.enum, ['economy', 'premium']);
    const messages = classifyMessages('extract', TIERS, [
      { role: 'system', content: 'task instructions' },
      { role: 'user', content: 'x'.repeat(10_000) },
    ]);
    assert.match(messages[0]!.content, /economy, standard, premium/);
    assert.doesNotMatch(messages[0]!.content, /task instructions/);
    assert.ok(messages[1]!.content.length < 7_000, 'the request text is shortened');
  });
});

describe('planning: rules first, the classifier only when none decides', () => {
  const catalog = parseCatalog(
    testCatalogJson('http://127.0.0.1:1/v1', {
      name: 'classify',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: { kind: 'empty' } }]],
        ['standard', [{ ref: 'b/std', behavior: { kind: 'empty' } }]],
      ],
      route: { startRules: [{ tier: 'standard', inputMatches: 'urgent' }], classify: { model: 'a/eco' } },
    }),
    'classify test catalog',
  );
  const request = (own: Partial<CascadeRequestInput> = {}): CascadeRequestInput => ({
    task: 'extract',
    schema: { name: 'contact', jsonSchema: { type: 'object' } },
    input: 'Ada Lovelace',
    ...own,
  });
  it('no rule matches → a classifier call with its prompt, schema size and fallback', () => {
    const planned = planCascade(catalog, request(), '2026-11-30');
    assert.deepEqual(
      planned.classify?.candidates.map((c) => c.ref),
      ['a/eco'],
    );
    assert.deepEqual(planned.classify?.tiers, ['economy', 'standard']);
    assert.equal(planned.classify?.fallbackTier, 0);
    assert.match(planned.classify!.messages[1]!.content, /Ada Lovelace/);
    assert.ok(planned.classify!.estimatedInputTokens > 20);
  });
  it('a matching rule or an explicit start tier decides alone: no classifier call', () => {
    assert.equal(planCascade(catalog, request({ input: 'urgent: Ada' }), '2026-11-30').classify, undefined);
    assert.equal(planCascade(catalog, request({ startTier: 'economy' }), '2026-11-30').classify, undefined);
  });
  it('a classifier model that lacks a required tag is never asked (it would read the request)', () => {
    const json = testCatalogJson('http://127.0.0.1:1/v1', {
      name: 'tags',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: { kind: 'empty' } }]],
        [
          'standard',
          [
            { ref: 'b/std', behavior: { kind: 'empty' } },
            { ref: 'c/small', behavior: { kind: 'empty' } },
          ],
        ],
      ],
      route: { classify: { model: ['c/small', 'a/eco'] } },
    }) as { providers: Record<string, { tags?: Record<string, string> }> };
    json.providers.a!.tags = { region: 'eu' };
    json.providers.b!.tags = { region: 'eu' };
    json.providers.c!.tags = { region: 'us' };
    const tagged = parseCatalog(json, 'tags');
    const open = planCascade(tagged, request(), '2026-11-30');
    assert.deepEqual(
      open.classify?.candidates.map((c) => c.ref),
      ['c/small', 'a/eco'],
    );
    const eu = planCascade(tagged, request({ require: { region: 'eu' } }), '2026-11-30');
    assert.deepEqual(
      eu.classify?.candidates.map((c) => c.ref),
      ['a/eco'],
    );
  });
  it('the catalog rejects an unknown classifier model or tier', () => {
    const json = testCatalogJson('http://127.0.0.1:1/v1', {
      name: 'bad',
      tiers: [['economy', [{ ref: 'a/eco', behavior: { kind: 'empty' } }]]],
      route: { classify: { model: 'a/nope', tiers: ['economy', 'gold'] } },
    });
    assert.throws(() => parseCatalog(json, 'bad'), /classify\.model[\s\S]*a\/nope[\s\S]*classify\.tiers\[1\]/);
  });
});

describe("the cascade's decisions around a classifier's row", () => {
  const routePlan = route(
    [
      ['economy', ['a/eco']],
      ['standard', ['b/std']],
      ['premium', ['c/big']],
    ],
    2,
  );
  const classifierRow = row(routePlan, 0, 0, 'ok', {
    tier: 'classify',
    tierIndex: -1,
    candidateIndex: -1,
    reason: 'classify',
  });
  it('an ok classifier row is not an answer: the first attempt goes to the chosen start tier', () => {
    const step = nextStep({ route: routePlan, ledger: [classifierRow], estimatedInputTokens: 100 });
    assert.deepEqual(step.kind === 'call' && [step.tierIndex, step.candidateIndex, step.reason], [2, 0, 'first']);
  });
  it('a failed classifier call rules out nothing, but its cost is spent from the budget', () => {
    const failed = { ...classifierRow, outcome: 'auth_error' as const, provider: 'c' };
    const step = nextStep({ route: routePlan, ledger: [failed], estimatedInputTokens: 100 });
    assert.deepEqual(step.kind === 'call' && [step.tierIndex, step.reason], [2, 'first']);
    // c/big's worst case: 100 in + 1,000 out = 2,100 µ$; 2,200 of budget with 200 spent leaves 2,000.
    const broke = nextStep({
      route: routePlan,
      ledger: [classifierRow],
      estimatedInputTokens: 100,
      budgetMicroUsd: 2_200,
    });
    assert.equal(broke.kind, 'fail');
  });
  it('escalation after the start tier still counts the rows after the classifier', () => {
    const started = { ...routePlan, startTier: 0 };
    const ledger = [classifierRow, row(started, 0, 0, 'schema_violation')];
    const step = nextStep({ route: started, ledger, estimatedInputTokens: 100 });
    assert.deepEqual(step.kind === 'call' && [step.tierIndex, step.reason], [1, 'escalation']);
  });
  it("the premium baseline prices the answer's tokens, not the classifier's", () => {
    const answer = row(routePlan, 2, 0, 'ok', { usage: { ...classifierRow.usage, outputTokens: 500 } });
    assert.equal(baselineMicroUsd(routePlan, [classifierRow, answer]), 100 + 1_000);
  });
});

describe('simulator: true difficulty and classifier answers', () => {
  const classifyBody = (text: string) => ({
    model: 'm',
    messages: [{ role: 'user', content: text }],
    response_format: { type: 'json_schema', json_schema: { schema: classifySchema(TIERS) } },
  });
  const answer = (behavior: ReturnType<typeof simulatedBehavior>, text: string, callIndex: number) => {
    const reply = (behavior as (ctx: object) => FakeContentReply)({
      model: 'm',
      body: classifyBody(text),
      callIndex,
      promptTokens: 10,
    });
    return JSON.parse(reply.content as string) as { tier: string };
  };
  it('the workload mixes difficulties and every item carries its own', () => {
    const items = Array.from({ length: 1_000 }, (_, id) => workloadItem(id, 7));
    const shares = [0, 1, 2].map((d) => items.filter((item) => item.difficulty === d).length / items.length);
    assert.ok(Math.abs(shares[0]! - 0.5) < 0.05 && Math.abs(shares[2]! - 0.2) < 0.05, String(shares));
    assert.ok(items.every((item) => difficultyOfText(item.text) === item.difficulty));
  });
  it('classifier prompts are answered from the true difficulty with the configured accuracy', () => {
    for (const accuracy of [1, 0.7]) {
      const behavior = simulatedBehavior({ passRate: 1, classifyAccuracy: accuracy, seed: 3 });
      let right = 0;
      const n = 2_000;
      for (let i = 0; i < n; i++) {
        const item = workloadItem(i, 11);
        if (answer(behavior, item.text, i).tier === TIERS[item.difficulty]) right++;
      }
      assert.ok(Math.abs(right / n - accuracy) < 0.03, `accuracy ${accuracy}: ${right / n}`);
    }
  });
});
