/** How an item ended: its summary for the batch, and its line in the results or errors file. JSON-safe. */
import type { AttemptRecord } from '../../definitions';

/**
 * How one item run ended. `undone`: stopped by its budget grant; `retryable`: every provider stayed unavailable.
 * Neither is final: the item runs again in a later round or on a rerun with the same batch id.
 */
export type BatchItemStatus = 'ok' | 'failed' | 'undone' | 'retryable';

/** What a finished item reports to its parent: small, no output, no ledger. */
export interface BatchItemSummary {
  id: string;
  status: BatchItemStatus;
  costMicroUsd: number;
  attempts: number;
  finalTier?: string;
  finalModel?: string;
  baselineMicroUsd: number;
  escalated: boolean;
  /** Spend split by (tier, model), one entry per pair used. */
  costs: { tier: string; ref: string; costMicroUsd: number }[];
  /** Why it failed, short. */
  reason?: string;
  /** Failure code of a failed or retryable item (the error line's `code`). */
  code?: string;
  /** The item's first attempt ran inside a provider batch. */
  providerBatch?: boolean;
  /** Its batch attempt's cost at the synchronous price, micro-USD (what batch mode saved is this minus its cost). */
  providerBatchSyncMicroUsd?: number;
  /** Its batch attempt's cost at the batch rate, micro-USD. */
  providerBatchMicroUsd?: number;
}

/** A line of the results file. */
export interface BatchResultLine {
  id: string;
  status: 'ok';
  output: unknown;
  costUsd: number;
  costMicroUsd: number;
  attempts: number;
  finalTier: string;
  finalModel: string;
}

/**
 * A line of the errors file. `code`: `empty`, `malformed`, `too_large`, `unreadable`, or the cascade's failure type.
 * `failed` is final (`final: true`); `retryable` and `undone` lines (`final: false`) record what a run spent and do not
 * make the item done. When a later run (a retry round, a rerun, `--retry-failed`) gives the item its final word (a
 * result, or a `failed` line), one `superseded` line (cost 0) names the keys of its earlier lines in `supersedes` and
 * the outcome in `by`. `key` (id @ item run) keeps a retried write idempotent while letting later runs write theirs.
 */
export interface BatchErrorLine {
  id: string;
  key: string;
  status: 'failed' | 'retryable' | 'undone';
  /** Added by the sink: the item's last word (`failed`), or spend a later run goes on from. */
  final?: boolean;
  code: string;
  reason: string;
  costUsd: number;
  costMicroUsd: number;
  ledger: AttemptRecord[];
}
