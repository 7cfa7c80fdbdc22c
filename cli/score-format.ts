/** Terminal presentation of a score against labels (`inputs/score.ts`): accuracy and cost per correct result. */
import type { Score } from '../inputs/score';
import { usd } from './format';
import { plural } from '../catalog/plural';

function percent(right: number, of: number): string {
  return of > 0 ? `${((100 * right) / of).toFixed(1)}%` : 'n/a';
}

function money(value: number | null): string {
  return value === null ? 'n/a' : usd(value);
}

/** A few aligned lines under a heading: correct results, field accuracy per field, cost per valid and per correct. */
export function formatScore(score: Score, heading: string): string {
  const fields = Object.entries(score.fields)
    .map(([field, { right, of }]) => `${field} ${percent(right, of)}`)
    .join(' · ');
  const notScored = [
    score.unanswered ? `${plural(score.unanswered, 'labelled item')} without a valid result` : '',
    score.unlabelled ? `${plural(score.unlabelled, 'result')} without labels` : '',
  ].filter(Boolean);
  return [
    `${heading} (${plural(score.scored, 'result')} scored${notScored.length ? `; not scored: ${notScored.join(', ')}` : ''}):`,
    `  correct results      ${score.correct}/${score.labelled} (${percent(score.correct, score.labelled)}) of the labelled items: every expected field right (an item without a valid result is wrong)`,
    `  field accuracy       ${score.fieldAccuracy === null ? 'n/a' : `${(score.fieldAccuracy * 100).toFixed(1)}%`}${fields ? ` (${fields})` : ''}`,
    `  cost per result      ${money(score.costPerValidUsd)} per valid result · ${money(score.costPerCorrectUsd)} per correct result`,
  ].join('\n');
}
