/** A batch's running totals and the state one run hands the next by continue-as-new. JSON-safe, sandbox-safe. */
import type { BatchCursor, BatchItemRef } from './source';

/** Per-tier or per-model spend, micro-USD, keyed by tier name or model ref. */
export type CostMap = Record<string, number>;

/** Running totals of a batch, carried across continue-as-new. */
export interface BatchTotals {
  ok: number;
  failed: number;
  /** Items started but stopped by the batch budget (a line only for what they spent: a rerun picks them up). */
  budgetStopped: number;
  /** Items that still failed for a transient reason after every retry round: a rerun picks them up. */
  retryable: number;
  /** Failed and retryable items by code (`empty`, `CascadeExhaustedError`, `CascadeUnavailableError`, …). */
  failedByCode: Record<string, number>;
  /** Items that reported back (any status, retry rounds included): sizes the budget grants. */
  reported: number;
  /** Most any one item run has spent, micro-USD. */
  maxItemMicroUsd: number;
  /** Smallest grant worth giving: doubled each time an item is stopped by its grant. */
  grantFloorMicroUsd: number;
  /** Items already in the results or errors file when their page was read. */
  skipped: number;
  costMicroUsd: number;
  /** Premium-only baseline of the ok items (their successful tokens at the top tier's price). */
  baselineMicroUsd: number;
  /** Items with an attempt on a tier above the one they started on. */
  escalated: number;
  attempts: number;
  costByTier: CostMap;
  costByModel: CostMap;
  /** Provider batch attempts: items, their cost at the batch rate and at synchronous prices (absent: none ran). */
  providerBatch?: { items: number; costMicroUsd: number; syncMicroUsd: number };
}

/** State handed from one run of `batchWorkflow` to the next by continue-as-new. */
export interface BatchCarriedState {
  /** First item not yet started. */
  cursor: BatchCursor;
  exhausted: boolean;
  total: number;
  /** Items found in the output files when the batch started (for progress; `totals.skipped` is exact). */
  alreadyDone: number;
  totals: BatchTotals;
  paused: boolean;
  /** Items that failed for a transient reason, waiting for their next round. */
  retries: BatchRetry[];
  /** A last item started with all that was left of the budget was stopped by it: start no more. */
  budgetSpent: boolean;
  /** Runs so far, this one excluded. */
  runs: number;
  /** Workflow time (epoch ms) when the first run started. */
  startedAt: number;
}

/** An item to run again after a transient failure, no earlier than `notBefore` (workflow time, epoch ms). */
export interface BatchRetry {
  item: BatchItemRef;
  /** Retry round: 1 for the first retry. */
  round: number;
  notBefore: number;
}
