/**
 * A simulated verifier: answers a verification request (the `verdict` schema, see workflows/cascade/gates.ts) by comparing
 * the extraction with the document's expected values, as a careful reader would, with modelled mistakes: it misses
 * a share of wrong answers and rejects a few right ones. Deterministic per document, model and visit.
 */
import type { FakeBehavior, FakeCallContext, FakeReply } from '../sim/fake-types';
import { hashString, keyedRng } from '../sim/prng';
import { fieldCorrect, type Expected } from './ground-truth';

export interface VerifierProfile {
  /** Share of wrong answers judged ok. */
  missRate: number;
  /** Share of right answers rejected. */
  falseRejectRate: number;
}

export const VERIFIER_PROFILE: VerifierProfile = { missRate: 0.15, falseRejectRate: 0.03 };

/** Whether a request asks for a verdict rather than an extraction. */
export function isVerdictRequest(body: unknown): boolean {
  const format = (body as { response_format?: { json_schema?: { name?: string } } } | null)?.response_format;
  if (format?.json_schema?.name === 'verdict') return true;
  return JSON.stringify((body as { messages?: unknown } | null)?.messages ?? '').includes(
    'You verify a structured extraction',
  );
}

/** Wraps a model's behaviour so verification requests get a verdict. */
export function withVerifier(
  inner: FakeBehavior,
  expected: ReadonlyMap<string, Expected>,
  seed: number,
  profile = VERIFIER_PROFILE,
): FakeBehavior {
  const seen = new Map<string, number>();
  return async (ctx: FakeCallContext): Promise<FakeReply> => {
    if (!isVerdictRequest(ctx.body)) {
      if (typeof inner === 'function') return inner(ctx);
      return Array.isArray(inner) ? inner[Math.min(ctx.callIndex, inner.length - 1)]! : inner;
    }
    const text = String((ctx.body as { messages: { role: string; content: string }[] }).messages.at(-1)?.content ?? '');
    const match = /^Source document:\n<<<\n([\s\S]*)\n>>>\n\nExtraction:\n([\s\S]*)$/.exec(text);
    const document = match?.[1] ?? '';
    const key = `${ctx.model}\n${document}`;
    const visits = seen.get(key) ?? 0;
    seen.set(key, visits + 1);
    const rng = keyedRng(seed, `verify:${ctx.model}`, hashString(document) + visits * 7919);
    let answer: Record<string, unknown> = {};
    try {
      answer = JSON.parse(match?.[2] ?? '{}') as Record<string, unknown>;
    } catch {
      // judged as wrong below
    }
    const want = expected.get(document) ?? {};
    const problems = Object.entries(want)
      .filter(([field, value]) => !fieldCorrect(value, answer[field]))
      .map(([field]) => `${field}: not what the document says`);
    const ok = problems.length > 0 ? rng() < profile.missRate : rng() >= profile.falseRejectRate;
    const verdict = { ok, problems: ok ? [] : problems.length ? problems : ['total: doubtful'] };
    return { kind: 'content', content: JSON.stringify(verdict) };
  };
}
