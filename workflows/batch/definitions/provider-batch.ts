/** What the provider-batch activities and the batch workflow exchange about a page sent as provider batches. */
import type { CheckSpec } from '../../../catalog/checks';
import type { StartRule } from '../../../catalog/types';
import type { RoutePlan } from '../../../routing/types';
import type { AttemptRecord, CallModelResult, OutputSchema } from '../../definitions';
import type { BatchItemRef, BatchOutputs, BatchSource } from './source';

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
