/**
 * A request's image or PDF, from a file, bytes, a data URL or an https URL, as the `MediaPart` a message carries:
 * the bytes are checked (their own header decides the format, never a file name), measured (image-size reads the
 * dimensions pricing needs, pdf-lib the page count) and stored in the blob store; an https URL is passed on for the
 * provider to fetch, priced at its rule's worst case.
 */
import { readFile } from 'node:fs/promises';
import { imageSize } from 'image-size';
import { PDFDocument } from 'pdf-lib';
import type { MediaPart } from '../catalog/media';
import type { MediaStore } from './media';

/** Where a part comes from: exactly one of these. */
export type MediaSource =
  | { path: string }
  | { bytes: Uint8Array }
  | { dataUrl: string }
  /** An https URL the provider fetches itself (images only); nothing is stored. */
  | { url: string };

export interface MediaOptions {
  /** OpenAI's detail level of an image (`low` costs a flat 85 tokens there). @default 'auto' */
  detail?: MediaPart['detail'];
}

/** Largest part accepted: providers take about 20 MB per image and 32 MB per PDF request. */
export const MAX_MEDIA_BYTES = 32 * 1024 * 1024;

const IMAGE_TYPES: Record<string, MediaPart['mediaType']> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** Thrown for a part that cannot be sent: the message says what to fix. */
export class MediaInputError extends Error {
  override readonly name = 'MediaInputError';
}

/** The bytes of a source that has some (file, bytes, data URL). */
async function bytesOf(source: Exclude<MediaSource, { url: string }>): Promise<Uint8Array> {
  if ('path' in source) return readFile(source.path);
  if ('bytes' in source) return source.bytes;
  const match = /^data:[\w.+/-]+;base64,(.*)$/s.exec(source.dataUrl);
  if (!match) throw new MediaInputError('a data URL must be `data:<media type>;base64,<data>`');
  return Buffer.from(match[1]!, 'base64');
}

/** What the bytes are, by their own header, with the facts pricing needs; throws for anything else. */
export async function measureMedia(bytes: Uint8Array): Promise<Omit<MediaPart, 'blob' | 'url'>> {
  if (bytes.length === 0) throw new MediaInputError('the part is empty');
  if (bytes.length > MAX_MEDIA_BYTES)
    throw new MediaInputError(`the part is ${(bytes.length / 1e6).toFixed(1)} MB, over the 32 MB providers accept`);
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') {
    try {
      const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
      return { kind: 'pdf', mediaType: 'application/pdf', pages: pdf.getPageCount() };
    } catch (error) {
      throw new MediaInputError(`the PDF does not parse: ${(error as Error).message}`);
    }
  }
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw new MediaInputError('not a PNG, JPEG, WebP or GIF image, nor a PDF (read from the bytes themselves)');
  }
  const mediaType = size.type ? IMAGE_TYPES[size.type] : undefined;
  if (!mediaType) throw new MediaInputError(`images must be PNG, JPEG, WebP or GIF, not ${size.type ?? 'unknown'}`);
  return { kind: 'image', mediaType, width: size.width, height: size.height };
}

/** The part of an https URL: priced at its rule's worst case (the size is not known before the provider fetches it). */
export function urlPart(url: string, options: MediaOptions = {}): MediaPart {
  if (!url.startsWith('https://')) throw new MediaInputError('a URL part must be https:// (send local files as bytes)');
  const path = new URL(url).pathname.toLowerCase();
  const ext = path.slice(path.lastIndexOf('.') + 1);
  const mediaType = IMAGE_TYPES[ext === 'jpeg' ? 'jpg' : ext] ?? 'image/jpeg';
  return { kind: 'image', mediaType, url, ...(options.detail && { detail: options.detail }) };
}

/**
 * Stores a part's bytes in `store` and returns the reference a message carries (`messages[i].media` or a request's
 * `media`); an https URL is returned as a URL part without storing anything.
 */
export async function storeMedia(
  store: MediaStore,
  source: MediaSource,
  options: MediaOptions = {},
): Promise<MediaPart> {
  if ('url' in source) return urlPart(source.url, options);
  const bytes = await bytesOf(source);
  const facts = await measureMedia(bytes);
  const blob = await store.put(bytes);
  return { ...facts, blob, ...(facts.kind === 'image' && options.detail && { detail: options.detail }) };
}

/** {@link storeMedia} on one store, as the gateway takes it (`startGateway({ storeMedia })`). */
export function mediaStoring(store: MediaStore) {
  return (source: MediaSource, options: MediaOptions = {}) => storeMedia(store, source, options);
}
