/**
 * How a label found in a cell of text is read, and how sure that reading is. `near` accepts a value on any reading
 * of its label but rejects one only on a sure reading of another role, so a phrase it half knows never rejects a
 * right answer: `Pre-tax amount` holds the tax label `tax` but is no tax line, `Summe der Positionen` starts with
 * the total label `Summe` but is a subtotal, `Netto da pagare` holds a subtotal label and a total label, and
 * `Amount owing` starts with the column word `Amount` but is no table.
 *
 * A reading is sure when the label is the whole of its cell: no other word before it, and after it only
 * currency codes, words of one or two letters, labels of the same role or of no field (`TVA au taux de 20 %`), and
 * whatever follows a qualifier (`Total hors TVA`, `Gesamtbetrag inkl. 19 % MwSt.`). An unsure reading's roles carry
 * the prefix `maybe:`.
 */
import { currenciesIn } from './currency';
import { EXCLUDING_WORDS, INCLUDING_WORDS, POSSESSIVE_WORDS } from './labels';
import { FIELD_ROLES, TABLE_LINE } from './regions';
import { fold } from './text';
import type { LabelHit } from './vocabulary';

export const MAYBE = 'maybe:';

/** The roles `hit` gives the cell `from..to` of `text` (empty: no evidence), unsure ones prefixed with `maybe:`. */
export function readLabel(text: string, hit: LabelHit, from: number, to: number, hits: readonly LabelHit[]) {
  const roles = qualified(hit, text.slice(hit.end, to));
  // A column word outside a header line (`Amount: 120.00`, `Importe líquido`) says nothing about a field.
  if ([...roles].every((role) => role === TABLE_LINE)) return new Set<string>();
  const sure = !hasWord(text.slice(from, hit.index)) && onlyFiller(text, hit, roles, to, hits);
  return sure ? roles : new Set([...roles].map((role) => MAYBE + role));
}

/** Whether `roles` (a reading) includes `role`, surely or not. */
export function mayBe(roles: ReadonlySet<string>, role: string): boolean {
  return roles.has(role) || roles.has(MAYBE + role);
}

function hasWord(stretch: string): boolean {
  return (stretch.match(/\p{L}{3,}/gu) ?? []).some((word) => !POSSESSIVE_WORDS.has(fold(word)));
}

function onlyFiller(text: string, hit: LabelHit, roles: ReadonlySet<string>, to: number, hits: readonly LabelHit[]) {
  const fields = [...roles].filter((role) => FIELD_ROLES.includes(role));
  for (const word of text.slice(hit.end, to).matchAll(/\p{L}+/gu)) {
    const folded = fold(word[0]);
    if (EXCLUDING_WORDS.has(folded) || INCLUDING_WORDS.has(folded)) return true; // the rest qualifies the label
    if (word[0].length <= 2 || currenciesIn(word[0]).size > 0) continue;
    const at = hit.end + (word.index ?? 0);
    const cover = hits.find((other) => other.index <= at && at < other.end);
    if (!cover) return false;
    const coverFields = [...cover.roles].filter((role) => FIELD_ROLES.includes(role));
    if (coverFields.length > 0 && !coverFields.some((role) => fields.includes(role))) return false;
  }
  return true;
}

/** A total label followed by `excl.`, `hors`, `sin`, `ohne`… (`Total hors TVA`) labels a subtotal. */
function qualified(label: LabelHit, after: string): ReadonlySet<string> {
  if (!label.roles.has('total')) return label.roles;
  const words = fold(after).match(/\p{L}+/gu) ?? [];
  return words.some((word) => EXCLUDING_WORDS.has(word)) ? new Set(['subtotal']) : label.roles;
}
