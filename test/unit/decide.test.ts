// Pure unit tests — the cascade's decision function; no Temporal, no I/O
// Longer than 250 lines because it holds one small case per row of the outcome table and per rule of the decision function.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextStep, type NextStep } from '../../workflows/cascade/decide';
import { candidate, route, row } from '../helpers/plans';

const plan = route([
  ['economy', ['deepseek/chat', 'mistral/small']],
  ['standard', ['openai/mini', 'gemini/flash']],
  ['premium', ['openai/big']],
]);

function call(step: NextStep) {
  assert.equal(step.kind, 'call', JSON.stringify(step));
  return step as Extract<NextStep, { kind: 'call' }>;
}
const at = (step: NextStep) => {
  const c = call(step);
  return [c.tierIndex, c.candidateIndex, c.reason];
};
const decide = (ledger: ReturnType<typeof row>[], extra: Partial<Parameters<typeof nextStep>[0]> = {}) =>
  nextStep({ route: plan, ledger, estimatedInputTokens: 100, ...extra });

describe('decide: the next step of a cascade', () => {
  it('empty ledger → first candidate of the start tier', () => {
    assert.deepEqual(at(decide([])), [0, 0, 'first']);
    assert.deepEqual(at(nextStep({ route: { ...plan, startTier: 1 }, ledger: [], estimatedInputTokens: 100 })), [
      1,
      0,
      'first',
    ]);
  });
  it('ok → done', () => {
    assert.deepEqual(decide([row(plan, 0, 0, 'ok')]), { kind: 'done' });
  });
  it('schema_violation → escalate to the next tier (not the next economy candidate)', () => {
    assert.deepEqual(at(decide([row(plan, 0, 0, 'schema_violation')])), [1, 0, 'escalation']);
  });
  it('invalid_json → escalate', () => {
    assert.deepEqual(at(decide([row(plan, 0, 0, 'invalid_json')])), [1, 0, 'escalation']);
  });
  it('schema_violation with repairAttempts 1 → one repair re-ask on the same candidate, then escalate', () => {
    const repairing = route([
      ['economy', ['a/x'], { repairAttempts: 1 }],
      ['standard', ['b/y']],
    ]);
    const first = row(repairing, 0, 0, 'schema_violation');
    assert.deepEqual(at(nextStep({ route: repairing, ledger: [first], estimatedInputTokens: 10 })), [0, 0, 'repair']);
    const repaired = row(repairing, 0, 0, 'schema_violation', { reason: 'repair' });
    assert.deepEqual(at(nextStep({ route: repairing, ledger: [first, repaired], estimatedInputTokens: 10 })), [
      1,
      0,
      'escalation',
    ]);
  });
  it('truncated → retry once with more max_tokens, then escalate', () => {
    const step = call(decide([row(plan, 0, 0, 'truncated', { maxOutputTokens: 200 })]));
    assert.deepEqual(
      [step.tierIndex, step.candidateIndex, step.reason, step.maxOutputTokens],
      [0, 0, 'more_tokens', 400],
    );
    const again = row(plan, 0, 0, 'truncated', { reason: 'more_tokens', maxOutputTokens: 400 });
    assert.deepEqual(at(decide([row(plan, 0, 0, 'truncated'), again])), [1, 0, 'escalation']);
  });
  it('truncated at the model maximum → escalate at once', () => {
    assert.deepEqual(at(decide([row(plan, 0, 0, 'truncated', { maxOutputTokens: 1_000 })])), [1, 0, 'escalation']);
  });
  it('refusal / empty → next candidate (another provider) in the same tier', () => {
    assert.deepEqual(at(decide([row(plan, 0, 0, 'refusal')])), [0, 1, 'failover']);
    assert.deepEqual(at(decide([row(plan, 0, 0, 'empty')])), [0, 1, 'failover']);
  });
  it('provider_error / rate_limited / timeout after retries → failover in tier', () => {
    for (const outcome of ['provider_error', 'rate_limited', 'timeout'] as const) {
      assert.deepEqual(at(decide([row(plan, 1, 0, outcome)])), [1, 1, 'failover'], outcome);
    }
  });
  it('tier exhausted → escalate, reason says so', () => {
    const step = call(decide([row(plan, 0, 0, 'provider_error'), row(plan, 0, 1, 'provider_error')]));
    assert.deepEqual([step.tierIndex, step.candidateIndex, step.reason], [1, 0, 'escalation']);
    assert.match(step.reasonDetail, /escalation after provider_error on mistral\/small/);
  });
  it('auth_error → next candidate, and the provider is ruled out for the rest of the request', () => {
    const p = route([
      ['economy', ['openai/a', 'mistral/b']],
      ['standard', ['openai/c', 'gemini/d']],
    ]);
    const ledger = [row(p, 0, 0, 'auth_error'), row(p, 0, 1, 'schema_violation')];
    assert.deepEqual(at(nextStep({ route: p, ledger, estimatedInputTokens: 10 })), [1, 1, 'escalation']);
  });
  it('a provider that failed in a tier is skipped for the rest of that tier', () => {
    const p = route([['standard', ['openai/a', 'openai/b', 'gemini/c']]]);
    assert.deepEqual(at(nextStep({ route: p, ledger: [row(p, 0, 0, 'provider_error')], estimatedInputTokens: 10 })), [
      0,
      2,
      'failover',
    ]);
  });
  it('context_exceeded → next candidate whose window is larger', () => {
    const p = route([
      ['economy', [candidate('a/small', { contextWindow: 8_000 }), candidate('b/small', { contextWindow: 8_000 })]],
      ['standard', [candidate('c/big', { contextWindow: 128_000 })]],
    ]);
    assert.deepEqual(at(nextStep({ route: p, ledger: [row(p, 0, 0, 'context_exceeded')], estimatedInputTokens: 10 })), [
      1,
      0,
      'escalation',
    ]);
  });
  it('a prompt larger than a candidate window skips it before any call', () => {
    const p = route([
      ['economy', [candidate('a/small', { contextWindow: 8_000 })]],
      ['standard', ['c/big']],
    ]);
    assert.deepEqual(at(nextStep({ route: p, ledger: [], estimatedInputTokens: 9_000 })), [1, 0, 'first']);
  });
  it('max_tokens leaves room for the prompt in the context window', () => {
    const p = route([['economy', [candidate('a/x', { contextWindow: 1_100, maxOutputTokens: 1_000 })]]]);
    assert.equal(call(nextStep({ route: p, ledger: [], estimatedInputTokens: 500 })).maxOutputTokens, 600);
  });
  it('budget: a candidate whose worst case does not fit is skipped', () => {
    const p = route([
      [
        'economy',
        [
          candidate('a/x', { price: { ...candidate('a/x').price, inputUsdPerMTok: 100, outputUsdPerMTok: 100 } }),
          'b/y',
        ],
      ],
    ]);
    // worst case a/x: 100 * 100 + 1000 * 100 = 110_000 µUSD > 50_000; b/y: 100 * 1 + 1000 * 2 = 2_100 µUSD
    const step = call(nextStep({ route: p, ledger: [], estimatedInputTokens: 100, budgetMicroUsd: 50_000 }));
    assert.deepEqual([step.candidateIndex, step.reservedMicroUsd], [1, 2_100]);
  });
  it('budget: nothing fits → fail with budget', () => {
    const step = nextStep({
      route: plan,
      ledger: [row(plan, 0, 0, 'schema_violation', { costMicroUsd: 1_000 })],
      estimatedInputTokens: 100,
      budgetMicroUsd: 1_500,
    });
    assert.equal(step.kind, 'fail');
    assert.equal(step.kind === 'fail' && step.failure, 'budget');
  });
  it('everything tried → fail exhausted', () => {
    const step = decide([row(plan, 2, 0, 'schema_violation')]);
    assert.equal(step.kind === 'fail' && step.failure, 'exhausted');
  });
  it('cooldown → the provider is skipped while another candidate can serve', () => {
    const p = route([
      ['economy', ['a/x', 'b/y']],
      ['standard', ['a/z', 'c/w']],
    ]);
    const ledger = [row(p, 0, 0, 'cooldown'), row(p, 0, 1, 'provider_error')];
    assert.deepEqual(at(nextStep({ route: p, ledger, estimatedInputTokens: 10 })), [1, 1, 'escalation']);
  });
});

