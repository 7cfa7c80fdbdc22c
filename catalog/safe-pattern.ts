/**
 * The one home of user regular expressions: start rules' `inputMatches` and the `pattern`/`patternProperties` of
 * users' JSON Schemas. They run on RE2 (re2js: pure JavaScript, so it also runs in the workflow sandbox), whose
 * matching time is linear in the input whatever the pattern: no pattern can pin a CPU the way JavaScript's
 * backtracking engine does on `(a|aa)+$`. RE2 has no backreferences and no lookaround; a pattern using them is
 * refused when it is loaded, with what to change ({@link patternProblem}). Pure: imported by workflow code.
 */
import { RE2JS } from 're2js';

/** Start rules test only this much of the input: keywords that pick a tier sit near the start. */
export const MAX_MATCHED_CHARS = 10_000;

/** A compiled user pattern: `test` answers whether it matches anywhere in the text (as `RegExp#test` does). */
export interface UserPattern {
  readonly source: string;
  test(text: string): boolean;
  /** Unique per source and flags: ajv keys its compiled patterns by it. */
  toString(): string;
}

/** Compiled patterns by flags and source; a catalog holds a few, a schema a few more. */
const compiled = new Map<string, UserPattern>();
const MAX_CACHED = 1_000;

/**
 * Compiles `source` on RE2 (cached). Throws RE2's syntax error for a pattern it cannot run: call
 * {@link patternProblem} first where the pattern comes from a user, to say what to change.
 */
export function compilePattern(source: string, options: { ignoreCase?: boolean } = {}): UserPattern {
  const key = `${options.ignoreCase ? 'i' : '-'}${source}`;
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    const re2 = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    pattern = { source, test: (text) => re2.test(text), toString: () => `re2:${key}` };
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, pattern);
  }
  return pattern;
}

/** Whether a start rule's pattern matches the input: case-insensitive, on its first {@link MAX_MATCHED_CHARS} characters. */
export function matchesInput(source: string, inputText: string): boolean {
  return compilePattern(source, { ignoreCase: true }).test(inputText.slice(0, MAX_MATCHED_CHARS));
}

/**
 * Why `source` cannot run on RE2, with what to change, or undefined when it can. `what` names the pattern's role
 * in the message (e.g. "a start rule").
 */
export function patternProblem(source: string, what = 'this pattern'): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    try {
      new RegExp(source, 'u'); // compiling runs nothing: only a match can backtrack
    } catch (invalid) {
      return `${what} is not a valid regular expression: ${(invalid as Error).message}`;
    }
    const detail = error instanceof Error ? error.message : String(error);
    return `${what} cannot run on RE2, the linear-time engine user patterns run on (${detail}): ${fixFor(source)}`;
  }
}

/** What to change in a pattern RE2 refuses, by what it uses. */
function fixFor(source: string): string {
  if (/\(\?<?[=!]/.test(source)) {
    return (
      'lookaround ((?=…), (?!…), (?<=…), (?<!…)) is not supported; match the text itself instead ' +
      '(e.g. "invoice(?= total)" → "invoice total"), or split the condition into two rules'
    );
  }
  if (/\\[1-9]|\\k</.test(source)) {
    return 'backreferences (\\1, \\k<name>) are not supported; spell the repeated text out, e.g. "(ab)\\1" → "abab"';
  }
  return 'use RE2 syntax (https://github.com/google/re2/wiki/Syntax): most JavaScript regular expressions are valid';
}

/**
 * A RegExp engine for ajv (`code.regExp`): JSON Schema `pattern` and `patternProperties` on RE2. ajv passes the
 * flags `u` (RE2 reads code points anyway) and never `i`.
 */
export function re2RegExp(pattern: string, flags: string): { test(text: string): boolean } {
  return compilePattern(pattern, { ignoreCase: flags.includes('i') });
}
re2RegExp.code = 'RE2JS';
