/**
 * Scoring an `llm-cascade eval` run (pure): per candidate and gate setting, the valid rate, field accuracy and
 * correct results over every labelled item (an item without an accepted answer counts as wrong), what a correct
 * result cost, and per check and gate a confusion table of the answers it judged against the labels.
 */
import { valueCorrect, type Label } from '../../inputs/score';

/** One labelled item's answer from one candidate in one gate setting. */
export interface EvalAnswer {
  id: string;
  /** The candidate's answer when it was schema-valid JSON (accepted by the gates or not). */
  answer?: unknown;
  /** The answer was accepted: schema-valid and passed by every gate of the setting (a result). */
  accepted: boolean;
  /** Everything this item's request cost (the answer, gate calls, retries), integer micro-USD. */
  costMicroUsd: number;
  /** Per check or gate that judged the answer: true when it rejected it. Absent: it did not judge this answer. */
  verdicts: Record<string, boolean>;
}

/** A check's or gate's verdicts against the labels: rejecting a right answer is a false positive. */
export interface Confusion {
  wrongRejected: number;
  rightRejected: number;
  wrongPassed: number;
  rightPassed: number;
}

export interface CandidateScore {
  tier: string;
  ref: string;
  gates: 'on' | 'off';
  /** Labelled items run. */
  items: number;
  /** Items with a schema-valid answer. */
  valid: number;
  /** Items with an accepted answer whose every labelled field is right (the headline: over `items`). */
  correct: number;
  /** Right labelled fields of accepted answers over every labelled field of every item, 0..1; null: no field. */
  fieldAccuracy: number | null;
  costMicroUsd: number;
  /** costMicroUsd / correct, rounded to a whole micro-USD; null without a correct result. */
  costPerCorrectMicroUsd: number | null;
  /** Per check or gate (and `all gates` together), in the order first seen. */
  confusion: Record<string, Confusion>;
}

/** The name of every gate together: an answer that was valid but not accepted was rejected by some gate. */
export const ALL_GATES = 'all gates';

/** Whether every labelled field of an answer is right. */
export function answerRight(answer: unknown, label: Label): boolean {
  return Object.entries(label).every(([field, expected]) => valueCorrect(expected, fieldOf(answer, field)));
}

function fieldOf(answer: unknown, field: string): unknown {
  return answer && typeof answer === 'object' ? (answer as Record<string, unknown>)[field] : undefined;
}

export const emptyConfusion = (): Confusion => ({ wrongRejected: 0, rightRejected: 0, wrongPassed: 0, rightPassed: 0 });

/** Adds one verdict to a confusion table. */
export function tally(table: Confusion, right: boolean, rejected: boolean): void {
  if (rejected) table[right ? 'rightRejected' : 'wrongRejected']++;
  else table[right ? 'rightPassed' : 'wrongPassed']++;
}

/**
 * Scores one candidate's answers in one gate setting against the labels. Every label is an item: one the run has
 * no answer for counts as not valid and not correct, so a candidate that fails often cannot look accurate.
 */
export function scoreCandidate(
  run: { tier: string; ref: string; gates: 'on' | 'off' },
  answers: readonly EvalAnswer[],
  labels: ReadonlyMap<string, Label>,
): CandidateScore {
  const byId = new Map(answers.map((answer) => [answer.id, answer]));
  const confusion: Record<string, Confusion> = {};
  let valid = 0;
  let correct = 0;
  let rightFields = 0;
  let allFields = 0;
  let costMicroUsd = 0;
  for (const [id, label] of labels) {
    const result = byId.get(id);
    costMicroUsd += result?.costMicroUsd ?? 0;
    const fields = Object.keys(label).length;
    allFields += fields;
    if (!result || result.answer === undefined) continue;
    valid++;
    const right = answerRight(result.answer, label);
    if (result.accepted) {
      if (right) correct++;
      rightFields += Object.entries(label).filter(([field, expected]) =>
        valueCorrect(expected, fieldOf(result.answer, field)),
      ).length;
    }
    for (const [name, rejected] of Object.entries(result.verdicts))
      tally((confusion[name] ??= emptyConfusion()), right, rejected);
    if (run.gates === 'on') tally((confusion[ALL_GATES] ??= emptyConfusion()), right, !result.accepted);
  }
  // Every gate together last, after the single checks and gates it sums up.
  const allGates = confusion[ALL_GATES];
  delete confusion[ALL_GATES];
  if (allGates) confusion[ALL_GATES] = allGates;
  return {
    ...run,
    items: labels.size,
    valid,
    correct,
    fieldAccuracy: allFields > 0 ? rightFields / allFields : null,
    costMicroUsd,
    costPerCorrectMicroUsd: correct > 0 ? Math.round(costMicroUsd / correct) : null,
    confusion,
  };
}