describe('decide: waiting out providers that are down for the moment', () => {
  const one = route([['economy', ['a/x']]]);
  const two = route([
    ['economy', ['a/x']],
    ['standard', ['b/y']],
  ]);
  const waitOf = (step: NextStep) => {
    assert.equal(step.kind, 'wait', JSON.stringify(step));
    return step as Extract<NextStep, { kind: 'wait' }>;
  };

  it('the only provider in cooldown → wait for the cooldown to end, then try it again', () => {
    const ledger = [row(one, 0, 0, 'cooldown', { retryAfterMs: 12_000 })];
    const wait = waitOf(nextStep({ route: one, ledger, estimatedInputTokens: 10 }));
    assert.equal(wait.ms, 12_000);
    assert.match(wait.message, /a \(cooldown\)/);
    const resumed = call(
      nextStep({ route: one, ledger, estimatedInputTokens: 10, waits: [{ afterSeq: 1, ms: wait.ms }] }),
    );
    assert.deepEqual([resumed.tierIndex, resumed.candidateIndex, resumed.reason], [0, 0, 'resume']);
  });

  it('a burst of 503s on every tier → back off, doubling without a hint, then start over at the start tier', () => {
    const ledger = [row(two, 0, 0, 'provider_error', { status: 503 }), row(two, 1, 0, 'provider_error')];
    assert.equal(waitOf(nextStep({ route: two, ledger, estimatedInputTokens: 10 })).ms, 2_000);
    const waits = [{ afterSeq: 2, ms: 2_000 }];
    assert.deepEqual(at(nextStep({ route: two, ledger, estimatedInputTokens: 10, waits })), [0, 0, 'resume']);
    const again = [...ledger, row(two, 0, 0, 'provider_error'), row(two, 1, 0, 'rate_limited')];
    assert.equal(waitOf(nextStep({ route: two, ledger: again, estimatedInputTokens: 10, waits })).ms, 4_000);
  });

  it('the soonest hint wins: a Retry-After shorter than the back-off', () => {
    const ledger = [row(one, 0, 0, 'rate_limited', { status: 429, retryAfterMs: 700 })];
    assert.equal(waitOf(nextStep({ route: one, ledger, estimatedInputTokens: 10 })).ms, 700);
  });

  it('after a wait, a tier that failed on quality is not tried again', () => {
    const ledger = [row(two, 0, 0, 'schema_violation'), row(two, 1, 0, 'provider_error')];
    waitOf(nextStep({ route: two, ledger, estimatedInputTokens: 10 }));
    const waits = [{ afterSeq: 2, ms: 2_000 }];
    assert.deepEqual(at(nextStep({ route: two, ledger, estimatedInputTokens: 10, waits })), [1, 0, 'resume']);
  });

  it('past maxWaitMs → fail as unavailable (transient: worth retrying later), never as exhausted', () => {
    const ledger = [row(one, 0, 0, 'provider_error')];
    const waits = [{ afterSeq: 0, ms: 5_000 }];
    const step = nextStep({ route: one, ledger, estimatedInputTokens: 10, waits, maxWaitMs: 5_000 });
    assert.equal(step.kind === 'fail' && step.failure, 'unavailable');
    const short = nextStep({ route: one, ledger, estimatedInputTokens: 10, waits, maxWaitMs: 6_000 });
    assert.equal(waitOf(short).ms, 1_000, 'the last wait is cut to what is left of maxWaitMs');
  });

  it('permanent causes do not wait: auth errors, quality failures, budget', () => {
    const auth = nextStep({ route: one, ledger: [row(one, 0, 0, 'auth_error')], estimatedInputTokens: 10 });
    assert.equal(auth.kind === 'fail' && auth.failure, 'exhausted');
    const quality = nextStep({
      route: two,
      ledger: [row(two, 0, 0, 'provider_error'), row(two, 1, 0, 'schema_violation')],
      estimatedInputTokens: 10,
    });
    assert.equal(quality.kind === 'fail' && quality.failure, 'exhausted', 'nothing above the failed tier');
    const broke = nextStep({
      route: one,
      ledger: [row(one, 0, 0, 'provider_error')],
      estimatedInputTokens: 10,
      budgetMicroUsd: 1,
    });
    assert.equal(broke.kind === 'fail' && broke.failure, 'budget', 'a wait would not make the budget fit');
  });
});

