// Pure unit tests — why a cascade failed, candidate by candidate (the failure message); no Temporal, no I/O
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextStep, type NextStep } from '../../workflows/cascade/decide';
import { candidateLines } from '../../workflows/cascade/explain';
import { candidate, route, row } from '../helpers/plans';

function failed(step: NextStep) {
  assert.equal(step.kind, 'fail', JSON.stringify(step));
  return step as Extract<NextStep, { kind: 'fail' }>;
}

describe('failure messages: every candidate with what happened to it', () => {
  const plan = route([
    ['economy', ['deepseek/chat', 'mistral/small', 'deepseek/other']],
    ['standard', ['openai/mini', 'gemini/flash', 'mistral/large']],
    ['premium', ['openai/big']],
  ]);

  it('exhausted: tried (with tries and status), ruled out, not tried after a schema failure', () => {
    const ledger = [
      row(plan, 0, 0, 'provider_error', { status: 503, tries: 2, error: '503 upstream down' }),
      row(plan, 0, 1, 'auth_error', { error: 'set MISTRAL_API_KEY on the worker (or remove mistral from the route)' }),
      row(plan, 1, 0, 'schema_violation', { error: '/total must be number' }),
      row(plan, 2, 0, 'schema_violation', { error: '/total must be number' }),
    ];
    const step = failed(nextStep({ route: plan, ledger, estimatedInputTokens: 100 }));
    assert.equal(step.failure, 'exhausted');
    const lines = step.message.split('\n');
    assert.match(lines[0]!, /^no valid answer: every candidate of route "test" was tried or ruled out:$/);
    assert.deepEqual(lines.slice(1), [
      '  economy deepseek/chat: provider_error 503 ×2 (503 upstream down)',
      '  economy mistral/small: auth_error: set MISTRAL_API_KEY on the worker (or remove mistral from the route)',
      '  economy deepseek/other: skipped: provider deepseek already failed in this tier (provider_error 503)',
      '  standard openai/mini: schema_violation (/total must be number)',
      '  standard gemini/flash: not tried: the tier ended after schema_violation on openai/mini',
      '  standard mistral/large: ruled out: auth_error from provider mistral on mistral/small',
      '  premium openai/big: schema_violation (/total must be number)',
    ]);
  });

  it('the last search names why each remaining candidate was passed over', () => {
    const ledger = [row(plan, 0, 0, 'auth_error', { error: 'set DEEPSEEK_API_KEY on the worker' })];
    const tight = route([
      ['economy', ['deepseek/chat', 'deepseek/other', candidate('small/window', { contextWindow: 50 })]],
      ['premium', [candidate('openai/big', { price: { ...candidate('x/y').price, outputUsdPerMTok: 1_000 } })]],
    ]);
    const step = failed(nextStep({ route: tight, ledger, estimatedInputTokens: 100, budgetMicroUsd: 5_000 }));
    assert.equal(step.failure, 'budget');
    assert.deepEqual(step.message.split('\n'), [
      'budget exceeded: no candidate left fits the $0.005000 left in the budget:',
      '  economy deepseek/chat: auth_error: set DEEPSEEK_API_KEY on the worker',
      '  economy deepseek/other: ruled out: auth_error from provider deepseek on deepseek/chat',
      '  economy small/window: skipped: context window 50 too small for 100 prompt tokens',
      '  premium openai/big: skipped: budget (worst case $1.000100, $0.005000 left)',
    ]);
  });

  it('tiers below the start tier are named as such; a long error is cut', () => {
    const started = route(
      [
        ['economy', ['a/x']],
        ['standard', ['b/y']],
      ],
      1,
    );
    const lines = candidateLines(started, [row(started, 1, 0, 'bad_request', { error: 'x'.repeat(500) })], []);
    assert.equal(lines[0], 'economy a/x: not tried: the route started at tier standard');
    assert.ok(lines[1]!.startsWith('standard b/y: bad_request: xxx'));
    assert.ok(lines[1]!.length < 160, lines[1]);
  });

  it("gate rows (verify, agreement) are not counted as the answered candidate's own attempts", () => {
    const gated = route([['economy', ['a/x']]]);
    const lines = candidateLines(
      gated,
      [
        row(gated, 0, 0, 'check_failed', { error: 'verifier: total is wrong' }),
        row(gated, 0, 0, 'ok', { reason: 'verify', ref: 'v/judge' }),
      ],
      [],
    );
    assert.deepEqual(lines, ['economy a/x: check_failed (verifier: total is wrong)']);
  });
});
