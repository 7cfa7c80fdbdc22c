/**
 * Checks for values that are present but wrong: `near` (the value stands next to the right label), `sum` (a total
 * adds up), `differs` (vendor ≠ buyer) and `term` (the due date follows the issue date by the stated terms).
 */
import type { DiffersCheck, NearCheck, SumCheck, TermCheck } from '../../catalog/checks';
import { valuesAt } from '../../catalog/check-paths';
import { isoOfDay, readDate } from './dates';
import type { InputFacts } from './facts';
import { LABELS } from './labels';
import { FOOTER, LETTERHEAD, rolesNextTo } from './near';
import { mayBe } from './readings';
import { ADDRESS, FIELD_ROLES, TABLE_LINE } from './regions';
import { sameAmount, type NumberOccurrence } from './numbers';
import { normaliseText } from './strings';
import { dueDays } from './terms';
import { findFolded, lineAt, phraseSource, type Span } from './text';
import { clip, kindOf } from './value-checks';
import { labelHits, mergeHits, vocabulary, type LabelHit } from './vocabulary';

const CUSTOM = 'custom';

/** The spans where `value` is printed: amounts as whole values (not percentages), dates, strings as whole words. */
export function printedAt(value: unknown, facts: InputFacts): Span[] {
  const kind = kindOf(value);
  if (kind === 'number') {
    const number = Number(value);
    return facts.numberOccurrences().filter((o) => !o.percent && o.values.some((v) => sameAmount(number, v)));
  }
  if (typeof value !== 'string') return [];
  if (kind === 'date') {
    const days = readDate(value);
    return facts.dateOccurrences().filter((o) => o.days.some((day) => days.includes(day)));
  }
  const source = phraseSource(value);
  return source ? findFolded(facts.folded(), source) : [];
}

const customVocabularies = new Map<string, ReturnType<typeof vocabulary>>();

function hitsFor(spec: NearCheck, facts: InputFacts): LabelHit[] {
  if (!spec.labels?.length) return facts.knownLabels();
  const key = JSON.stringify(spec.labels);
  let words = customVocabularies.get(key);
  if (!words) {
    words = vocabulary(spec.labels.map((label) => [label, CUSTOM] as [string, string]));
    if (customVocabularies.size > 64) customVocabularies.clear();
    customVocabularies.set(key, words);
  }
  return mergeHits(facts.knownLabels(), labelHits(facts.folded(), words));
}

/**
 * Roles that speak against a field: another field's label, a label of something else (`Kundennummer`, `Rabatt`),
 * a line of a table, a place of an address. The letterhead, the footer, a title and a check's own labels do not.
 */
const CONTRARY = new Set<string>([...FIELD_ROLES, 'other', TABLE_LINE, ADDRESS]);

/**
 * `near` rejects on contrary evidence only: a value is rejected when every place it is printed stands next to
 * another role (a subtotal label, a tax line, a line of the table, an address) and none next to the wanted one.
 * A value printed beside a label `near` does not know, or beside none, passes: on a layout or phrasing never seen,
 * missing evidence must not reject a right answer. Whether the value is printed at all is `grounded`'s question.
 */
