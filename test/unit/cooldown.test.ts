// Pure unit tests — cooldown scope follows the fault: rate limits per model, outages per provider
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CooldownTracker, cooldownScope } from '../../activities/cascade/cooldown';
import { FailureType } from '../../workflows/definitions';

const A = { ref: 'p/model-a', provider: 'p' };
const B = { ref: 'p/model-b', provider: 'p' };

describe('cooldownScope: what a failure counts towards', () => {
  it('429 without a Retry-After → that model only', () => {
    assert.deepEqual(cooldownScope({ type: FailureType.RateLimit, nonRetryable: false }, A), {
      kind: 'model',
      id: 'p/model-a',
    });
  });
  it('429 with a Retry-After past the cap (failed over at once) → that model only', () => {
    assert.deepEqual(cooldownScope({ type: FailureType.RateLimit, nonRetryable: true, retryAfterMs: 90_000 }, A), {
      kind: 'model',
      id: 'p/model-a',
    });
  });
  it('429 with a Retry-After we honour → nothing: back-pressure, not a fault', () => {
    assert.equal(
      cooldownScope({ type: FailureType.RateLimit, nonRetryable: false, retryAfterMs: 2_000 }, A),
      undefined,
    );
  });
  for (const type of [FailureType.ServerError, FailureType.Timeout, FailureType.Connection]) {
    it(`${type} → the whole provider`, () => {
      assert.deepEqual(cooldownScope({ type, nonRetryable: false }, A), { kind: 'provider', id: 'p' });
    });
  }
  for (const type of [
    FailureType.Authentication,
    FailureType.BadRequest,
    FailureType.NotFound,
    FailureType.ContextExceeded,
  ]) {
    it(`${type} → nothing: our fault, not the provider's`, () => {
      assert.equal(cooldownScope({ type, nonRetryable: true }, A), undefined);
    });
  }
});

describe('CooldownTracker', () => {
  it('N rate limits on model A cool A down, never B of the same provider', () => {
    let now = 0;
    const tracker = new CooldownTracker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    const scope = cooldownScope({ type: FailureType.RateLimit, nonRetryable: false }, A)!;
    tracker.recordFailure(scope);
    assert.equal(tracker.blocking(A), undefined);
    tracker.recordFailure(scope);
    assert.deepEqual(tracker.blocking(A), { scope, remainingMs: 1000 });
    assert.equal(tracker.blocking(B), undefined);
    now = 1001;
    assert.equal(tracker.blocking(A), undefined);
  });
  it('N outages on model A cool the whole provider down, B included', () => {
    const tracker = new CooldownTracker({ failureThreshold: 2, cooldownMs: 1000, now: () => 0 });
    const scope = cooldownScope({ type: FailureType.ServerError, nonRetryable: false }, A)!;
    tracker.recordFailure(scope);
    tracker.recordFailure(scope);
    assert.deepEqual(tracker.blocking(B), { scope: { kind: 'provider', id: 'p' }, remainingMs: 1000 });
  });
  it('a success resets the counts of the model and of its provider', () => {
    const tracker = new CooldownTracker({ failureThreshold: 2, now: () => 0 });
    tracker.recordFailure({ kind: 'provider', id: 'p' });
    tracker.recordFailure({ kind: 'model', id: A.ref });
    tracker.recordSuccess(A);
    tracker.recordFailure({ kind: 'provider', id: 'p' });
    tracker.recordFailure({ kind: 'model', id: A.ref });
    assert.equal(tracker.blocking(A), undefined);
  });
});
