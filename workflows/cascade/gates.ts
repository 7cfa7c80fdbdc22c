/**
 * The optional quality gates after an answer validated and passed its checks, as pure, sandbox-safe helpers:
 * a verifier (a cheap model judges the answer against the input with a tiny `{ ok, problems }` schema, built in
 * prompts/verifier.ts) and an agreement gate (a second candidate answers; accepted only when the fields that
 * matter agree). `run-gates.ts` runs them.
 */
import { valuesAt } from '../../catalog/check-paths';
import type { CheckFailure } from '../../catalog/checks';
import type { CandidatePlan, TierPlan } from '../../routing/types';
import { asVerdict } from '../../prompts/verifier';
import type { CallModelResult, GateReason, JsonValue } from '../definitions';

/** The model that answers a second time for the agreement gate: `with`, else the tier's next candidate. */
export function agreementPartner(tier: TierPlan, candidateIndex: number): CandidatePlan | undefined {
  if (!tier.agreement) return undefined;
  return tier.agreement.with ?? tier.candidates[candidateIndex + 1] ?? tier.candidates[0];
}

/** Where two answers disagree on the fields that matter (numbers to the cent, strings ignoring case and spacing). */
export function disagreements(a: JsonValue, b: JsonValue, fields: readonly string[]): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const field of fields) {
    const left = valuesAt(a, field);
    const right = valuesAt(b, field);
    const show = (values: typeof left) => values.map((v) => JSON.stringify(v.value)).join(', ') || 'nothing';
    const same =
      left.length === right.length && left.every((value, index) => sameValue(value.value, right[index]!.value));
    if (!same) {
      failures.push({ check: 'agreement', field, problem: `one answer says ${show(left)}, the other ${show(right)}` });
    }
  }
  return failures;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  if (typeof a === 'string' && typeof b === 'string') {
    const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
    return norm(a) === norm(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What a gate's call says about the answer: `undefined` when it cannot judge (the verifier gave no verdict, the
 * second candidate could not be reached), `[]` when it accepts, else why it rejects.
 */
export function gateFailures(
  gate: GateReason,
  answer: CallModelResult,
  judged: CallModelResult | undefined,
  judgeRef: string,
  agreementFields: readonly string[],
): CheckFailure[] | undefined {
  if (gate === 'verify') {
    const verdict = judged?.outcome === 'ok' ? asVerdict(judged.output) : undefined;
    if (!verdict) return undefined;
    if (verdict.ok) return [];
    return (verdict.problems.length ? verdict.problems : ['rejected without a reason']).map((problem) => ({
      check: 'verifier',
      problem,
    }));
  }
  if (!judged) return undefined;
  if (judged.outcome !== 'ok') {
    return [{ check: 'agreement', problem: `the second answer (${judgeRef}) failed: ${judged.outcome}` }];
  }
  return disagreements(answer.output ?? null, judged.output ?? null, agreementFields);
}
