/**
 * The demo's ground truth: for each document the values a correct extraction has (`demo/data/expected.jsonl`,
 * written by hand from the documents; a field is left out where the document is ambiguous). Reading and scoring
 * are the library's (`inputs/labels.ts`, `inputs/score.ts`): `llm-cascade batch` scores any labelled input the same way.
 */
import { join } from 'node:path';
import { readLabels } from '../inputs/labels';
import { valueCorrect } from '../inputs/score';
import { findProjectRoot } from '../server/temporal-cli';

/** The fields the demo scores. */
export const SCORED_FIELDS = ['docType', 'documentNumber', 'issueDate', 'currency', 'total'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];
export type Expected = Partial<Record<ScoredField, string | number>>;

export function expectedPath(): string {
  return join(findProjectRoot(), 'demo', 'data', 'expected.jsonl');
}

/** Expected values by document id (lines of `{ "id": …, "expected": {…} }`). */
export function loadExpected(path = expectedPath()): Map<string, Expected> {
  return readLabels(path, 'demo expected values') as Map<string, Expected>;
}

/** Whether an extracted value is the expected one: numbers to the cent, strings exactly (trimmed). */
export function fieldCorrect(expected: string | number, actual: unknown): boolean {
  return valueCorrect(expected, actual);
}
