/**
 * JSON with comments (`//`, `/* … *\/`) and trailing commas, as config files are commonly written (tsconfig,
 * VS Code settings): both are removed outside strings, then the text is parsed as strict JSON, so positions in
 * error messages stay those of the file.
 */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripJsonc(text));
}

/** The text with comments replaced by spaces (newlines kept) and trailing commas removed, strings untouched. */
export function stripJsonc(text: string): string {
  return outsideStrings(outsideStrings(text, comment), trailingComma);
}

/** Rewrites a JSON text outside its strings: `step` consumes from `i` and returns what to write and where to go on. */
function outsideStrings(text: string, step: (text: string, i: number) => [string, number]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      const [written, next] = step(text, i);
      out += written;
      i = next;
    }
  }
  return out;
}

function comment(text: string, i: number): [string, number] {
  if (text.startsWith('//', i)) {
    const end = text.indexOf('\n', i);
    const stop = end === -1 ? text.length : end;
    return [' '.repeat(stop - i), stop];
  }
  if (text.startsWith('/*', i)) {
    const end = text.indexOf('*/', i + 2);
    const stop = end === -1 ? text.length : end + 2;
    return [text.slice(i, stop).replace(/[^\n]/g, ' '), stop];
  }
  return [text[i]!, i + 1];
}

function trailingComma(text: string, i: number): [string, number] {
  if (text[i] === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 1 + 4096))) return [' ', i + 1];
  return [text[i]!, i + 1];
}
