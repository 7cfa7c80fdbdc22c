/**
 * A workload of mixed difficulty whose true difficulty the simulator knows: each item's text carries a reference
 * `[ref <id>.<level>]` (0 easy, 1 medium, 2 hard). Simulated models pass by the level (`passRateByDifficulty`) and
 * answer classifier prompts from it with a set accuracy (`classifyAccuracy`). The visible text only correlates with
 * the level (length, wording), as real inputs do, so start rules that read it are right only part of the time.
 */
import { keyedRng, pick } from './prng';

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = 0 | 1 | 2;

/** One item of the workload: its true difficulty and its text. */
export interface WorkloadItem {
  id: number;
  difficulty: Difficulty;
  text: string;
}

const TAG = /\[ref \d+\.([0-2])\]/;
/** Words of hard cases; some easy ones carry them too (boilerplate), and some hard ones lack them. */
const HARD_PHRASES = ['disputed', 'settled by a credit note', 'to be reconciled'];
const VENDORS = ['ACME GmbH', 'Globex Ltd', 'Initech SARL', 'Umbrella BV', 'Hooli Inc'];

/** The true difficulty a request's text carries, if any. */
export function difficultyOfText(text: string): Difficulty | undefined {
  const match = TAG.exec(text);
  return match ? (Number(match[1]) as Difficulty) : undefined;
}

/**
 * Item `id` of a workload with the given mix (shares of easy, medium, hard; default 50/30/20), deterministic per seed.
 * Medium and hard items are longer; hard ones usually name a dispute, a credit note or a reconciliation.
 */
export function workloadItem(id: number, seed: number, mix: readonly number[] = [0.5, 0.3, 0.2]): WorkloadItem {
  const rng = keyedRng(seed, 'workload', id);
  const roll = rng();
  const difficulty: Difficulty = roll < mix[0]! ? 0 : roll < mix[0]! + mix[1]! ? 1 : 2;
  const vendor = pick(rng, VENDORS);
  const amount = (100 + Math.floor(rng() * 9_900)).toFixed(2);
  const lines = [`[ref ${id}.${difficulty}] Invoice INV-${1000 + id} from ${vendor}. Total due: EUR ${amount}.`];
  if (difficulty >= 1 || rng() < 0.2)
    lines.push(
      'Line items: consulting (12 h), travel (flat), licences (3 seats); a 10 % discount applies to the licences,',
      'and the total above is before the discount, as the cover letter explains on page two.',
    );
  const hardWords = difficulty === 2 ? rng() < 0.7 : rng() < 0.1;
  if (hardWords)
    lines.push(
      `Note: part of this invoice is ${pick(rng, HARD_PHRASES)} against an earlier payment; see the attached correspondence.`,
    );
  if (difficulty === 2 && rng() < 0.6)
    lines.push('Amounts appear in EUR and USD; the rate used is the one on the delivery date, not the invoice date.');
  return { id, difficulty, text: lines.join('\n') };
}

/**
 * The tier a classifier should name for a difficulty: the levels spread over the tiers offered, cheapest first
 * (three tiers: one each; two tiers: easy and medium the first, hard the second).
 */
export function tierForDifficulty(difficulty: Difficulty, tiers: readonly string[]): string {
  return tiers[Math.floor((difficulty * tiers.length) / DIFFICULTIES.length)]!;
}
