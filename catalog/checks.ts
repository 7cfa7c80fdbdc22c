/**
 * Quality checks as data: declared per task in the catalog (`routes.<task>.checks`) and per request, carried in the
 * workflow input and run by the `callModel` activity after ajv. Sandbox-safe types only; the engine lives in
 * `activities/checks/`. Field paths are dotted, with `[]` for "every element": `total`, `lines[].amount`.
 */

/** How a grounded field's value is compared with the input; `auto` goes by the value (number, ISO date, string). */
export type GroundAs = 'auto' | 'string' | 'number' | 'date';

/** The field's values must occur in the input (strings normalised, numbers in any common notation, dates derivable). */
export interface GroundedCheck {
  check: 'grounded';
  fields: string[];
  as?: GroundAs;
}

/** Numbers within bounds beyond what the schema says, e.g. `min: 0` for amounts. */
export interface RangeCheck {
  check: 'range';
  fields: string[];
  min?: number;
  max?: number;
}

/**
 * A date field within a window of days around a reference: today (the default), some date found in the input, or
 * another date field of the answer (`fromField`). `minDays: -3650, maxDays: 365` = within ten years back, one ahead.
 */
export interface DateWindowCheck {
  check: 'dateWindow';
  fields: string[];
  minDays?: number;
  maxDays?: number;
  relativeTo?: 'today' | 'input';
  fromField?: string;
}

/** A currency field (ISO code or symbol) consistent with the currency symbols, codes and names in the input. */
export interface CurrencyCheck {
  check: 'currency';
  fields: string[];
}

/** The label presets `near` ships: the words printed before each common invoice field, in eight languages. */
export const LABEL_PRESETS = [
  'total',
  'subtotal',
  'tax',
  'dueDate',
  'issueDate',
  'vendor',
  'buyer',
  'invoiceNumber',
] as const;
export type LabelPreset = (typeof LABEL_PRESETS)[number];

/**
 * The value stands next to one of the given labels in the input: on its line after the label (`Total due: 1,342.50`)
 * or under it (`Fälligkeitsdatum` over `14.04.2025`). Catches values that occur in the document in the wrong role:
 * the subtotal, the tax or a line amount as the total, the issue date as the due date, the customer as the vendor.
 * `preset` names a shipped multilingual label list (`total`: "Total", "Amount due", "Gesamtbetrag", "Total TTC",
 * "Importe total"…); `labels` adds labels of your own. Numbers, dates and strings are all compared as printed.
 */
export interface NearCheck {
  check: 'near';
  fields: string[];
  preset?: LabelPreset;
  labels?: string[];
}

/**
 * Each field equals the sum of the values at the `of` paths, within `tolerance` (default 0.01): `total` = `subtotal`
 * + `tax`, or `total` = `lineItems[].amount`. Skipped when an `of` path has no value (a `[]` path: no element).
 * With `charges: true`, amounts the input prints on the lines between the summed values and the field (shipping,
 * handling, a discount) may make up the difference: one of them added or taken off, or all of them with the signs
 * they are printed with.
 */
export interface SumCheck {
  check: 'sum';
  fields: string[];
  of: string[];
  tolerance?: number;
  charges?: boolean;
}

/** Each field differs from the field `from` (strings compared normalised, one inside the other counts as equal). */
export interface DiffersCheck {
  check: 'differs';
  fields: string[];
  from: string;
}

/**
 * The due date from the issue date and the terms: where the input prints a date next to a due-date label
 * (`Fälligkeitsdatum`, `Échéance`, `Due date`…), the value must be that date; otherwise it must follow the date at
 * `from` by a term the input states (`net 30`, `30 Tage netto`, `45 jours fin de mois`, `due on receipt` = 0), or
 * be a later date the input prints.
 */
export interface TermCheck {
  check: 'term';
  fields: string[];
  from: string;
}

/** A function registered on the worker's plugin (`new CascadePlugin({ checks: { name: fn } })`), by name. */
export interface CustomCheck {
  check: 'custom';
  name: string;
}

export type CheckSpec =
  | GroundedCheck
  | RangeCheck
  | DateWindowCheck
  | CurrencyCheck
  | NearCheck
  | SumCheck
  | DiffersCheck
  | TermCheck
  | CustomCheck;

/** Every kind of check, for messages and the command line's short form. */
export const CHECK_KINDS = [
  'grounded',
  'range',
  'dateWindow',
  'currency',
  'near',
  'sum',
  'differs',
  'term',
  'custom',
] as const satisfies readonly CheckSpec['check'][];

/** One failed check, as the ledger row and the repair prompt quote it. */
export interface CheckFailure {
  /** The check's kind, or a custom check's name. */
  check: string;
  /** The field path whose value failed, e.g. `lines[2].amount`. */
  field?: string;
  problem: string;
}

export function formatCheckFailure(failure: CheckFailure): string {
  return `check ${failure.check}${failure.field ? ` at ${failure.field}` : ''}: ${failure.problem}`;
}

/** Text omitted from a log line (the ledger, encrypted with the rest of history, keeps it). */
export const OMITTED = '[text omitted]';

/**
 * What a log line may say about a problem without quoting the document or the answer: the field it names. A check's
 * or verifier's problem text quotes values ("total: 671.25 is a line amount", "one answer says 1342.5"), so logs at
 * INFO/WARN carry only `check at field` unless the worker's `logContent` is on. A verifier's free text names its field
 * before a colon ("total: …"); anything else is omitted.
 */
export function problemLabel(failure: CheckFailure | string): string {
  if (typeof failure !== 'string') {
    const field = failure.field ?? fieldOf(failure.problem);
    return field ? `${failure.check} at ${field}` : `${failure.check}: ${OMITTED}`;
  }
  return fieldOf(failure) ?? OMITTED;
}

/** `lines[2].amount` from "lines[2].amount: …", when the text before the colon is a short field path. */
function fieldOf(text: string): string | undefined {
  const match = /^\s*([A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*)\s*:/.exec(text);
  return match && match[1]!.length <= 64 ? match[1] : undefined;
}
