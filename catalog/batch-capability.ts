/**
 * Whether a tier can run as a provider batch: its first candidate's provider must declare a Batch API. Checked when
 * the catalog loads (mode written in the file) and when a batch is planned (`--provider-batch` on the first tier).
 */

/**
 * Why a tier cannot run as a provider batch (its first candidate's provider declares no `batch`), or undefined.
 * The first candidate runs the batch; the others stay the tier's synchronous failover.
 */
export function providerBatchProblem(
  tierName: string,
  first: { ref: string; provider: string } | undefined,
  providerHasBatch: boolean,
): string | undefined {
  if (!first) return `tier "${tierName}" has mode "provider-batch" but no candidate`;
  if (providerHasBatch) return undefined;
  return (
    `tier "${tierName}" has mode "provider-batch", but its first candidate ${first.ref} is on provider ` +
    `"${first.provider}", which declares no Batch API: add \`batch: { protocol: 'openai', maxRequests, maxBytes, ` +
    `maxInFlight }\` to that provider, or put a batch-capable candidate first`
  );
}
