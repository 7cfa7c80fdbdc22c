/**
 * The fake provider's reading of images and PDFs: each `image_url` and `file` part of a request is measured from its
 * own bytes (image-size, pdf-lib) and counted by the model's rule (catalog/media.ts), as a real provider bills them:
 * inside `prompt_tokens`, and apart as `prompt_tokens_details.image_tokens`. A model with no rule for a part answers
 * 400, as a text-only model does.
 */
import { imageSize } from 'image-size';
import { PDFDocument } from 'pdf-lib';
import { imageTokens, type MediaPricing } from '../catalog/media';

/** What a request's media cost a model, or why the model refuses them. */
export type FakeMediaCount = { tokens: number; images: number; pdfPages: number } | { refused: string };

function base64Of(dataUrl: string): Buffer | undefined {
  const match = /^data:[\w.+/-]+;base64,(.*)$/s.exec(dataUrl);
  return match ? Buffer.from(match[1]!, 'base64') : undefined;
}

/** Counts the media parts of a Chat Completions body under `pricing` (absent: the model reads no media). */
export async function countMedia(body: unknown, pricing: MediaPricing | undefined): Promise<FakeMediaCount> {
  const messages = ((body ?? {}) as { messages?: unknown }).messages;
  const parts = (Array.isArray(messages) ? messages : []).flatMap((message: { content?: unknown }) =>
    Array.isArray(message?.content) ? (message.content as Record<string, unknown>[]) : [],
  );
  let tokens = 0;
  let images = 0;
  let pdfPages = 0;
  for (const part of parts) {
    if (part?.type === 'image_url') {
      if (!pricing?.image) return { refused: 'this model does not read images' };
      const image = (part.image_url ?? {}) as { url?: string; detail?: 'low' | 'high' | 'auto' };
      const bytes = image.url ? base64Of(image.url) : undefined;
      // An https image is not fetched here: priced at the rule's worst case, as the cascade reserved.
      const size = bytes ? imageSize(bytes) : undefined;
      tokens += imageTokens(pricing.image, { width: size?.width, height: size?.height, detail: image.detail });
      images++;
    } else if (part?.type === 'file') {
      if (pricing?.pdfPageTokens === undefined) return { refused: 'this model does not read PDF files' };
      const bytes = base64Of(String((part.file as { file_data?: unknown } | undefined)?.file_data ?? ''));
      if (!bytes) return { refused: 'file_data must be a base64 data URL' };
      const pages = (await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })).getPageCount();
      tokens += pricing.pdfPageTokens * pages;
      pdfPages += pages;
    }
  }
  return { tokens, images, pdfPages };
}
