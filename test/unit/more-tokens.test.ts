// Pure unit tests — the more-tokens retry rule from measured retries, and the worker's retry measurements; no Temporal
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RetryStats, withRetryMeasures } from '../../activities/cascade/retry-stats';
import { nextStep, type NextStep } from '../../workflows/cascade/decide';
import { MORE_TOKENS_RULE, moreTokensWorthIt } from '../../workflows/cascade/more-tokens';
import type { RetryMeasure } from '../../routing/types';
import { candidate, route, row } from '../helpers/plans';

describe('moreTokensWorthIt: is the retry worth its cost?', () => {
  it('unmeasured, or fewer than minTries retries: retry (that is how a model gets measured)', () => {
    assert.equal(moreTokensWorthIt(undefined, 1_000, 500).retry, true);
    assert.equal(moreTokensWorthIt({ tries: MORE_TOKENS_RULE.minTries - 1, successes: 0 }, 1_000, 500).retry, true);
  });

  it('retries that never succeeded are not tried again: 0 of 12 (what real small models did)', () => {
    const verdict = moreTokensWorthIt({ tries: 12, successes: 0 }, 100, 1_000_000);
    assert.deepEqual(verdict, { retry: false, why: '0 of 12 more-tokens retries succeeded' });
  });

  it('retry ⇔ its cost ≤ success rate × the escalation it may save', () => {
    const half: RetryMeasure = { tries: 10, successes: 5 };
    assert.equal(moreTokensWorthIt(half, 500, 1_000).retry, true, 'at the edge: 500 ≤ 0.5 × 1,000');
    assert.equal(moreTokensWorthIt(half, 501, 1_000).retry, false);
    // A cheap model below a premium one: even a low success rate pays.
    assert.equal(moreTokensWorthIt({ tries: 20, successes: 2 }, 300, 40_000).retry, true);
    // Two models at the same price: only a retry that nearly always works pays.
    assert.equal(moreTokensWorthIt({ tries: 20, successes: 15 }, 1_000, 1_000).retry, false);
  });

  it('nothing else could run: retry unless it never works', () => {
    assert.equal(moreTokensWorthIt({ tries: 10, successes: 1 }, 10_000, undefined).retry, true);
    assert.equal(moreTokensWorthIt({ tries: 10, successes: 0 }, 10, undefined).retry, false);
  });
});

describe('nextStep after a truncated answer, with measured retries in the plan', () => {
  const plan = (moreTokens?: RetryMeasure) =>
    route([
      ['economy', [candidate('small/m', { moreTokens, price: { ...priceOf(0.1, 0.4) } })]],
      ['premium', [candidate('big/m', { price: priceOf(5, 15) })]],
    ]);
  const truncated = (p: ReturnType<typeof plan>) => [row(p, 0, 0, 'truncated', { maxOutputTokens: 200 })];
  const step = (p: ReturnType<typeof plan>): Extract<NextStep, { kind: 'call' }> => {
    const next = nextStep({ route: p, ledger: truncated(p), estimatedInputTokens: 100 });
    assert.equal(next.kind, 'call');
    return next as Extract<NextStep, { kind: 'call' }>;
  };

  it('a plan without measurements retries as before (recorded histories replay the same)', () => {
    const next = step(plan());
    assert.deepEqual(
      [next.reason, next.maxOutputTokens, next.reasonDetail],
      ['more_tokens', 400, 'retry with more max_tokens after truncation'],
    );
  });

  it('0 of 12 measured: escalates at once and says why', () => {
    const next = step(plan({ tries: 12, successes: 0 }));
    assert.deepEqual([next.tierIndex, next.reason], [1, 'escalation']);
    assert.match(next.reasonDetail, /no more-tokens retry: 0 of 12 more-tokens retries succeeded/);
  });

  it('a retry that usually works on a cheap model, below a premium tier: retried, with the record in its reason', () => {
    const next = step(plan({ tries: 10, successes: 4 }));
    assert.equal(next.reason, 'more_tokens');
    assert.match(next.reasonDetail, /4 of 10 more-tokens retries succeeded: worth it/);
  });
});

describe('RetryStats: the worker’s measured more-tokens retries', () => {
  it('counts retries and successes per model, within a window, the newest kept', () => {
    let now = 0;
    const stats = new RetryStats({ maxRetries: 3, windowMs: 1_000, now: () => now });
    assert.equal(stats.measure('a/m'), undefined);
    stats.record('a/m', false);
    stats.record('a/m', true);
    assert.deepEqual(stats.measure('a/m'), { tries: 2, successes: 1 });
    stats.record('a/m', false);
    stats.record('a/m', false);
    assert.deepEqual(stats.measure('a/m'), { tries: 3, successes: 1 }, 'the oldest (a failure) dropped');
    stats.record('a/m', false);
    assert.deepEqual(stats.measure('a/m'), { tries: 3, successes: 0 }, 'then the success');
    now = 2_000;
    assert.equal(stats.measure('a/m'), undefined, 'aged out: the model is measured anew');
  });

  it('withRetryMeasures puts a measure only on candidates that have one', () => {
    const p = route([['only', ['a/m', 'b/m']]]);
    const measured = withRetryMeasures(p, (ref) => (ref === 'a/m' ? { tries: 5, successes: 1 } : undefined));
    assert.deepEqual(measured.tiers[0]!.candidates[0]!.moreTokens, { tries: 5, successes: 1 });
    assert.equal('moreTokens' in measured.tiers[0]!.candidates[1]!, false);
  });
});

function priceOf(input: number, output: number) {
  return { inputUsdPerMTok: input, outputUsdPerMTok: output, source: 'test', effectiveFrom: '2025-01-01' };
}
