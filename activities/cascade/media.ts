/**
 * The bytes behind a call's media references: read from the worker's blob store (decrypted when encryption is on)
 * just before the HTTP call, as data URLs for the request body. They never leave the activity: history, the ledger
 * and the logs see only the parts' hashes and sizes.
 */
import type { MediaStore } from '../../blobs';
import type { ChatMessage } from '../../workflows/definitions';

/** Data URLs of every stored part of `messages`, by hash; empty when there are none. */
export async function readMediaData(
  messages: readonly ChatMessage[],
  store: MediaStore | undefined,
): Promise<Map<string, string>> {
  const data = new Map<string, string>();
  for (const part of messages.flatMap((message) => message.media ?? [])) {
    if (!part.blob || data.has(part.blob.hash)) continue;
    if (!store) throw new Error('a request with stored media, but these activities were built without a blob store');
    const bytes = await store.get(part.blob.hash);
    data.set(part.blob.hash, `data:${part.mediaType};base64,${Buffer.from(bytes).toString('base64')}`);
  }
  return data;
}

/** The text of an OpenAI message's content, without its media parts (what a text token count should read). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: unknown; text?: unknown }) =>
      part?.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('\n');
}
