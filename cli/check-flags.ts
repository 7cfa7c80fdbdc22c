/**
 * Per-request quality checks from the command line: `--check <spec>` (repeatable) and `--checks <file.json>`.
 * A spec is the catalog's check spec written short, `<check>:<fields>[:<option>=<value>,…]`, or the same spec as
 * a JSON object. Every spec is validated with the catalog's schema, so a typo is exit 2 before anything starts:
 *
 *   grounded:vendor,total              { "check": "grounded", "fields": ["vendor", "total"] }
 *   grounded:total:as=number           { "check": "grounded", "fields": ["total"], "as": "number" }
 *   range:total,lines[].amount:min=0   { "check": "range", "fields": ["total", "lines[].amount"], "min": 0 }
 *   dateWindow:dueDate:minDays=0,maxDays=120,fromField=issueDate
 *   currency:currency                  { "check": "currency", "fields": ["currency"] }
 *   near:total:preset=total            { "check": "near", "fields": ["total"], "preset": "total" }
 *   near:total:labels=Amount due|Total { "check": "near", "fields": ["total"], "labels": ["Amount due", "Total"] }
 *   sum:total:of=subtotal+tax,charges=true
 *   differs:vendor:from=customer       { "check": "differs", "fields": ["vendor"], "from": "customer" }
 *   term:dueDate:from=issueDate        { "check": "term", "fields": ["dueDate"], "from": "issueDate" }
 *   custom:totalMatchesLines           { "check": "custom", "name": "totalMatchesLines" }
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECK_KINDS, type CheckSpec } from '../catalog/checks';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { checkListSchema, checkSpecSchema } from '../catalog/node/checks-schema';
import { issuesText } from '../catalog/node/issues';

const NUMERIC_OPTIONS: ReadonlySet<string> = new Set(['min', 'max', 'minDays', 'maxDays', 'tolerance']);
const BOOLEAN_OPTIONS: ReadonlySet<string> = new Set(['charges']);
/** Options whose value is a list: labels separated by `|`, summed fields by `+`. */
const LIST_OPTIONS: Record<string, string> = { labels: '|', of: '+' };
const KINDS = CHECK_KINDS;
/** The options each check takes in the short form (the JSON spec's other keys). */
const OPTIONS: Record<string, readonly string[]> = {
  grounded: ['as'],
  range: ['min', 'max'],
  dateWindow: ['minDays', 'maxDays', 'relativeTo', 'fromField'],
  currency: [],
  near: ['preset', 'labels'],
  sum: ['of', 'tolerance', 'charges'],
  differs: ['from'],
  term: ['from'],
};

/** The flags' help texts are in cli/options.ts (command definitions load it, and this file on use). */

function invalid(message: string): never {
  throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}

/** Commander's collector for `--check`: parses one spec and appends it. */
export function collectCheck(value: string, previous: CheckSpec[] = []): CheckSpec[] {
  return [...previous, parseCheck(value)];
}

/** One `--check` value: the short form or a JSON object, validated against the catalog's check schema. */
export function parseCheck(value: string): CheckSpec {
  const text = value.trim();
  const spec = text.startsWith('{') ? parseJson(text) : parseShort(text);
  const parsed = checkSpecSchema.safeParse(spec);
  if (!parsed.success) {
    invalid(`--check "${value}": ${issuesText(parsed.error.issues)}`);
  }
  return parsed.data as CheckSpec;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return invalid(`--check ${text}: not a JSON object: ${(error as Error).message}`);
  }
}

function parseShort(text: string): Record<string, unknown> {
  const [kind = '', fields = '', options, ...rest] = text.split(':');
  if (!(KINDS as readonly string[]).includes(kind)) {
    invalid(`--check "${text}": unknown check "${kind}"; use one of ${KINDS.join(', ')}, as <check>:<fields>`);
  }
  if (rest.length > 0) invalid(`--check "${text}": too many ":"; the form is <check>:<fields>[:<option>=<value>,…]`);
  if (!fields)
    invalid(`--check "${text}": name the ${kind === 'custom' ? 'check function' : 'fields'} after "${kind}:"`);
  if (kind === 'custom') {
    if (options !== undefined) invalid(`--check "${text}": a custom check takes no options`);
    return { check: 'custom', name: fields };
  }
  const spec: Record<string, unknown> = { check: kind, fields: fields.split(',').map((field) => field.trim()) };
  for (const pair of options ? options.split(',') : []) {
    const [key = '', raw, ...extra] = pair.split('=');
    if (raw === undefined || extra.length > 0 || !key.trim()) {
      invalid(`--check "${text}": options are <option>=<value> separated by commas, got "${pair}"`);
    }
    const name = key.trim();
    const allowed = OPTIONS[kind] ?? [];
    if (!allowed.includes(name)) {
      invalid(
        `--check "${text}": ${kind} has no option "${name}"` +
          (allowed.length ? ` (it takes ${allowed.join(', ')})` : ' (it takes none)'),
      );
    }
    if (NUMERIC_OPTIONS.has(name)) {
      const number = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(number))
        invalid(`--check "${text}": ${name} must be a number, got "${raw}"`);
      spec[name] = number;
    } else if (BOOLEAN_OPTIONS.has(name)) {
      if (raw.trim() !== 'true' && raw.trim() !== 'false')
        invalid(`--check "${text}": ${name} is true or false, got "${raw}"`);
      spec[name] = raw.trim() === 'true';
    } else if (LIST_OPTIONS[name]) {
      spec[name] = raw.split(LIST_OPTIONS[name]).map((item) => item.trim());
    } else spec[name] = raw.trim();
  }
  return spec;
}

/** `--checks <file.json>`: an array of check specs, validated with the catalog's schema; errors name the file. */
export function readChecksFile(path: string): CheckSpec[] {
  const file = resolve(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return invalid(`--checks ${file}: ${code ? `cannot read it (${code})` : `not JSON: ${(error as Error).message}`}`);
  }
  const parsed = checkListSchema.safeParse(json);
  if (!parsed.success) {
    const why = issuesText(parsed.error.issues, { limit: 5 });
    invalid(`--checks ${file}: ${Array.isArray(json) ? why : 'expected a JSON array of check specs'}`);
  }
  return parsed.data as CheckSpec[];
}

/** The checks of both flags together, `undefined` when neither was given. */
export function requestChecks(flags: { check?: CheckSpec[]; checks?: string }): CheckSpec[] | undefined {
  const all = [...(flags.checks ? readChecksFile(flags.checks) : []), ...(flags.check ?? [])];
  return all.length > 0 ? all : undefined;
}
