/** What a batch shows while it runs and reports when it ends, with its query and signals. Sandbox-safe. */
import { defineQuery } from '@temporalio/workflow';
import type { BatchOutputs } from './source';

/** What the batch is doing now. */
export type BatchPhase = 'starting' | 'running' | 'paused' | 'draining' | 'cancelling' | 'budget_stopped' | 'done';

/** Answer of the `progress` query. */
export interface BatchProgress {
  batchId: string;
  phase: BatchPhase;
  /** Items in the input. */
  total: number;
  /** Items already in the output files when the batch started; not processed again. */
  alreadyDone: number;
  /** Items finished by this batch (ok + failed). */
  done: number;
  ok: number;
  failed: number;
  /** Items waiting for a retry round after a transient failure. */
  retrying: number;
  inFlight: number;
  costUsd: number;
  /** Cost so far / finished items × items to process; 0 until one finishes. */
  projectedTotalCostUsd: number;
  /** Runs of the workflow so far (continue-as-new), this one included. */
  runs: number;
}

/** How a batch ended. */
export type BatchStatus = 'completed' | 'cancelled' | 'budget_exhausted';

/** The final report of `batchWorkflow`. Costs in USD. */
export interface BatchReport {
  batchId: string;
  status: BatchStatus;
  total: number;
  ok: number;
  failed: number;
  /** Already in the output files from an earlier run: not processed again. */
  skipped: number;
  /** Not finished because the batch was cancelled or ran out of budget: rerun with the same batch id to finish. */
  undone: number;
  /** Failed for a transient reason in every round (providers down): rerun with the same batch id to finish. */
  retryable: number;
  /** Failed and retryable items by code. */
  failedByCode: Record<string, number>;
  costUsd: number;
  costMicroUsd: number;
  costByTierUsd: Record<string, number>;
  costByModelUsd: Record<string, number>;
  attempts: number;
  /** Items (ok or failed) with an attempt on a tier above the one they started on. */
  escalated: number;
  /** escalated / (ok + failed); 0 when nothing ran. */
  escalationRate: number;
  /** What the ok items' successful tokens would have cost on the route's top tier. */
  baselineCostUsd: number;
  /** 1 − costUsd / baselineCostUsd, in percent (every spend counted, failed items' included); null with no baseline. */
  savingsPct: number | null;
  outputs: BatchOutputs;
  runs: number;
  /** Workflow time from the first run's start to the end. */
  durationMs: number;
  /** Why it stopped early (cancel reason, budget), when it did. */
  stopReason?: string;
  /**
   * What provider batch mode saved: its attempts' cost at the batch rate against the same tokens at synchronous
   * prices. Absent when no item ran in a provider batch.
   */
  providerBatch?: { items: number; costUsd: number; syncCostUsd: number; savedUsd: number };
}

/** Progress of a batch: counts, cost so far and projected. */
export const batchProgressQuery = defineQuery<BatchProgress>('progress');
/** A batch's control signals are every long-running workflow's: `pause`, `resume`, `cancel` (definitions/control.ts). */
export {
  pauseSignal as pauseBatchSignal,
  resumeSignal as resumeBatchSignal,
  cancelSignal as cancelBatchSignal,
} from '../../definitions/control';
