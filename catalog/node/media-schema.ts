/** The catalog file's media keys of a model: what it reads and what images and PDF pages cost it (catalog/media.ts). */
import { z } from 'zod';

const mediaTokenCount = z.number().int().positive().max(100_000, 'must be at most 100000 tokens');
/** An image pricing rule (catalog/media.ts): OpenAI's tiles, Anthropic's pixel area, Gemini's flat count. */
export const imageRuleFileSchema = z.discriminatedUnion('rule', [
  z.strictObject({
    rule: z.literal('tiles'),
    baseTokens: mediaTokenCount,
    tileTokens: mediaTokenCount,
    tileSize: z.number().int().positive(),
    maxSide: z.number().int().positive(),
    shortSide: z.number().int().positive(),
  }),
  z.strictObject({
    rule: z.literal('area'),
    pixelsPerToken: z.number().positive(),
    maxSide: z.number().int().positive(),
    maxTokens: mediaTokenCount,
  }),
  z.strictObject({ rule: z.literal('flat'), tokensPerImage: mediaTokenCount }),
]);

export const mediaPricingFileSchema = z.strictObject({
  image: imageRuleFileSchema.optional(),
  pdfPageTokens: mediaTokenCount.optional(),
});

/** A model that reads images or PDFs must say what they cost: a missing price is never a silent zero. */
export function mediaRules(
  model: { reads?: ('vision' | 'pdf')[]; media?: z.infer<typeof mediaPricingFileSchema> },
  context: z.RefinementCtx,
): void {
  if (model.reads?.includes('vision') && !model.media?.image)
    context.addIssue({
      code: 'custom',
      message: 'reads "vision" but has no media.image pricing rule (tiles, area or flat)',
      path: ['media', 'image'],
    });
  if (model.reads?.includes('pdf') && !model.media?.pdfPageTokens)
    context.addIssue({
      code: 'custom',
      message: 'reads "pdf" but has no media.pdfPageTokens',
      path: ['media', 'pdfPageTokens'],
    });
}
