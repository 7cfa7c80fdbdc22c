// Pure unit tests — provider error classification; no Temporal, no I/O
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { classifyProviderError } from '../../activities/cascade/classify-error';
import { FailureType } from '../../workflows/definitions';

function apiError(status: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  // The SDK reads OpenAI's error body shape: { error: { message, type, code } }.
  return APIError.generate(
    status,
    { error: { message: body.message ?? `status ${status}`, ...body } },
    undefined,
    new Headers(headers),
  );
}
const classify = (error: unknown, maxRetryAfterMs = 30_000) => classifyProviderError(error, { maxRetryAfterMs });

describe('classifier: openai SDK error → failure type', () => {
  it('429 → RateLimit, retryable, Retry-After seconds become nextRetryDelay', () => {
    const c = classify(apiError(429, {}, { 'retry-after': '2' }));
    assert.deepEqual([c.type, c.nonRetryable, c.retryAfterMs], [FailureType.RateLimit, false, 2000]);
  });
  it('429 → retry-after-ms takes precedence over retry-after', () => {
    assert.equal(classify(apiError(429, {}, { 'retry-after-ms': '250', 'retry-after': '9' })).retryAfterMs, 250);
  });
  it('429 with Retry-After past the cap → non-retryable (fail over at once)', () => {
    const c = classify(apiError(429, {}, { 'retry-after': '120' }), 30_000);
    assert.deepEqual([c.type, c.nonRetryable], [FailureType.RateLimit, true]);
  });
  it('429 insufficient_quota → non-retryable', () => {
    assert.equal(classify(apiError(429, { code: 'insufficient_quota' })).nonRetryable, true);
  });
  it('500, 502, 503 → ServerError, retryable', () => {
    for (const status of [500, 502, 503])
      assert.deepEqual(
        [classify(apiError(status)).type, classify(apiError(status)).nonRetryable],
        [FailureType.ServerError, false],
      );
  });
  it('408 and 409 → retryable', () => {
    assert.equal(classify(apiError(408)).nonRetryable, false);
    assert.equal(classify(apiError(409)).nonRetryable, false);
  });
  it('x-should-retry: false wins over a retryable status', () => {
    assert.equal(classify(apiError(503, {}, { 'x-should-retry': 'false' })).nonRetryable, true);
  });
  it('x-should-retry: true makes a 400 retryable', () => {
    assert.equal(classify(apiError(400, {}, { 'x-should-retry': 'true' })).nonRetryable, false);
  });
  it('400 context_length_exceeded → ContextExceeded, non-retryable', () => {
    const c = classify(apiError(400, { code: 'context_length_exceeded' }));
    assert.deepEqual([c.type, c.nonRetryable], [FailureType.ContextExceeded, true]);
  });
  it('400 whose message says the prompt is too long → ContextExceeded', () => {
    assert.equal(
      classify(apiError(400, { message: 'prompt is too long: 210000 tokens > 200000 maximum' })).type,
      FailureType.ContextExceeded,
    );
  });
  it('401 / 403 → Authentication, 404 → NotFound, 400 / 422 → BadRequest: all non-retryable', () => {
    assert.deepEqual(
      [401, 403, 404, 400, 422].map((s) => [classify(apiError(s)).type, classify(apiError(s)).nonRetryable]),
      [
        [FailureType.Authentication, true],
        [FailureType.Authentication, true],
        [FailureType.NotFound, true],
        [FailureType.BadRequest, true],
        [FailureType.BadRequest, true],
      ],
    );
  });
  it('timeout → Timeout, connection error → Connection, both retryable', () => {
    assert.deepEqual(
      [classify(new APIConnectionTimeoutError()).type, classify(new APIConnectionTimeoutError()).nonRetryable],
      [FailureType.Timeout, false],
    );
    assert.deepEqual(
      [
        classify(new APIConnectionError({ message: 'reset' })).type,
        classify(new APIConnectionError({ message: 'reset' })).nonRetryable,
      ],
      [FailureType.Connection, false],
    );
  });
});
