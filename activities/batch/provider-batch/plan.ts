/** `planProviderBatch`: splits a page's batchable items into batch files within the provider's limits. */
import { splitBatchRequests } from '../../../routing/provider-batch';
import type { ProviderBatchPage, ProviderBatchPlan } from '../../../workflows/batch/definitions';
import { candidateOf, pageRequests } from './page';

/** Splits a page's batchable items (loaded, starting at the batch tier) into batch files within the limits. */
export function createPlanProviderBatch() {
  return async function planProviderBatch(page: ProviderBatchPage): Promise<ProviderBatchPlan> {
    const requests = pageRequests(page);
    const { batch } = candidateOf(page);
    const split = splitBatchRequests(
      requests.map((request) => Buffer.byteLength(request.line) + 1),
      batch,
    );
    return {
      chunks: split.chunks.map((chunk) => ({
        ids: chunk.map((index) => requests[index]!.id),
        worstCaseMicroUsd: chunk.reduce((sum, index) => sum + requests[index]!.worstCaseMicroUsd, 0),
      })),
    };
  };
}
