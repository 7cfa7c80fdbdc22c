/** Client API keys: bearer-token lookup by SHA-256 (keys are never stored or logged in clear) and rate limits. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayKey } from './config';
import { GatewayError } from './errors';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of a request's `Authorization: Bearer <key>` header (or `api-key`, Azure-style). */
export function authenticate(
  keys: readonly GatewayKey[],
  headers: Record<string, string | string[] | undefined>,
): GatewayKey | undefined {
  if (keys.length === 0) return undefined;
  const header = headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() : undefined;
  const token = bearer ?? (typeof headers['api-key'] === 'string' ? headers['api-key'] : undefined);
  if (!token) {
    throw new GatewayError({
      status: 401,
      type: 'invalid_request_error',
      code: 'missing_api_key',
      message: 'You did not provide an API key: send it as Authorization: Bearer <key>',
    });
  }
  const digest = Buffer.from(sha256Hex(token), 'hex');
  // Compare every key in constant time, so timing reveals nothing about which hash prefix matched.
  let found: GatewayKey | undefined;
  for (const key of keys) if (timingSafeEqual(digest, Buffer.from(key.sha256, 'hex'))) found = key;
  if (!found) {
    throw new GatewayError({
      status: 401,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided',
    });
  }
  return found;
}

/**
 * Requests per minute per key, as a token bucket in this process (several gateway processes each allow the rate;
 * the spend budget, not this, is what holds across processes).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  /** Takes one request from the key's bucket, or throws a 429 with Retry-After. */
  take(key: GatewayKey, nowMs = Date.now()): void {
    const perMinute = key.rateLimit?.requestsPerMinute;
    if (!perMinute) return;
    const bucket = this.buckets.get(key.id) ?? { tokens: perMinute, atMs: nowMs };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((nowMs - bucket.atMs) * perMinute) / 60_000);
    bucket.atMs = nowMs;
    this.buckets.set(key.id, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const waitSeconds = Math.ceil(((1 - bucket.tokens) * 60) / perMinute);
    throw new GatewayError({
      status: 429,
      type: 'requests',
      code: 'rate_limit_exceeded',
      message: `Rate limit reached for key ${key.id}: ${perMinute} requests per minute. Try again in ${waitSeconds}s.`,
      headers: { 'retry-after': String(waitSeconds) },
    });
  }
}
