/**
 * Same-candidate retries: how many a candidate has had (the bound repairs and more-tokens retries share), and
 * whether the more-tokens retry is worth its cost for a model, from what its retries did before (a snapshot of the
 * worker's measurements, recorded in the plan, so the decision replays). Pure: unit-tested without Temporal.
 *
 * A truncated answer can be retried once on the same model with twice the max_tokens, or the cascade can escalate at
 * once. The retry pays off only when it succeeds often enough: retrying costs its own call, and when it fails the
 * escalation is paid as well. So, with `p` the measured share of this model's retries that ended `ok`:
 *
 *     retry  ⇔  retry's worst case ≤ p × the escalation's worst case
 *
 * Both sides are worst cases (input + max output at the price in force, what the budget reserves), so they compare
 * like with like. A model with fewer than `MORE_TOKENS_RULE.minTries` measured retries is retried (that is how it
 * gets measured); one whose retries never succeeded is not. The measurements age out of the worker's window, so a
 * model that stopped being retried is measured again later (models and prompts change).
 */
import type { RetryMeasure } from '../../routing/types';
import type { AttemptRecord } from '../definitions';
import type { NextStep } from './steps';

export const MORE_TOKENS_RULE = {
  /** Fewer measured retries than this: the model is retried (unmeasured). */
  minTries: 5,
} as const;

/** The decision and the sentence that says why (it goes into the next step's reason). */
export interface MoreTokensVerdict {
  retry: boolean;
  why: string;
}

/**
 * Is the more-tokens retry worth it? `escalationMicroUsd`: the worst case of the step the cascade would take instead
 * (undefined when nothing else could run: the retry is then the only chance left, worth it unless it never works).
 */
export function moreTokensWorthIt(
  measure: RetryMeasure | undefined,
  retryMicroUsd: number,
  escalationMicroUsd: number | undefined,
): MoreTokensVerdict {
  if (!measure || measure.tries < MORE_TOKENS_RULE.minTries) {
    return { retry: true, why: `more-tokens retries unmeasured (${measure?.tries ?? 0} so far)` };
  }
  const record = `${measure.successes} of ${measure.tries} more-tokens retries succeeded`;
  if (measure.successes === 0) return { retry: false, why: record };
  if (escalationMicroUsd === undefined) return { retry: true, why: `${record}; nothing else can run` };
  const expectedSaving = (measure.successes / measure.tries) * escalationMicroUsd;
  return retryMicroUsd <= expectedSaving
    ? { retry: true, why: `${record}: worth it against escalating` }
    : { retry: false, why: `${record}: escalating costs less on average` };
}

/**
 * The more-tokens retry, or the step the cascade takes instead (`instead()`: its next step without the retry) when the
 * model's measured retries say it does not pay; either way the step's reason says why. A step that is no retry (the
 * budget could not hold it) and a plan without measurements (recorded before them, or planned by a worker that
 * measured nothing) keep the retry as it was, so recorded histories replay.
 */
export function retryOrInstead(retry: NextStep, measure: RetryMeasure | undefined, instead: () => NextStep): NextStep {
  if (retry.kind !== 'call' || retry.reason !== 'more_tokens' || !measure) return retry;
  const next = instead();
  const verdict = moreTokensWorthIt(
    measure,
    retry.reservedMicroUsd,
    next.kind === 'call' ? next.reservedMicroUsd : undefined,
  );
  if (verdict.retry) return { ...retry, reasonDetail: `${retry.reasonDetail} (${verdict.why})` };
  return next.kind === 'call'
    ? { ...next, reasonDetail: `${next.reasonDetail} (no more-tokens retry: ${verdict.why})` }
    : next;
}

/**
 * Same-candidate retries already spent on the last attempt's candidate, counted over the whole ledger (resumes
 * after a wait included: the bound is per candidate per request): repairs, more-tokens retries, both together.
 */
export function retriesOnCandidate(ledger: readonly AttemptRecord[], last: AttemptRecord) {
  let repairs = 0;
  let moreTokens = 0;
  for (const attempt of ledger) {
    if (attempt.tierIndex !== last.tierIndex || attempt.candidateIndex !== last.candidateIndex) continue;
    if (attempt.reason === 'repair') repairs++;
    if (attempt.reason === 'more_tokens') moreTokens++;
  }
  return { repairs, moreTokens, total: repairs + moreTokens };
}
