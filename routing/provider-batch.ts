/**
 * Provider Batch API decisions as pure functions (sandbox-safe: the batch workflow imports them): which tier and
 * candidate a batch uses, how a page splits under the provider's limits, the idempotency key of a submission, the
 * polling back-off. Unit-tested in test/unit/provider-batch.test.ts.
 */
import type { ProviderBatchSpec } from '../catalog/types';
import type { CandidatePlan, RoutePlan } from './types';

/** The provider-batch tier of a route, with the candidate whose provider runs its batches; undefined when none. */
export function providerBatchTier(
  route: RoutePlan,
): { tierIndex: number; candidate: CandidatePlan & { batch: ProviderBatchSpec } } | undefined {
  const tierIndex = route.tiers.findIndex((tier) => tier.mode === 'provider-batch');
  const candidate = route.tiers[tierIndex]?.candidates[0];
  if (!candidate?.batch) return undefined;
  return { tierIndex, candidate: candidate as CandidatePlan & { batch: ProviderBatchSpec } };
}

/** A page's requests split into batch files: each within the provider's request and byte limits, in input order. */
export interface BatchSplit {
  /** Indexes into the page's requests, one array per batch file. */
  chunks: number[][];
  /** Requests too large for any batch file on their own: they run synchronously. */
  oversized: number[];
}

/**
 * Splits requests (given by their JSONL line sizes in bytes, newline included) into as few batch files as the
 * limits allow, keeping input order; a line larger than `maxBytes` alone goes nowhere (it runs synchronously).
 */
export function splitBatchRequests(
  lineBytes: readonly number[],
  limits: Pick<ProviderBatchSpec, 'maxRequests' | 'maxBytes'>,
): BatchSplit {
  const chunks: number[][] = [];
  const oversized: number[] = [];
  let current: number[] = [];
  let bytes = 0;
  lineBytes.forEach((size, index) => {
    if (size > limits.maxBytes) {
      oversized.push(index);
      return;
    }
    if (current.length >= limits.maxRequests || bytes + size > limits.maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return { chunks, oversized };
}

/**
 * The key a provider batch carries in its metadata: the batch workflow's id, the page's first entry and the chunk.
 * A submission retried after a crash finds its batch by this key instead of creating a second one. The workflow id
 * is the same across continue-as-new, and a page starts at the same entry whenever it is read again.
 */
export function providerBatchKey(workflowId: string, pageStart: number, chunk: number): string {
  return `${workflowId}#p${pageStart}c${chunk}`.slice(-512);
}

/** Metadata values are at most 512 characters at OpenAI; the key is cut from the left, keeping its page part. */
export const PROVIDER_BATCH_METADATA_KEY = 'llm_cascade_key';

/** First wait between status polls; doubles per poll up to `POLL_CAP_MS` (a day's batch polls ~100 times). */
export const POLL_BASE_MS = 1_000;
export const POLL_CAP_MS = 15 * 60_000;

/** How long to wait before poll number `polls` (0-based), ms: doubling back-off, capped; `baseMs` for tests. */
export function pollDelayMs(polls: number, baseMs = POLL_BASE_MS, capMs = POLL_CAP_MS): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(polls, 30));
}

/** Statuses after which a batch changes no more. */
export const TERMINAL_BATCH_STATUSES: ReadonlySet<string> = new Set(['completed', 'expired', 'cancelled', 'failed']);