export function near(spec: NearCheck, value: unknown, facts: InputFacts): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const wanted = new Set<string>([...(spec.preset ? [spec.preset] : []), ...(spec.labels?.length ? [CUSTOM] : [])]);
  if (spec.preset === 'vendor') [LETTERHEAD, FOOTER].forEach((role) => wanted.add(role));
  // A document's title names its number: `INVOICE INV-0042`, `Quittung Nr. 000912345`, `Bon 2024-3317`.
  if (spec.preset === 'invoiceNumber') wanted.add('title');
  const printed = printedAt(value, facts);
  const shown = JSON.stringify(typeof value === 'string' ? clip(value) : value);
  if (printed.length === 0) {
    // An amount the document prints only as a percentage (`MwSt. 19 %` for a tax of 19) is a rate, not an amount.
    const rate = typeof value === 'number' && AMOUNTS.has(spec.preset ?? '') && printedAsRate(value, facts);
    return rate
      ? `${shown} is printed only as a rate (${value} %), not as ${ROLE_NAMES[spec.preset!]} amount`
      : undefined;
  }
  const hits = hitsFor(spec, facts);
  const against = new Set<string>();
  for (const span of printed) {
    const roles = [...rolesNextTo(span, facts.layout(), hits, kindOf(value) === 'string' ? 'string' : 'value')];
    if ([...wanted].some((role) => mayBe(new Set(roles), role))) return undefined;
    const contrary = roles.filter((role) => CONTRARY.has(role));
    if (contrary.length === 0) return undefined; // no evidence either way at this place
    contrary.forEach((role) => against.add(role));
  }
  // A column header that is also a field (`Montant HT`) reads as both: name the field.
  if ([...against].some((role) => FIELD_ROLES.includes(role))) against.delete(TABLE_LINE);
  const examples = [...(spec.labels ?? []), ...(spec.preset ? (LABELS[spec.preset].en ?? []).slice(0, 2) : [])];
  return (
    `${shown} stands next to ${[...against].map(describeRole).join(' / ')}, ` +
    `not next to ${spec.preset ? ROLE_NAMES[spec.preset] : 'a given'} label (${examples.map((e) => `"${e}"`).join(', ')}…)`
  );
}

const AMOUNTS = new Set(['total', 'subtotal', 'tax']);

function printedAsRate(value: number, facts: InputFacts): boolean {
  return facts.numberOccurrences().some((o) => o.percent && o.values.some((v) => sameAmount(value, v)));
}

const ROLE_NAMES: Record<string, string> = {
  total: 'a total',
  subtotal: 'a subtotal',
  tax: 'a tax',
  dueDate: 'a due-date',
  issueDate: 'an issue-date',
  vendor: 'a vendor',
  buyer: 'a buyer',
  invoiceNumber: 'an invoice-number',
};

function describeRole(role: string): string {
  if (role === TABLE_LINE) return 'a line of the table';
  if (role === ADDRESS) return 'an address';
  if (role === 'letterhead') return 'the letterhead';
  if (role === 'footer') return 'the footer';
  return `${ROLE_NAMES[role] ?? 'another'} label`;
}

export function sum(spec: SumCheck, value: unknown, output: unknown, facts: InputFacts): string | undefined {
  if (typeof value !== 'number') return undefined;
  let total = 0;
  const operands: number[] = [];
  for (const path of spec.of) {
    const found = valuesAt(output, path).filter((field) => typeof field.value === 'number');
    if (found.length === 0) return undefined; // nothing to add up from; that field has its own checks
    for (const field of found) {
      total += field.value as number;
      operands.push(field.value as number);
    }
  }
  const tolerance = spec.tolerance ?? 0.01;
  const adds = (extra: number) => Math.abs(total + extra - value) <= tolerance + 1e-9;
  if (adds(0)) return undefined;
  if (spec.charges) {
    const charges = chargesBetween(operands, value, facts);
    const signed = charges.reduce((sum, charge) => sum + charge, 0);
    if (charges.some((charge) => adds(charge) || adds(-charge)) || adds(signed)) return undefined;
  }
  return `${value} is not ${spec.of.join(' + ')} (${round(total)}, tolerance ${tolerance})${spec.charges ? ' nor that plus the charges printed between them' : ''}`;
}

/**
 * Amounts printed on the lines between the summed values and the field's value (shipping, handling, a discount),
 * signed as printed: `Subtotal 1,000.00 / Discount -50.00 / Shipping 20.00 / VAT 194.00 / Total 1,164.00`.
 * Percentages and the operands are left out.
 */
