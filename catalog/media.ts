/**
 * Images and PDFs in a prompt: what a model reads, and what each part costs it in input tokens by its provider's
 * own rule, as data. Pure and sandbox-safe: planning rules out models that cannot read a request's parts and prices
 * the worst case before any call; the fake provider bills by the same rules, so tests can hold ledger = bill.
 */

/** What a model reads besides text: `vision` (images), `pdf` (PDF documents, natively). */
export type MediaCapability = 'vision' | 'pdf';

/** Image formats a request may carry (what the major providers accept). */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/**
 * OpenAI's rule: `low` detail is `baseTokens`; otherwise the image is scaled to fit `maxSide` x `maxSide`, then its
 * short side down to `shortSide`, and each `tileSize` tile costs `tileTokens` on top of the base (85 + 170 per tile).
 */
export interface TileImageRule {
  rule: 'tiles';
  baseTokens: number;
  tileTokens: number;
  tileSize: number;
  maxSide: number;
  shortSide: number;
}

/** Anthropic's rule: scaled to fit `maxSide` on its long edge, then width x height / `pixelsPerToken`, at most `maxTokens`. */
export interface AreaImageRule {
  rule: 'area';
  pixelsPerToken: number;
  maxSide: number;
  maxTokens: number;
}

/** Gemini's rule: a flat count per image, whatever its size. */
export interface FlatImageRule {
  rule: 'flat';
  tokensPerImage: number;
}

export type ImageRule = TileImageRule | AreaImageRule | FlatImageRule;

/** A model's media prices: images by its rule, PDF pages at a count per page; billed at the input-token price. */
export interface MediaPricing {
  image?: ImageRule;
  /** Input tokens one PDF page costs at most (text and page image together, as the provider bills it). */
  pdfPageTokens?: number;
}

/**
 * An image or PDF of a message, by reference: its bytes are in the worker's blob store (`blob`: a content hash,
 * keyed when encryption is on, so the name reveals nothing), or at an https `url` the provider fetches. Only this
 * reference and the facts pricing needs enter history; the `callModel` activity reads the bytes.
 */
export interface MediaPart {
  kind: 'image' | 'pdf';
  /** `image/png`, `image/jpeg`, `image/webp`, `image/gif` or `application/pdf`. */
  mediaType: string;
  blob?: { hash: string; bytes: number };
  url?: string;
  /** Pixels, read from the image's header when it was stored (absent for a URL: priced at the rule's worst case). */
  width?: number;
  height?: number;
  /** Pages of a PDF. */
  pages?: number;
  /** OpenAI's detail level of an image. @default 'auto' */
  detail?: 'low' | 'high' | 'auto';
}

/** What planning and pricing read of a part. */
export type MediaFacts = MediaPart;

/** The capability a part needs. */
export function capabilityOf(part: Pick<MediaFacts, 'kind'>): MediaCapability {
  return part.kind === 'image' ? 'vision' : 'pdf';
}

/** The capabilities a request's messages need, in a stable order. */
export function mediaNeeds(messages: readonly { media?: readonly MediaFacts[] }[]): MediaCapability[] {
  const needs = new Set(messages.flatMap((message) => (message.media ?? []).map(capabilityOf)));
  return (['vision', 'pdf'] as const).filter((need) => needs.has(need));
}

/** Scales (w, h) down, never up, so that neither side passes `limit`. */
function fitWithin(width: number, height: number, limit: number): [number, number] {
  const scale = Math.min(1, limit / Math.max(width, height));
  return [Math.floor(width * scale), Math.floor(height * scale)];
}

/**
 * Input tokens one image costs under `rule`. Dimensions unknown (an https URL the provider fetches): the rule's
 * largest possible count, so a reservation never falls short.
 */
