/** `cancelProviderBatch`: asks the provider to cancel a batch (lines not yet run are not billed). */
import type { ProviderClients } from '../../cascade/providers';

/** Asks the provider to cancel the batch (lines not yet run are not billed). */
export function createCancelProviderBatch(clients: ProviderClients) {
  return async function cancelProviderBatch(input: { provider: string; providerBatchId: string }): Promise<string> {
    const batch = await clients.get(input.provider).batches.cancel(input.providerBatchId);
    return batch.status;
  };
}
