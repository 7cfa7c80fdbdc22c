/**
 * `tune --labels` (pure): the start tier and gate setting with the lowest cost per correct result, by replaying
 * the cascade on each labelled item from the eval's measured answers. An item starts at a tier, takes that tier's
 * answer (and pays for it and its gates), goes up while the answer is refused (invalid, or rejected by a gate with
 * gates on), and is correct only when the answer it ends with is right; one that runs out of tiers is wrong.
 */
import type { Label } from '../../inputs/score';
import { answerRight, type EvalAnswer } from './score';
import type { GateSetting } from './plan';

/** One tier's first candidate, measured in one gate setting. */
export interface MeasuredTier {
  tier: string;
  gates: GateSetting;
  answers: readonly EvalAnswer[];
}

export interface StartOption {
  startTier: string;
  gates: GateSetting;
  items: number;
  correct: number;
  costMicroUsd: number;
  /** Whole micro-USD; null when no item ended right. */
  costPerCorrectMicroUsd: number | null;
}

/** Every (start tier, gates) option over the tiers in route order, cheapest per correct result first. */
export function startOptions(
  tiers: readonly string[],
  measured: readonly MeasuredTier[],
  labels: ReadonlyMap<string, Label>,
): StartOption[] {
  const options: StartOption[] = [];
  for (const gates of ['off', 'on'] as const) {
    const ladder = tiers.map((tier) => {
      const found = measured.find((m) => m.tier === tier && m.gates === gates);
      return found && new Map(found.answers.map((answer) => [answer.id, answer]));
    });
    if (ladder.some((rung) => rung === undefined)) continue;
    tiers.forEach((startTier, start) => {
      let correct = 0;
      let costMicroUsd = 0;
      for (const [id, label] of labels) {
        for (const rung of ladder.slice(start)) {
          const answer = rung!.get(id);
          costMicroUsd += answer?.costMicroUsd ?? 0;
          if (!answer?.accepted) continue;
          if (answerRight(answer.answer, label)) correct++;
          break;
        }
      }
      options.push({
        startTier,
        gates,
        items: labels.size,
        correct,
        costMicroUsd,
        costPerCorrectMicroUsd: correct > 0 ? Math.round(costMicroUsd / correct) : null,
      });
    });
  }
  return options.sort(
    (a, b) => (a.costPerCorrectMicroUsd ?? Infinity) - (b.costPerCorrectMicroUsd ?? Infinity) || b.correct - a.correct,
  );
}
