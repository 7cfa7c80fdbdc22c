/**
 * The fake upstream's models, described as JSON-safe specs so the upstream can run in its own process (as a
 * real provider would) while the harness decides what each model does.
 */
import type { FakeBehavior, FakeReply } from '../../sim/fake-types';
import { keyedRng } from '../../sim/prng';
import { simulatedBehavior, type SimProfile } from '../../sim/simulated-provider';

/** Every answer bills exactly this, so per-call costs are whole micro-dollars and the maths stays clean. */
export const FIXED_USAGE = { promptTokens: 1000, completionTokens: 200, cachedTokens: 0 } as const;

/** The output contract of every benchmark request. */
export const INVOICE_SCHEMA = {
  type: 'object',
  properties: {
    invoice_id: { type: 'string' },
    total: { type: 'number' },
    currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
  },
  required: ['invoice_id', 'total', 'currency'],
  additionalProperties: false,
} as const;

export const VALID_ANSWER = { invoice_id: 'INV-1042', total: 1234.5, currency: 'EUR' };
/** Parses as JSON, violates the schema (total is a string, currency missing). */
export const INVALID_ANSWER = { invoice_id: 'INV-1042', total: 'one thousand' };

/** What one upstream model does. */
export type ModelSpec =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'schema_violation'; delayMs?: number }
  | { kind: 'error'; status: number; delayMs?: number }
  /** Valid with probability `passRate`, else schema-violating; see {@link passSequence}. */
  | { kind: 'pass_rate'; passRate: number; seed: number; delayMs?: number }
  /** The demo's simulated model (sim/simulated-provider.ts): answers shaped by the request's schema. */
  | { kind: 'simulated'; profile: SimProfile; delayMs?: number };

/**
 * Pass/fail of call `index` to a model with pass rate `p`: a Weyl (golden-ratio) sequence from a seeded offset.
 * Over n calls the pass fraction is within about 1/n of `p` (i.i.d. draws would wander by sqrt(p(1-p)/n), about
 * 1.4 % at n = 1000, too coarse to check a cost against its expectation to 1 %), yet which calls fail looks
 * irregular and is reproducible per seed.
 */
export function passSequence(p: number, seed: number, model: string): (index: number) => boolean {
  const offset = keyedRng(seed, model)();
  const step = (Math.sqrt(5) - 1) / 2;
  return (index) => (offset + index * step) % 1 < p;
}

/** Turns a spec into the fake provider's behaviour. */
export function behaviorOf(model: string, spec: ModelSpec): FakeBehavior {
  const delayMs = spec.delayMs ?? 0;
  const answer = (content: unknown): FakeReply => ({ kind: 'content', content, usage: { ...FIXED_USAGE }, delayMs });
  switch (spec.kind) {
    case 'ok':
      return answer(VALID_ANSWER);
    case 'schema_violation':
      return answer(INVALID_ANSWER);
    case 'error':
      return { kind: 'error', status: spec.status, delayMs };
    case 'simulated':
      return simulatedBehavior(spec.profile);
    case 'pass_rate': {
      const passes = passSequence(spec.passRate, spec.seed, model);
      return ({ callIndex }) => answer(passes(callIndex) ? VALID_ANSWER : INVALID_ANSWER);
    }
  }
}
