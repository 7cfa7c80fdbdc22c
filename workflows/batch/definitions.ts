/**
 * Wire types, queries and signals of batch extraction. JSON-safe and sandbox-safe: imported by the batch
 * workflows, the batch activities and the client. Documents never appear here, only ids and locators.
 */
import type { CheckSpec } from '../../catalog/checks';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RoutePlan, StartRule } from '../../catalog/types';
import type { AttemptRecord, CallModelResult, OutputSchema } from '../definitions';

/** Where a batch's items come from. `path` is absolute (resolved by the client). */
export interface BatchSource {
  /** `jsonl`: one item per line; `json`: one array; `dir`: one item per (non-hidden) file, sorted by name. */
  kind: 'jsonl' | 'json' | 'dir';
  path: string;
}

/** Where results and failures go: JSONL files, one line per item, appended through the idempotent sink. */
export interface BatchOutputs {
  resultsPath: string;
  errorsPath: string;
}

/** A position in the source: the 0-based entry index, and for JSONL the byte offset of that line. */
export interface BatchCursor {
  index: number;
  /** Byte offset of the entry (JSONL only; 0 otherwise). */
  offset: number;
}

/** One item as the parent sees it: an id and where to find it. Never the document itself. */
export interface BatchItemRef {
  id: string;
  at: BatchCursor;
  /** File name, for `dir` sources. */
  file?: string;
}

/** A page of items, with the cursor after it. */
export interface BatchPage {
  items: BatchItemRef[];
  next: BatchCursor;
  /** True when the source has no items past `next`. */
  exhausted: boolean;
  /** Items of this page left out because their id is already in the results or errors file (an earlier run). */
  skipped: number;
}

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

export type { BatchPlan, BatchPlanRequest } from '../../catalog/request';

/** Input of `batchWorkflow`. Built and checked by the client (`startBatch`), never by hand. */
export interface BatchInput {
  batchId: string;
  source: BatchSource;
  outputs: BatchOutputs;
  task: string;
  schema: OutputSchema;
  /** System instructions placed before each document. @default the task's instructions in the worker's catalog */
  instructions?: string;
  /**
   * The route, planned once by the worker's catalog at the batch's start; the same for every item (prices
   * included). Absent in a client's request; carried by continued runs and by histories recorded before the
   * worker planned routes (then resolved by the client).
   */
  route?: RoutePlan;
  /** The route's start rules, evaluated per item on its own text and size; absent: every item starts at `route.startTier`. */
  startRules?: StartRule[];
  /** Start every item at this tier by name, instead of the route's start rules (planned with the route). */
  startTier?: string;
  /** Items in flight at once (child workflows). @default 16 */
  concurrency?: number;
  /** Budget of the whole batch, USD; no item starts once spent + reserved reaches it. Absent: unbounded. */
  maxCostUsd?: number;
  /** Items read per page. @default 100 */
  pageSize?: number;
  /** Each item's cascade: longest total wait for providers to come back (see `CascadeInput.maxWaitMs`). */
  maxWaitMs?: number;
  /** Rounds an item that failed for a transient reason is run again later in the same batch. @default 2 */
  retryRounds?: number;
  /** First retry round's delay, ms; doubles per round. @default 30000 */
  retryDelayMs?: number;
  /** Run again items whose earlier run ended in a terminal error line (a rerun normally skips them). */
  retryFailed?: boolean;
  /** Continue as new once history passes this many events, or when the server suggests it. @default 10000 */
  maxHistoryEvents?: number;
  /** Upsert typed search attributes (they must be registered on the namespace). @default true */
  searchAttributes?: boolean;
  /** Checks every item's answer must pass (the task's and the request's). */
  checks?: CheckSpec[];
  /** false: no schema field list in the system prompt. @default true */
  schemaInPrompt?: boolean;
  /** Run the route's first tier as provider batches (`--provider-batch`); a catalog tier may also set `mode`. */
  providerBatch?: boolean;
  /** First wait between provider batch status polls, ms (doubles per poll, capped at 15 min). @default 1000 */
  providerBatchPollMs?: number;
  /**
   * Run each item as a child workflow (`batchItemWorkflow`, id `<batch id>/<item id>`): a page per item in the
   * Temporal UI, at about 1.5× the server work per item. By default items run inline: their attempts are
   * activities of the batch workflow, and the batch's page, report and files show them. @default false
   */
  itemWorkflows?: boolean;
  /** The sender's catalog fingerprint: a worker planning with another catalog refuses the batch before any call. */
  expectedCatalogFingerprint?: string;
  /** Set by continue-as-new; absent on the first run. */
  carried?: BatchCarriedState;
}

/** A batch whose route is planned: what the batch loop runs on. */
export type PlannedBatchInput = BatchInput & { route: RoutePlan };

/** Input of `batchItemWorkflow`: one item, by locator. */
export interface BatchItemInput {
  batchId: string;
  item: BatchItemRef;
  source: BatchSource;
  outputs: BatchOutputs;
  task: string;
  schema: OutputSchema;
  instructions?: string;
  route: RoutePlan;
  startRules?: StartRule[];
  /** The item's grant from the batch budget, USD: it never spends more. */
  maxCostUsd?: number;
  maxWaitMs?: number;
  searchAttributes?: boolean;
  checks?: CheckSpec[];
  schemaInPrompt?: boolean;
  /** The item's answer from a provider batch, spooled by `collectProviderBatch`: the cascade goes on from it. */
  providerBatch?: { spoolPath: string };
}

/** A page of items sent (or about to be sent) as provider batches: what every provider-batch activity reloads. */
export interface ProviderBatchPage {
  source: BatchSource;
  outputs: BatchOutputs;
  items: BatchItemRef[];
  schema: OutputSchema;
  instructions?: string;
  route: RoutePlan;
  startRules?: StartRule[];
  /** The provider-batch tier. */
  tierIndex: number;
  checks?: CheckSpec[];
  schemaInPrompt?: boolean;
}

/** How a page splits into provider batches, and what each may cost at most (the batch-priced worst case). */
export interface ProviderBatchPlan {
  chunks: { ids: string[]; worstCaseMicroUsd: number }[];
}

/** A provider batch as last seen. */
export interface ProviderBatchStatus {
  providerBatchId: string;
  status: string;
  completed: number;
  failed: number;
  total: number;
}

/** One item's answer from a provider batch, as spooled for its item workflow. */
export interface ProviderBatchAnswer {
  id: string;
  /** The batch attempt's ledger row (with the provider's batch id and the custom id). */
  attempt: AttemptRecord;
  /** The judged answer of a billed line, for the cascade to go on from (repair re-asks quote it). */
  result?: CallModelResult;
}

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
/** Stop starting new items until `resume`; items in flight finish. */
export const pauseBatchSignal = defineSignal('pause');
export const resumeBatchSignal = defineSignal('resume');
/** Stop starting new items, let those in flight finish, and report what was left undone. */
export const cancelBatchSignal = defineSignal<[reason?: string]>('cancel');
