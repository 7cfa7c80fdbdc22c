/**
 * Why a cascade failed, candidate by candidate: what each candidate of the route did (its ledger rows), why it was
 * skipped or ruled out, or why it was never reached. Pure: used by `decide.ts` to build the failure message that
 * the CLI, the batch error lines and the Temporal UI show, and the reasons it gives for a skipped candidate.
 */
import type { RoutePlan } from '../../routing/types';
import type { AttemptOutcome, AttemptRecord } from '../definitions';
import { describeOutcome } from './ledger';
import { PROVIDER_BLOCKING, QUALITY_FAILURES, TIER_BLOCKING } from './outcome-rules';

/** A candidate the last search for a next step passed over, and why ("skipped: budget (…)", "ruled out: …"). */
export interface Skip {
  ref: string;
  tier: string;
  why: string;
}

/** Outcomes whose error text is worth quoting: they name a configuration fault the user has to fix. */
const CONFIGURATION_FAULTS: ReadonlySet<AttemptOutcome> = new Set(['auth_error', 'bad_request', 'not_found']);
/** Longest error text quoted per row: the message must stay readable with many candidates. */
const MAX_ERROR_CHARS = 120;

/**
 * One line per candidate of the route, in route order: `economy deepseek/deepseek-chat: provider_error 503 ×2`,
 * `standard gemini/gemini-2.5-flash: skipped: budget (worst case $0.163851, $0.010000 left)`,
 * `economy mistral/mistral-small-latest: not tried: the tier ended after schema_violation on deepseek/deepseek-chat`.
 */
export function candidateLines(
  route: RoutePlan,
  ledger: readonly AttemptRecord[],
  skipped: readonly Skip[],
  /** Why the decision rules passed over a candidate the ledger has no row for, if they did. */
  passedOver: (tierIndex: number, provider: string) => string | undefined = () => undefined,
): string[] {
  const lines: string[] = [];
  route.tiers.forEach((tier, tierIndex) => {
    tier.candidates.forEach((candidate, candidateIndex) => {
      const rows = ledger.filter(
        (a) =>
          a.tierIndex === tierIndex &&
          a.candidateIndex === candidateIndex &&
          a.ref === candidate.ref &&
          a.reason !== 'verify' &&
          a.reason !== 'agreement',
      );
      const skip = skipped.find((s) => s.tier === tier.name && s.ref === candidate.ref);
      let what: string;
      if (rows.length > 0) what = rows.map(describeRow).join(', then ');
      else if (skip) what = skip.why;
      else
        what = passedOver(tierIndex, candidate.provider) ?? `not tried: ${notTriedBecause(route, ledger, tierIndex)}`;
      lines.push(`${tier.name} ${candidate.ref}: ${what}`);
    });
  });
  // Planning's constraints removed these from the route: they were never called (required tags, latency goal).
  for (const note of route.ruledOut ?? []) lines.push(`${note.tier} ${note.ref}: ruled out: ${note.why}`);
  return lines;
}

/** "provider_error 503 ×2", "schema_violation (/total must be number)", "auth_error: set DEEPSEEK_API_KEY …". */
function describeRow(attempt: AttemptRecord): string {
  const tries = attempt.tries > 1 ? ` ×${attempt.tries}` : '';
  const base = `${describeOutcome(attempt)}${tries}`;
  if (!attempt.error || attempt.outcome === 'ok') return base;
  const error =
    attempt.error.length > MAX_ERROR_CHARS ? `${attempt.error.slice(0, MAX_ERROR_CHARS - 1)}…` : attempt.error;
  return CONFIGURATION_FAULTS.has(attempt.outcome) ? `${base}: ${error}` : `${base} (${error})`;
}

function notTriedBecause(route: RoutePlan, ledger: readonly AttemptRecord[], tierIndex: number): string {
  if (tierIndex < route.startTier) return `the route started at tier ${route.tiers[route.startTier]?.name ?? '?'}`;
  const ended = ledger.find((a) => a.tierIndex === tierIndex && QUALITY_FAILURES.has(a.outcome));
  if (ended) return `the tier ended after ${ended.outcome} on ${ended.ref}`;
  const answered = ledger.find((a) => a.tierIndex > tierIndex);
  if (answered) return 'the cascade had moved past this tier';
  return 'the cascade stopped before reaching it';
}

/** Why a provider is ruled out for the request: a configuration fault, or a cooldown until the next wait. */
export function ruledOut(blocker: AttemptRecord): string {
  return `ruled out: ${describeOutcome(blocker)} from provider ${blocker.provider} on ${blocker.ref}`;
}

/** Why a candidate is skipped in its tier: its provider is down, throttled or refusing there. */
export function failedInTier(down: AttemptRecord): string {
  return `skipped: provider ${down.provider} already failed in this tier (${describeOutcome(down)})`;
}

/**
 * The failure message's body: every candidate of the route with what happened to it. Candidates passed over
 * before the last search are explained by the same rules the search applies (over the whole ledger).
 */
export function failureLines(route: RoutePlan, ledger: readonly AttemptRecord[], skipped: readonly Skip[]): string[] {
  const passedOver = (tierIndex: number, provider: string) => {
    const blocker = ledger.find((a) => a.provider === provider && PROVIDER_BLOCKING.has(a.outcome));
    if (blocker) return ruledOut(blocker);
    const down = ledger.find(
      (a) => a.provider === provider && a.tierIndex === tierIndex && TIER_BLOCKING.has(a.outcome),
    );
    return down ? failedInTier(down) : undefined;
  };
  return candidateLines(route, ledger, skipped, passedOver).map((line) => `  ${line}`);
}
