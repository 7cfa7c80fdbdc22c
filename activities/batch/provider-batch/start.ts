/**
 * `startProviderBatch`: uploads a chunk's JSONL and creates its batch, idempotently: it first looks for a batch that
 * carries the same key in its metadata (a submission retried after a crash).
 */
import { Context } from '@temporalio/activity';
import { toFile } from 'openai';
import { PROVIDER_BATCH_METADATA_KEY } from '../../../routing/provider-batch';
import type { ProviderBatchPage } from '../../../workflows/batch/definitions';
import type { ProviderClients } from '../../cascade/providers';
import { candidateOf, pageRequests } from './page';

/** Most recent batches looked through for an earlier submission of the same key. */
const MAX_LISTED_BATCHES = 2_000;

/** Uploads the chunk's JSONL and creates its batch, unless a batch with this key exists (a retried submission). */
export function createStartProviderBatch(clients: ProviderClients) {
  return async function startProviderBatch(input: {
    page: ProviderBatchPage;
    ids: string[];
    key: string;
  }): Promise<string> {
    const client = clients.get(candidateOf(input.page).provider);
    let seen = 0;
    // Newest first: a batch this submission created before a crash is among the latest, so the scan stops early.
    for await (const existing of client.batches.list({ limit: 100 })) {
      if (existing.metadata?.[PROVIDER_BATCH_METADATA_KEY] === input.key) return existing.id;
      if (++seen >= MAX_LISTED_BATCHES) break;
    }
    const wanted = new Set(input.ids);
    const lines = pageRequests(input.page).filter((request) => wanted.has(request.id));
    const jsonl = lines.map((request) => request.line).join('\n') + '\n';
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl), `${input.key.replace(/[^\w.-]+/g, '_')}.jsonl`),
      purpose: 'batch',
    });
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { [PROVIDER_BATCH_METADATA_KEY]: input.key },
    });
    Context.current().log.info('provider batch created', { providerBatchId: created.id, requests: lines.length });
    return created.id;
  };
}
