/** The batch workflow's input (built and checked by the client) and an item's. JSON-safe, sandbox-safe. */
import type { CheckSpec } from '../../../catalog/checks';
import type { StartRule } from '../../../catalog/types';
import type { RoutePlan } from '../../../routing/types';
import type { OutputSchema } from '../../definitions';
import type { BatchCarriedState } from './carried';
import type { BatchItemRef, BatchOutputs, BatchSource } from './source';

export type { BatchPlan, BatchPlanRequest } from '../../../routing/request';

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