describe('decide: same-candidate retries share one bound; paid malformed answers move on', () => {
  const withRepairs = (repairAttempts: number) =>
    route([
      ['economy', ['a/x', 'b/y'], { repairAttempts }],
      ['standard', ['c/z']],
    ]);
  /** Plays a sequence of (outcome, reason) rows on candidate a/x and returns the decision after it. */
  const after = (p: ReturnType<typeof route>, rows: [Parameters<typeof row>[3], string][]) =>
    nextStep({
      route: p,
      estimatedInputTokens: 10,
      ledger: rows.map(([outcome, reason], index) =>
        row(p, 0, 0, outcome, {
          seq: index + 1,
          reason: reason as 'first',
          maxOutputTokens: reason === 'more_tokens' ? 400 : 200,
        }),
      ),
    });

  it('repairAttempts 1: a truncated repair is not followed by a more-tokens retry → escalate', () => {
    const p = withRepairs(1);
    assert.deepEqual(at(after(p, [['schema_violation', 'first']])), [0, 0, 'repair']);
    const step = after(p, [
      ['schema_violation', 'first'],
      ['truncated', 'repair'],
    ]);
    assert.deepEqual(at(step), [1, 0, 'escalation']);
  });
  it('repairAttempts 1: a more-tokens retry that violates the schema is not repaired → escalate', () => {
    const p = withRepairs(1);
    assert.deepEqual(at(after(p, [['truncated', 'first']])), [0, 0, 'more_tokens']);
    const step = after(p, [
      ['truncated', 'first'],
      ['schema_violation', 'more_tokens'],
    ]);
    assert.deepEqual(at(step), [1, 0, 'escalation']);
  });
  it('repairAttempts 0: still one more-tokens retry for a truncation, none for a violation', () => {
    const p = withRepairs(0);
    assert.deepEqual(at(after(p, [['truncated', 'first']])), [0, 0, 'more_tokens']);
    assert.deepEqual(at(after(p, [['schema_violation', 'first']])), [1, 0, 'escalation']);
  });
  it('repairAttempts 2: repair, more tokens, then the bound is reached → escalate', () => {
    const p = withRepairs(2);
    const rows: [Parameters<typeof row>[3], string][] = [
      ['schema_violation', 'first'],
      ['truncated', 'repair'],
    ];
    assert.deepEqual(at(after(p, rows)), [0, 0, 'more_tokens']);
    assert.deepEqual(at(after(p, [...rows, ['schema_violation', 'more_tokens']])), [1, 0, 'escalation']);
  });
  it('repairAttempts 3: the reported ping-pong is cut: one more-tokens retry per candidate, repairs counted across it', () => {
    const p = withRepairs(3);
    const rows: [Parameters<typeof row>[3], string][] = [
      ['schema_violation', 'first'],
      ['truncated', 'repair'],
      ['schema_violation', 'more_tokens'],
    ];
    assert.deepEqual(at(after(p, rows)), [0, 0, 'repair']);
    // A second truncation on the same candidate gets no second doubling.
    assert.deepEqual(at(after(p, [...rows, ['truncated', 'repair']])), [1, 0, 'escalation']);
    // Three retries in all: repairs are counted across the more-tokens retry, not reset by it.
    const three = [...rows, ['schema_violation', 'repair']] as typeof rows;
    assert.deepEqual(at(after(p, three)), [1, 0, 'escalation']);
  });
  it('the retries of an earlier candidate do not count against the next one', () => {
    const p = withRepairs(1);
    const ledger = [
      row(p, 0, 0, 'schema_violation'),
      row(p, 0, 0, 'schema_violation', { reason: 'repair' }),
      row(p, 1, 0, 'truncated', { reason: 'escalation', maxOutputTokens: 200 }),
    ];
    assert.deepEqual(at(nextStep({ route: p, ledger, estimatedInputTokens: 10 })), [1, 0, 'more_tokens']);
  });
  it('truncated in a repetition loop → escalate at once, no more-tokens retry', () => {
    const loop = row(plan, 0, 0, 'truncated', { maxOutputTokens: 200, repetitionLoop: true });
    assert.deepEqual(at(decide([loop])), [1, 0, 'escalation']);
  });
  it('malformed_response / too_large → next candidate in the tier, no same-candidate retry; then escalate', () => {
    const p = withRepairs(2);
    for (const outcome of ['malformed_response', 'too_large'] as const) {
      assert.deepEqual(at(nextStep({ route: p, ledger: [row(p, 0, 0, outcome)], estimatedInputTokens: 10 })), [
        0,
        1,
        'failover',
      ]);
      const step = call(nextStep({ route: p, ledger: [row(p, 0, 1, outcome)], estimatedInputTokens: 10 }));
      assert.deepEqual([step.tierIndex, step.reason], [1, 'escalation']);
      assert.match(step.reasonDetail, new RegExp(`after ${outcome} on b/y`));
    }
  });
});
