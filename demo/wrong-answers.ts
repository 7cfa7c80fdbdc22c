/**
 * "Valid but wrong": the failure a schema cannot see. A simulated answer that passed the schema is made correct
 * from the document's expected values, then, at a per-tier rate, one field is misread the way small models do
 * (`1,250.00` → 1, `2.480,00` → 2.48, a date in 1530, an id cut short). A share of the misreadings are invisible to
 * grounding: another number or date that does occur in the document (the subtotal instead of the total).
 */
import { datesIn, isoOfDay } from '../activities/checks/dates';
import { numbersIn } from '../activities/checks/numbers';
import type { Rng } from '../sim/prng';
import type { Expected } from './ground-truth';

export interface WrongAnswerProfile {
  /** Share of schema-valid answers with one wrong field, 0..1. */
  wrongRate: number;
  /** Of the wrong answers, the share that stays grounded (a value the document does contain), 0..1. */
  groundedShare: number;
}

/** Per tier: cheap models misread often, premium rarely. */
export const WRONG_ANSWERS: Record<string, WrongAnswerProfile> = {
  economy: { wrongRate: 0.4, groundedShare: 0.15 },
  standard: { wrongRate: 0.12, groundedShare: 0.25 },
  premium: { wrongRate: 0.02, groundedShare: 0.5 },
};

const UNSTATED = { documentNumber: null, issueDate: null, dueDate: null, currency: null, total: null };

/** The answer with the expected values in, and maybe one of them misread. */
export function answerFromTruth(
  answer: Record<string, unknown>,
  expected: Expected,
  document: string,
  profile: WrongAnswerProfile,
  rng: Rng,
): Record<string, unknown> {
  // A field the truth leaves out (the document is ambiguous or silent) is answered null, as a careful model would.
  const correct: Record<string, unknown> = { ...answer, ...UNSTATED, ...expected };
  if (rng() >= profile.wrongRate) return correct;
  const fields = (['total', 'issueDate', 'documentNumber', 'currency'] as const).filter(
    (f) => expected[f] !== undefined,
  );
  const field = fields[Math.floor(rng() * fields.length)];
  if (!field) return correct;
  const grounded = rng() < profile.groundedShare;
  return { ...correct, [field]: misread(field, expected[field]!, document, grounded, rng) };
}

function misread(field: string, value: string | number, document: string, grounded: boolean, rng: Rng) {
  if (field === 'total' && typeof value === 'number') {
    if (grounded) {
      const others = numbersIn(document).filter((n) => n > 1 && Math.abs(n - Math.abs(value)) > 0.005);
      if (others.length) return others[Math.floor(rng() * others.length)]!;
    }
    const misreadings = [Math.trunc(value / 1000) || 1, Math.round(value) / 1000, Math.round(value * 0.41 * 100) / 100];
    return misreadings[Math.floor(rng() * misreadings.length)]!;
  }
  if (field === 'issueDate' && typeof value === 'string') {
    if (grounded) {
      const others = datesIn(document)
        .map(isoOfDay)
        .filter((d) => d !== value);
      if (others.length) return others[Math.floor(rng() * others.length)]!;
    }
    return `1530${value.slice(4)}`;
  }
  if (field === 'currency') return value === 'USD' ? 'EUR' : 'USD';
  return String(value).slice(0, -1); // an id cut short
}
