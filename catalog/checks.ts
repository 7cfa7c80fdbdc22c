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

/** A function registered on the worker's plugin (`new CascadePlugin({ checks: { name: fn } })`), by name. */
export interface CustomCheck {
  check: 'custom';
  name: string;
}

export type CheckSpec = GroundedCheck | RangeCheck | DateWindowCheck | CurrencyCheck | CustomCheck;

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
