/** "did you mean …" for a misspelt key of a catalog file: the nearest key the file schema knows. */
import type { z } from 'zod';
import {
  catalogFileSchema,
  longContextFileSchema,
  modelFileSchema,
  priceFileSchema,
  providerFileSchema,
  routeFileSchema,
  startRuleFileSchema,
  tierFileSchema,
  tierOptionsFileSchema,
} from './file-schema';

const KNOWN_KEYS: readonly string[] = [
  ...new Set(
    [
      catalogFileSchema,
      providerFileSchema,
      longContextFileSchema,
      priceFileSchema,
      modelFileSchema,
      tierOptionsFileSchema,
      tierFileSchema,
      startRuleFileSchema,
      routeFileSchema,
    ].flatMap((schema: { shape: Record<string, z.ZodType> }) => Object.keys(schema.shape)),
  ),
];

/** The known key closest to `key` (same letters in another case, or at most 2 edits apart), if any. */
export function suggestKey(key: string, known: readonly string[] = KNOWN_KEYS): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = known.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.min(2, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
