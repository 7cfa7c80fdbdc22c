/**
 * Turns an openai SDK error into our failure type, in one place. Retryable only for 408, 409, 429, 5xx and
 * connection problems; `x-should-retry` takes precedence; Retry-After (ms, then seconds) becomes nextRetryDelay.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { FailureType, type CallFailureDetails } from '../../workflows/definitions';

export interface ProviderErrorClass {
  type: FailureType;
  nonRetryable: boolean;
  status?: number;
  retryAfterMs?: number;
  message: string;
}

/** Classifies an error thrown by the openai SDK. Pure: no clock, no I/O. */
export function classifyProviderError(error: unknown, options: { maxRetryAfterMs: number }): ProviderErrorClass {
  if (error instanceof APIConnectionTimeoutError) {
    return { type: FailureType.Timeout, nonRetryable: false, message: 'request timed out' };
  }
  if (error instanceof APIConnectionError) {
    return { type: FailureType.Connection, nonRetryable: false, message: `connection error: ${causeMessage(error)}` };
  }
  if (!(error instanceof APIError) || error.status === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: FailureType.ServerError, nonRetryable: false, message };
  }
  const status = error.status;
  const message = error.message.slice(0, 500);
  const shouldRetry = header(error, 'x-should-retry');
  const base = { status, message };

  if (status === 429) {
    const retryAfterMs = retryAfter(error);
    // A quota that is used up will not come back in seconds; a wait past the cap is better spent elsewhere.
    const quotaGone = error.code === 'insufficient_quota';
    const tooLong = retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs;
    return {
      ...base,
      type: FailureType.RateLimit,
      nonRetryable: quotaGone || tooLong || shouldRetry === 'false',
      retryAfterMs,
    };
  }
  if (isContextExceeded(error)) return { ...base, type: FailureType.ContextExceeded, nonRetryable: true };
  if (status === 401 || status === 403) return { ...base, type: FailureType.Authentication, nonRetryable: true };
  if (status === 404) return { ...base, type: FailureType.NotFound, nonRetryable: true };
  const retryable = status === 408 || status === 409 || status >= 500;
  if (shouldRetry === 'true' || shouldRetry === 'false') {
    const type = retryable ? FailureType.ServerError : FailureType.BadRequest;
    return { ...base, type, nonRetryable: shouldRetry === 'false' };
  }
  if (retryable) return { ...base, type: FailureType.ServerError, nonRetryable: false };
  return { ...base, type: FailureType.BadRequest, nonRetryable: true };
}

/** The ApplicationFailure the activity throws, so Temporal's retry policy does the durable retrying. */
export function toApplicationFailure(
  classified: ProviderErrorClass,
  details: Omit<CallFailureDetails, 'status' | 'retryAfterMs'>,
  cause?: unknown,
): ApplicationFailure {
  const failureDetails: CallFailureDetails = {
    ...details,
    status: classified.status,
    retryAfterMs: classified.retryAfterMs,
  };
  return ApplicationFailure.create({
    type: classified.type,
    message: classified.message,
    nonRetryable: classified.nonRetryable,
    nextRetryDelay: !classified.nonRetryable && classified.retryAfterMs ? classified.retryAfterMs : undefined,
    details: [failureDetails],
    cause: cause instanceof Error ? cause : undefined,
  });
}

function isContextExceeded(error: APIError): boolean {
  if (error.code === 'context_length_exceeded' || error.code === 'string_above_max_length') return true;
  // Providers that do not send OpenAI's code still say so in the message of a 400/413.
  return (
    (error.status === 400 || error.status === 413) &&
    /context length|context window|maximum context|too many (input )?tokens|prompt is too long/i.test(error.message)
  );
}

function header(error: APIError, name: string): string | undefined {
  const headers = error.headers as Headers | Record<string, string> | undefined;
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

/** Retry-After in milliseconds: `retry-after-ms` first, then `retry-after` as seconds or an HTTP date. */
export function retryAfter(error: APIError, now: number = Date.now()): number | undefined {
  const ms = Number(header(error, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && header(error, 'retry-after-ms') !== undefined) return ms;
  const value = header(error, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function causeMessage(error: APIConnectionError): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
