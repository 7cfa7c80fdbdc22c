/**
 * Detects a repetition loop at the end of a truncated answer: a greedy model that starts repeating itself ("la la
 * la", "\n\n\n", `{"a":1},{"a":1},…`, the same sentence, the same line item, the same block of lines) repeats it
 * until max_tokens runs out, and repeats it again, longer, when given more. Pure: no I/O.
 *
 * Three rules, the first that matches wins:
 * - a short unit (up to 64 characters) filling the last 256 characters (at least five copies);
 * - a long unit (a sentence, a line, a block written on one line; up to 2,000 characters) repeated exactly three
 *   times at the end: three identical copies of 65 characters or more do not happen by chance in an answer;
 * - a block of whole lines (1 to 20 lines, at least 24 visible characters) repeated three times before the last,
 *   cut-off line, comparing lines without their surrounding whitespace (a model that drifts in indentation or line
 *   endings while it loops). The block's visible size keeps legitimate repeats out: closing brackets, blank lines.
 */

/** Longest short unit looked for, in characters, and the characters at the end it must fill. */
const MAX_UNIT = 64;
const WINDOW = 256;
/** Longest long unit, in characters, and how many copies of it must end the text. */
const MAX_LONG_UNIT = 2_000;
const LONG_COPIES = 3;
/** Largest block of lines, how many copies must end the text, and the fewest visible characters a block has. */
const MAX_BLOCK_LINES = 20;
const BLOCK_COPIES = 3;
const MIN_BLOCK_CHARS = 24;

/** The unit (or block of lines) the text ends by repeating, or undefined. */
export function repetitionLoopUnit(text: string): string | undefined {
  return shortUnit(text) ?? longUnit(text) ?? lineBlock(text);
}

/** Whether the last `window` characters each equal the one `unit` before them (the tail has period `unit`). */
function periodic(text: string, unit: number, window: number): boolean {
  const end = text.length;
  if (end < window + unit) return false;
  for (let index = end - window; index < end; index++) {
    if (text.charCodeAt(index) !== text.charCodeAt(index - unit)) return false;
  }
  return true;
}

function shortUnit(text: string): string | undefined {
  for (let unit = 1; unit <= MAX_UNIT; unit++) {
    if (periodic(text, unit, Math.max(WINDOW, unit * 4))) return text.slice(text.length - unit);
  }
  return undefined;
}

function longUnit(text: string): string | undefined {
  const longest = Math.min(MAX_LONG_UNIT, Math.floor(text.length / LONG_COPIES));
  for (let unit = MAX_UNIT + 1; unit <= longest; unit++) {
    if (periodic(text, unit, unit * (LONG_COPIES - 1))) return text.slice(text.length - unit);
  }
  return undefined;
}

function lineBlock(text: string): string | undefined {
  const lines = text.split('\n');
  lines.pop(); // the last line was cut off by max_tokens (or is empty after a final newline)
  const trimmed = lines.map((line) => line.trim());
  const end = trimmed.length;
  for (let size = 1; size <= MAX_BLOCK_LINES && size * BLOCK_COPIES <= end; size++) {
    const block = trimmed.slice(end - size);
    if (block.join('').replace(/\s/g, '').length < MIN_BLOCK_CHARS) continue;
    let repeats = true;
    for (let index = end - size * BLOCK_COPIES; index < end - size && repeats; index++) {
      repeats = trimmed[index] === trimmed[index + size];
    }
    if (repeats) return lines.slice(end - size).join('\n');
  }
  return undefined;
}