export function imageTokens(rule: ImageRule, image: Pick<MediaFacts, 'width' | 'height' | 'detail'>): number {
  const { width, height } = image;
  const known = width !== undefined && height !== undefined && width > 0 && height > 0;
  switch (rule.rule) {
    case 'flat':
      return rule.tokensPerImage;
    case 'area': {
      if (!known) return rule.maxTokens;
      const [w, h] = fitWithin(width, height, rule.maxSide);
      return Math.min(rule.maxTokens, Math.ceil((w * h) / rule.pixelsPerToken));
    }
    case 'tiles': {
      if (image.detail === 'low') return rule.baseTokens;
      if (!known) {
        const tiles = Math.ceil(rule.shortSide / rule.tileSize) * Math.ceil(rule.maxSide / rule.tileSize);
        return rule.baseTokens + rule.tileTokens * tiles;
      }
      let [w, h] = fitWithin(width, height, rule.maxSide);
      const short = Math.min(w, h);
      if (short > rule.shortSide) {
        const scale = rule.shortSide / short;
        [w, h] = [Math.floor(w * scale), Math.floor(h * scale)];
      }
      return rule.baseTokens + rule.tileTokens * Math.ceil(w / rule.tileSize) * Math.ceil(h / rule.tileSize);
    }
  }
}

/**
 * Input tokens a request's media cost a model at most, or undefined when the model cannot read one of them (no
 * capability, or no price for it: a missing price never becomes a silent zero).
 */
export function mediaTokens(
  model: { reads?: readonly MediaCapability[]; media?: MediaPricing },
  parts: readonly MediaFacts[],
): number | undefined {
  let total = 0;
  for (const part of parts) {
    if (!model.reads?.includes(capabilityOf(part))) return undefined;
    if (part.kind === 'image') {
      if (!model.media?.image) return undefined;
      total += imageTokens(model.media.image, part);
    } else {
      if (model.media?.pdfPageTokens === undefined || part.pages === undefined) return undefined;
      total += model.media.pdfPageTokens * part.pages;
    }
  }
  return total;
}

/** The rules of the three big providers as published (Dec 2026), for catalogs to copy. */
export const IMAGE_RULES = {
  openai: { rule: 'tiles', baseTokens: 85, tileTokens: 170, tileSize: 512, maxSide: 2048, shortSide: 768 },
  anthropic: { rule: 'area', pixelsPerToken: 750, maxSide: 1568, maxTokens: 1600 },
  gemini: { rule: 'flat', tokensPerImage: 258 },
} as const satisfies Record<string, ImageRule>;

const HASH = /^[0-9a-f]{64}$/;

/** What is wrong with a message's media list (shape only: the bytes are the storing client's to check), if anything. */
export function mediaListProblem(media: unknown, role: string): string | undefined {
  if (!Array.isArray(media)) return 'must be a list of parts';
  if (media.length > 0 && role !== 'user') return `only user messages carry media, not ${role} messages`;
  for (const [index, raw] of media.entries()) {
    const part = (raw ?? {}) as Record<string, unknown>;
    const at = `[${index}]`;
    if (part.kind !== 'image' && part.kind !== 'pdf') return `${at}.kind must be "image" or "pdf"`;
    const types: readonly unknown[] = part.kind === 'image' ? IMAGE_MEDIA_TYPES : ['application/pdf'];
    if (!types.includes(part.mediaType)) return `${at}.mediaType must be one of ${types.join(', ')}`;
    const blob = part.blob as { hash?: unknown } | undefined;
    const url = part.url;
    if ((blob === undefined) === (url === undefined)) return `${at} needs exactly one of blob (stored bytes) or url`;
    if (blob !== undefined && !(typeof blob.hash === 'string' && HASH.test(blob.hash)))
      return `${at}.blob.hash must be a stored part's hash: store the bytes with storeMedia()`;
    if (url !== undefined && !(typeof url === 'string' && url.startsWith('https://')))
      return `${at}.url must be an https URL the provider can fetch (send local files as bytes: storeMedia())`;
    if (part.kind === 'pdf' && !(Number.isInteger(part.pages) && (part.pages as number) > 0))
      return `${at}.pages must be the PDF's page count (storeMedia() reads it)`;
    if (part.kind === 'pdf' && url !== undefined) return `${at}: a PDF is sent as stored bytes, not a URL`;
    if (part.detail !== undefined && !['low', 'high', 'auto'].includes(part.detail as string))
      return `${at}.detail must be low, high or auto`;
  }
  return undefined;
}