function chargesBetween(operands: number[], value: number, facts: InputFacts): number[] {
  const { lines } = facts.layout();
  const occurrences = facts.numberOccurrences().filter((o) => !o.percent);
  const lineOf = (index: number) => lineAt(lines, index).number;
  const at = (amount: number) =>
    occurrences.filter((o) => o.values.some((v) => sameAmount(amount, v))).map((o) => lineOf(o.index));
  const last = Math.max(...at(value));
  // Each operand where it stands last above the value: the block of totals, not a line of page 1 carried forward.
  const first = Math.min(...operands.map((operand) => Math.max(...at(operand).filter((line) => line <= last))));
  if (!Number.isFinite(first) || !Number.isFinite(last) || last <= first) return [];
  const rates = facts.numberOccurrences().filter((o) => o.percent);
  // A taxable base (`VAT 20% of 2,511.85`, `USt. 7 % auf 281,04`): times a rate on its line it gives an operand.
  const isBase = (o: NumberOccurrence) =>
    rates.some(
      (rate) =>
        lineOf(rate.index) === lineOf(o.index) &&
        rate.values.some(
          (r) => r <= 1 && o.values.some((v) => operands.some((operand) => Math.abs(v * r - operand) <= 0.011)),
        ),
    );
  return (
    occurrences
      .filter((o) => lineOf(o.index) > first && lineOf(o.index) < last)
      .filter((o) => !operands.some((operand) => o.values.some((v) => sameAmount(operand, v))))
      .filter((o) => !isBase(o))
      // A discount is printed negative (`-135,13`, `− 50.00`, `(50.00)`): it counts taken off.
      .map(
        (o) =>
          (/(?:[-−(]\s*(?:[A-Z]{3}|[€$£])?\s*)$/.test(facts.text.slice(Math.max(0, o.index - 6), o.index)) ? -1 : 1) *
          o.values[0]!,
      )
  );
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function differs(spec: DiffersCheck, value: unknown, output: unknown): string | undefined {
  const [other] = valuesAt(output, spec.from);
  if (other === undefined || value === null || value === undefined) return undefined;
  if (typeof value === 'number' && typeof other.value === 'number') {
    return sameAmount(value, other.value) ? `${value} equals ${spec.from}` : undefined;
  }
  if (typeof value !== 'string' || typeof other.value !== 'string') return undefined;
  const mine = normaliseText(value);
  const theirs = normaliseText(other.value);
  if (mine === ' ' || theirs === ' ') return undefined;
  if (mine.includes(theirs) || theirs.includes(mine)) {
    return `"${clip(value)}" is the same as ${spec.from} ("${clip(other.value)}")`;
  }
  return undefined;
}

export function term(spec: TermCheck, value: unknown, output: unknown, facts: InputFacts): string | undefined {
  if (typeof value !== 'string') return undefined;
  const [reference] = valuesAt(output, spec.from);
  const bases = typeof reference?.value === 'string' ? readDate(reference.value) : [];
  const days = readDate(value);
  if (bases.length === 0 || days.length === 0) return undefined; // those fields have their own checks
  // A due date the document prints next to its label is the answer (`Échéance : 15 mars 2025`, whatever the terms say).
  const labelled = facts
    .dateOccurrences()
    .filter((occurrence) => rolesNextTo(occurrence, facts.layout(), facts.knownLabels()).has('dueDate'));
  if (labelled.length > 0) {
    if (days.some((day) => labelled.some((occurrence) => occurrence.days.includes(day)))) return undefined;
    const printed = [...new Set(labelled.flatMap((occurrence) => occurrence.days))].map(isoOfDay).join(', ');
    return `${value} is not the due date the input prints (${printed})`;
  }
  const terms = facts.terms();
  const printedLater = facts.dates().filter((day) => bases.some((base) => day > base));
  // No due date, no term and no later date printed: nothing says when payment falls due, so nothing rejects.
  if (terms.length === 0 && printedLater.length === 0) return undefined;
  const fits = days.some(
    (day) => printedLater.includes(day) || bases.some((base) => terms.some((t) => dueDays(base, t).includes(day))),
  );
  if (fits) return undefined;
  const stated = terms.length
    ? terms
        .map((t) => (t.days === 0 ? 'due at once' : `${t.days} days${t.endOfMonth ? ' end of month' : ''}`))
        .join(', ')
    : 'none';
  return `${value} does not follow ${spec.from} (${isoOfDay(bases[0]!)}) by a term the input states (${stated}), nor is it a later date the input prints`;
}
