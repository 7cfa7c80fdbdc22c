/**
 * Guards for user regular expressions (`startRules[].inputMatches`), which run against every input.
 * JavaScript's backtracking engine takes exponential time on a repeated group that itself repeats
 * (`(a+)+$`, `(\w*)*`): one such rule pins a worker's CPU for minutes. Such patterns are refused at load,
 * and every match reads only the first {@link MAX_MATCHED_CHARS} characters, which bounds the polynomial
 * cases (`.*a.*b.*c`) that remain. Pure: imported by workflow code through `route.ts`.
 */

/** Start rules test only this much of the input: keywords that pick a tier sit near the start. */
export const MAX_MATCHED_CHARS = 10_000;

/** Why `pattern` could backtrack catastrophically (a quantified group holding a repeat), or undefined. */
export function nestedQuantifier(pattern: string): string | undefined {
  // One frame per open group: its start, and whether something inside it repeats.
  const frames: { start: number; repeats: boolean }[] = [{ start: 0, repeats: false }];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      i++;
    } else if (char === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (char === '(') {
      frames.push({ start: i, repeats: false });
      if (pattern[i + 1] === '?') i++; // (?: (?= (?! (?<name> (?<= : the `?` is not a quantifier
    } else if (char === ')' && frames.length > 1) {
      const group = frames.pop()!;
      const quantifier = quantifierAt(pattern, i + 1);
      if (quantifier.repeats && group.repeats) {
        return `the group ${pattern.slice(group.start, i + 1)} repeats and holds a repeat itself: such patterns can take minutes on some inputs; rewrite it without the nested quantifier`;
      }
      frames[frames.length - 1]!.repeats ||= group.repeats || quantifier.repeats;
      i += quantifier.length;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.repeats) frames[frames.length - 1]!.repeats = true;
      if (quantifier.length) i += quantifier.length - 1;
    }
  }
  return undefined;
}

/** The quantifier starting at `at` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, lazy or not) and whether it repeats. */
function quantifierAt(pattern: string, at: number): { length: number; repeats: boolean } {
  const char = pattern[at];
  let length = 0;
  let repeats = false;
  if (char === '*' || char === '+') [length, repeats] = [1, true];
  else if (char === '?') length = 1;
  else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (braces) {
      length = braces[0].length;
      repeats = braces[2] !== undefined && (braces[3] === '' || Number(braces[3]) > 1);
      if (braces[2] === undefined) repeats = Number(braces[1]) > 1;
    }
  }
  if (length && pattern[at + length] === '?') length++; // lazy
  return { length, repeats };
}
