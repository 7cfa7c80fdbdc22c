/**
 * What an abandoned call may have cost: a call the client stopped waiting for (its timeout, a cancelled request, a
 * worker that died mid-call) on a provider that may have generated the answer anyway. Hosted providers bill a
 * generation the client no longer waits for; the ledger must never be below their meter. Pure, sandbox-safe.
 *
 * The rule: the call's input tokens as counted before it was sent, plus the whole `max_tokens` it asked for, at the
 * price in force. Why the upper bound and not a typical output: the client cannot see how far the generation got,
 * and a typical length is below the provider's meter about half the time (a slow call is often a long one); the
 * bound is exactly what the budget reserved for the call, so a budget still holds; and the row is marked
 * `estimated`, so a reconciliation with the provider's invoice can lower it. A provider that declares
 * `billsAbandoned: false` in the catalog (a self-hosted server that stops generating when the client leaves, or one
 * whose terms say so) is recorded at zero, as before.
 */
import { costMicroUsd } from './pricing';
import type { ModelPrice, TokenUsage } from './types';

/** Whether a call abandoned on this candidate may still be billed: unless the catalog says not. @default true */
export function billsAbandoned(candidate: { billsAbandoned?: boolean }): boolean {
  return candidate.billsAbandoned !== false;
}

/** The tokens an abandoned call is recorded with: all of its input and all of the output it allowed. */
export function abandonedUsage(inputTokens: number, maxOutputTokens: number): TokenUsage {
  return {
    inputTokens: Math.max(0, Math.ceil(inputTokens)),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: Math.max(0, Math.ceil(maxOutputTokens)),
  };
}

/** An abandoned call's estimated usage and cost (integer micro-USD), priced like any billed answer. */
export function abandonedEstimate(
  price: ModelPrice,
  inputTokens: number,
  maxOutputTokens: number,
): { usage: TokenUsage; costMicroUsd: number } {
  const usage = abandonedUsage(inputTokens, maxOutputTokens);
  return { usage, costMicroUsd: costMicroUsd(usage, price) };
}
