/**
 * Detects a repetition loop at the end of a truncated answer: a greedy model that starts repeating a short
 * unit ("la la la", "\n\n\n", `{"a":1},{"a":1},…`) repeats it until max_tokens runs out, and repeats it
 * again, longer, when given more. Pure: no I/O.
 */

/** Longest repeated unit looked for, in characters. */
const MAX_UNIT = 64;
/** Characters at the end of the text that must consist of the unit repeated. */
const WINDOW = 256;

/**
 * The unit the text ends by repeating, or undefined. A unit of length L counts when the last WINDOW
 * characters (at least four repeats of it) each equal the character L before them.
 */
export function repetitionLoopUnit(text: string): string | undefined {
  const end = text.length;
  for (let unit = 1; unit <= MAX_UNIT; unit++) {
    const window = Math.max(WINDOW, unit * 4);
    if (end < window + unit) return undefined;
    let repeats = true;
    for (let index = end - window; index < end; index++) {
      if (text.charCodeAt(index) !== text.charCodeAt(index - unit)) {
        repeats = false;
        break;
      }
    }
    if (repeats) return text.slice(end - unit);
  }
  return undefined;
}
