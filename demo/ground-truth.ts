/**
 * The demo's ground truth: for each document the values a correct extraction has (`demo/data/expected.jsonl`,
 * written by hand from the documents; a field is left out where the document is ambiguous), and the scoring of
 * results against it: field accuracy, and documents whose every expected field is right.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../server/temporal-cli';

/** The fields the demo scores. */
export const SCORED_FIELDS = ['docType', 'documentNumber', 'issueDate', 'currency', 'total'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];
export type Expected = Partial<Record<ScoredField, string | number>>;

export function expectedPath(): string {
  return join(findProjectRoot(), 'demo', 'data', 'expected.jsonl');
}

/** Expected values by document id. */
export function loadExpected(path = expectedPath()): Map<string, Expected> {
  const map = new Map<string, Expected>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id: string; expected: Expected };
    map.set(row.id, row.expected);
  }
  return map;
}

/** Whether an extracted value is the expected one: numbers to the cent, strings exactly (trimmed). */
export function fieldCorrect(expected: string | number, actual: unknown): boolean {
  if (typeof expected === 'number') return typeof actual === 'number' && Math.abs(actual - expected) < 0.005;
  return typeof actual === 'string' && actual.trim() === expected;
}

export interface Accuracy {
  /** Results scored (documents with expected values that produced an answer). */
  scored: number;
  /** Results whose every expected field is right. */
  correct: number;
  /** Per field: right / expected. */
  fields: Record<string, { right: number; of: number }>;
  /** Ids of results with at least one wrong field. */
  wrongIds: string[];
}

/** Scores outputs (by id) against the expected values. */
export function scoreResults(outputs: Map<string, unknown>, expected: Map<string, Expected>): Accuracy {
  const fields: Accuracy['fields'] = {};
  let scored = 0;
  let correct = 0;
  const wrongIds: string[] = [];
  for (const [id, output] of outputs) {
    const want = expected.get(id);
    if (!want) continue;
    scored++;
    let allRight = true;
    for (const [field, value] of Object.entries(want)) {
      const tally = (fields[field] ??= { right: 0, of: 0 });
      tally.of++;
      const right = fieldCorrect(value, (output as Record<string, unknown> | null)?.[field]);
      if (right) tally.right++;
      else allRight = false;
    }
    if (allRight) correct++;
    else wrongIds.push(id);
  }
  return { scored, correct, fields, wrongIds };
}
