/**
 * OpenAI's `image_url` and `file` content parts at the front door: read from the body (pure), then stored through
 * the gateway's media store before the cascade starts, so the workflow receives references and never the bytes.
 */
import type { MediaPart } from '../catalog/media';
import type { ChatMessage } from '../workflows/definitions';
import { badRequest } from './errors';

/** An image or PDF of a request, as sent: a data URL (stored by the gateway) or an https URL (fetched by the provider). */
export interface PendingMedia {
  /** Index of its message. */
  message: number;
  source: { dataUrl: string } | { url: string };
  detail?: MediaPart['detail'];
}

/** Stores a part's bytes and measures them (the serving process's blob store); an https URL passes as it is. */
export type MediaStoring = (
  source: PendingMedia['source'],
  options: { detail?: MediaPart['detail'] },
) => Promise<MediaPart>;

const DETAILS = new Set(['low', 'high', 'auto']);

/** The pending part of an `image_url` or `file` content part, or undefined for any other part. */
export function pendingMedia(part: Record<string, unknown>, where: string): Omit<PendingMedia, 'message'> | undefined {
  if (part.type === 'image_url') {
    const image = (part.image_url ?? {}) as { url?: unknown; detail?: unknown };
    if (typeof image.url !== 'string') throw badRequest(`${where}.image_url.url must be a string`, where);
    if (image.detail !== undefined && !DETAILS.has(image.detail as string))
      throw badRequest(`${where}.image_url.detail must be low, high or auto`, where);
    const detail = image.detail as MediaPart['detail'];
    if (image.url.startsWith('data:')) return { source: { dataUrl: image.url }, ...(detail && { detail }) };
    if (image.url.startsWith('https://')) return { source: { url: image.url }, ...(detail && { detail }) };
    throw badRequest(`${where}.image_url.url must be a data URL or an https URL`, where);
  }
  if (part.type === 'file') {
    const file = (part.file ?? {}) as { file_data?: unknown; file_id?: unknown };
    if (typeof file.file_data !== 'string' || !file.file_data.startsWith('data:'))
      throw badRequest(`${where}.file.file_data must be a base64 data URL (file ids are not supported)`, where);
    return { source: { dataUrl: file.file_data } };
  }
  return undefined;
}

/**
 * The messages with their parts stored and attached (in the order sent). A gateway without a media store, or a part
 * that is not a PNG, JPEG, WebP, GIF or PDF, is a 400 that says so.
 */
export async function attachMedia(
  messages: readonly ChatMessage[],
  pending: readonly PendingMedia[],
  store: MediaStoring | undefined,
): Promise<ChatMessage[]> {
  if (pending.length === 0) return [...messages];
  if (!store) throw badRequest('this gateway accepts no images or files: it was started without a media store');
  const attached = messages.map((message) => ({ ...message }));
  for (const part of pending) {
    let stored: MediaPart;
    try {
      stored = await store(part.source, { ...(part.detail && { detail: part.detail }) });
    } catch (error) {
      // The sender's fault (not an image, a bad data URL) is a 400; a store that failed is the gateway's own error.
      if ((error as Error).name !== 'MediaInputError') throw error;
      throw badRequest(`messages[${part.message}]: ${(error as Error).message}`, `messages[${part.message}].content`);
    }
    const message = attached[part.message]!;
    message.media = [...(message.media ?? []), stored];
  }
  return attached;
}
