/** String grounding: a value occurs in the input once case, accents, punctuation and whitespace are normalised. */

/** Lower case, accents dropped, every run of non-letters/digits one space, padded so matches are whole words. */
export function normaliseText(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded ? ` ${folded} ` : ' ';
}

/** Whether `value` occurs in `normalisedInput` (from {@link normaliseText}) as whole words; empty values pass. */
export function stringOccurs(value: string, normalisedInput: string): boolean {
  const needle = normaliseText(value);
  return needle === ' ' || normalisedInput.includes(needle);
}
