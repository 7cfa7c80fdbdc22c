/**
 * The optional quality gates after an answer validated and passed its checks, as pure, sandbox-safe helpers:
 * a verifier (a cheap model judges the answer against the input with a tiny `{ ok, problems }` schema) and an
 * agreement gate (a second candidate answers; accepted only when the fields that matter agree).
 */
import { valuesAt } from '../../catalog/check-paths';
import type { CheckFailure } from '../../catalog/checks';
import type { CandidatePlan, TierPlan } from '../../catalog/types';
import type { CallModelResult, ChatMessage, GateReason, JsonValue, OutputSchema } from '../definitions';

/** The verifier's answer. Its name is how simulated providers recognise a verification request. */
export const VERDICT_SCHEMA: OutputSchema = {
  name: 'verdict',
  jsonSchema: {
    type: 'object',
    properties: {
      ok: {
        type: 'boolean',
        description: 'true only if every value is stated in, or directly derivable from, the source',
      },
      problems: { type: 'array', items: { type: 'string' }, description: 'each wrong value as "field: what is wrong"' },
    },
    required: ['ok', 'problems'],
    additionalProperties: false,
  },
};
/** The verdict is short: a few problems at most. */
export const VERDICT_MAX_TOKENS = 300;

export interface Verdict {
  ok: boolean;
  problems: string[];
}

/** The verifier's prompt: the request's source text and the answer to judge. */
export function verifierMessages(messages: readonly ChatMessage[], answer: JsonValue): ChatMessage[] {
  const source = messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  return [
    {
      role: 'system',
      content:
        'You verify a structured extraction against its source document. Check every value of the extraction ' +
        'against the source. Answer ok: true only if every value is stated in the source or directly derivable ' +
        'from it; otherwise ok: false and list each wrong value as "field: what is wrong".',
    },
    { role: 'user', content: `Source document:\n<<<\n${source}\n>>>\n\nExtraction:\n${JSON.stringify(answer)}` },
  ];
}

export function asVerdict(output: JsonValue | undefined): Verdict | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return undefined;
  const { ok, problems } = output as { ok?: unknown; problems?: unknown };
  if (typeof ok !== 'boolean') return undefined;
  return { ok, problems: Array.isArray(problems) ? problems.map(String) : [] };
}

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
