/**
 * Scoring results against expected values ("labels"): field accuracy, results whose every labelled field is
 * right, and cost per correct result beside cost per valid result. Pure; used by `llm-cascade batch` and
 * `llm-cascade report --labels` on a labelled input, by the demo and by the quality benchmark.
 *
 * A label is an object of expected values by top-level field of the answer (`{ "total": 1250, "currency": "EUR" }`);
 * fields it leaves out are not scored. Numbers match to the cent, strings exactly once trimmed, `null` matches
 * `null` or a missing field, arrays element by element, objects on the keys the label names.
 */
import { microToUsd } from '../catalog/pricing';
import type { JsonValue } from '../workflows/definitions';

/** Where a labelled input item carries its expected values: `{"id": …, "text": …, "expected": {…}}`. */
export const LABEL_FIELD = 'expected';

/** An item's expected values, by top-level field of the answer. */
export type Label = Record<string, JsonValue>;

/** One line of a batch's results or errors file, as far as scoring reads it. */
export interface ResultLine {
  id: string;
  /** `ok` for a result; `failed`, `retryable` or `undone` for an error line. */
  status?: string;
  output?: unknown;
  costMicroUsd?: number;
}

export interface Score {
  /** Items that carry a label. */
  labelled: number;
  /** Labelled items with a valid (ok) result: the ones scored. */
  scored: number;
  /** Labelled items without a valid result (failed, retryable, undone or not run): not scored. */
  unanswered: number;
  /** Valid results of items without a label: not scored. */
  unlabelled: number;
  /** Scored results whose every labelled field is right. */
  correct: number;
  /** correct / labelled: the headline, over every labelled item (one without a valid result counts as wrong); null without labels. */
  accuracy: number | null;
  /** Per field: right / labelled, over every labelled item (a field of an item without a result is wrong). */
  fields: Record<string, { right: number; of: number }>;
  /** All labelled fields of every labelled item together: right / of, 0..1; null when no field is labelled. */
  fieldAccuracy: number | null;
  /** Ids of scored results with at least one wrong field. */
  wrongIds: string[];
  /** Valid (ok) results, labelled or not. */
  valid: number;
  /** Spend on every item of the files (results and error lines), micro-USD. */
  costMicroUsd: number;
  /** Spend on the labelled items (their result and error lines), micro-USD. */
  labelledCostMicroUsd: number;
  /** costMicroUsd / valid, rounded to a whole micro-USD; null without a valid result. */
  costPerValidMicroUsd: number | null;
  /** labelledCostMicroUsd / correct, whole micro-USD: what a right answer cost, failures and wrong answers included. */
  costPerCorrectMicroUsd: number | null;
  /** The same two in USD (from the whole micro-USD, so no float tail). */
  costPerValidUsd: number | null;
  costPerCorrectUsd: number | null;
}

/** Cents: money fields are compared to the cent, like the agreement gate does. */
const NUMBER_TOLERANCE = 0.005;

/** Whether an answer's value is the expected one (see the header for the rules). */
export function valueCorrect(expected: JsonValue | undefined, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === 'number') return typeof actual === 'number' && Math.abs(actual - expected) < NUMBER_TOLERANCE;
  if (typeof expected === 'string') return typeof actual === 'string' && actual.trim() === expected.trim();
  if (typeof expected === 'boolean') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((value, index) => valueCorrect(value, actual[index]))
    );
  }
  if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const object = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => valueCorrect(value, object[key]));
}

/**
 * Scores result lines against labels by id. Error lines count toward the cost only; an id with several lines
 * (a retryable failure, then a result in a later run) is scored on its result and costs the sum of its lines.
 */
export function scoreResults(lines: Iterable<ResultLine>, labels: ReadonlyMap<string, Label>): Score {
  const outputs = new Map<string, unknown>();
  let costMicroUsd = 0;
  let labelledCostMicroUsd = 0;
  for (const line of lines) {
    const cost = line.costMicroUsd ?? 0;
    costMicroUsd += cost;
    if (labels.has(line.id)) labelledCostMicroUsd += cost;
    if (line.status === 'ok' || line.status === undefined) outputs.set(line.id, line.output);
  }
  const fields: Score['fields'] = {};
  const wrongIds: string[] = [];
  let scored = 0;
  let correct = 0;
  let unlabelled = 0;
  for (const id of outputs.keys()) if (!labels.has(id)) unlabelled++;
  for (const [id, label] of labels) {
    if (!outputs.has(id)) {
      // No valid result: every labelled field of the item is wrong (the headline must not skip failures).
      for (const field of Object.keys(label)) (fields[field] ??= { right: 0, of: 0 }).of++;
      continue;
    }
    const output = outputs.get(id);
    scored++;
    let allRight = true;
    for (const [field, expected] of Object.entries(label)) {
      const tally = (fields[field] ??= { right: 0, of: 0 });
      tally.of++;
      const answer = output && typeof output === 'object' ? (output as Record<string, unknown>)[field] : undefined;
      if (valueCorrect(expected, answer)) tally.right++;
      else allRight = false;
    }
    if (allRight) correct++;
    else wrongIds.push(id);
  }
  const perValid = outputs.size > 0 ? Math.round(costMicroUsd / outputs.size) : null;
  const perCorrect = correct > 0 ? Math.round(labelledCostMicroUsd / correct) : null;
  const tallies = Object.values(fields);
  const of = tallies.reduce((sum, tally) => sum + tally.of, 0);
  const right = tallies.reduce((sum, tally) => sum + tally.right, 0);
  return {
    labelled: labels.size,
    scored,
    unanswered: labels.size - scored,
    unlabelled,
    correct,
    fields,
    accuracy: labels.size > 0 ? correct / labels.size : null,
    fieldAccuracy: of > 0 ? right / of : null,
    wrongIds,
    valid: outputs.size,
    costMicroUsd,
    labelledCostMicroUsd,
    costPerValidMicroUsd: perValid,
    costPerCorrectMicroUsd: perCorrect,
    costPerValidUsd: perValid === null ? null : microToUsd(perValid),
    costPerCorrectUsd: perCorrect === null ? null : microToUsd(perCorrect),
  };
}
