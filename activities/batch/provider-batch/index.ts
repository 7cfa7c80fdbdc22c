/**
 * The provider-batch activities: a page's first-tier attempts sent as one provider batch (OpenAI's Files + Batches
 * wire format), one activity per file: plan (split under the provider's limits), start (idempotent submission),
 * poll, cancel, collect (judge, price and spool the answers) and load-answer (one item's answer from the spool).
 */
import type { CheckFunction } from '../../checks';
import type { ProviderClients } from '../../cascade/providers';
import { createCancelProviderBatch } from './cancel';
import { createCollectProviderBatch } from './collect';
import { createLoadProviderBatchAnswer } from './load-answer';
import { createPlanProviderBatch } from './plan';
import { createPollProviderBatch } from './poll';
import { createStartProviderBatch } from './start';
import type { AnswerSpool } from './spool';

export { AnswerSpool } from './spool';

export interface ProviderBatchDeps {
  clients: ProviderClients;
  checks?: Readonly<Record<string, CheckFunction>>;
  /** Where collected answers wait for their items: the worker's blob store. */
  spool: AnswerSpool;
}

export function createProviderBatchActivities({ clients, checks, spool }: ProviderBatchDeps) {
  return {
    planProviderBatch: createPlanProviderBatch(),
    startProviderBatch: createStartProviderBatch(clients),
    pollProviderBatch: createPollProviderBatch(clients),
    cancelProviderBatch: createCancelProviderBatch(clients),
    collectProviderBatch: createCollectProviderBatch(clients, checks, spool),
    loadProviderBatchAnswer: createLoadProviderBatchAnswer(spool),
  };
}

export type ProviderBatchActivities = ReturnType<typeof createProviderBatchActivities>;
