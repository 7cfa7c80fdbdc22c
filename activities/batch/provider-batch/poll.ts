/** `pollProviderBatch`: the cheap status read the batch workflow polls with back-off. */
import type { ProviderBatchStatus } from '../../../workflows/batch/definitions';
import type { ProviderClients } from '../../cascade/providers';

/** The batch's status: the cheap read the workflow polls with back-off. */
export function createPollProviderBatch(clients: ProviderClients) {
  return async function pollProviderBatch(input: {
    provider: string;
    providerBatchId: string;
  }): Promise<ProviderBatchStatus> {
    const batch = await clients.get(input.provider).batches.retrieve(input.providerBatchId);
    const counts = batch.request_counts ?? { completed: 0, failed: 0, total: 0 };
    return { providerBatchId: batch.id, status: batch.status, ...counts };
  };
}
