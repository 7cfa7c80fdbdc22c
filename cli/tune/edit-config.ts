/**
 * Edits one route of a config file in place: only the text of `routes["<task>"]` is rewritten (or a new route
 * added to `routes`), so the rest of the file (comments, order, formatting) stays as written. JSON with comments
 * and trailing commas, as the config loader reads it.
 */
import { parseJsonc } from '../../catalog/node/jsonc';
import type { RouteSpec } from '../../catalog/types';

interface Span {
  start: number;
  end: number;
}

/** Whitespace and comments from `i`. */
function skip(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else return i;
  }
}

function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Scans the value at `i`; records the span of every value whose path is in `wanted` (joined by NUL). */
function scan(text: string, i: number, path: string[], spans: Map<string, Span>): number {
  const start = skip(text, i);
  let end: number;
  if (text[start] === '{' || text[start] === '[') {
    const object = text[start] === '{';
    let j = skip(text, start + 1);
    let index = 0;
    while (text[j] !== (object ? '}' : ']')) {
      if (j >= text.length) throw new Error('unterminated object or array');
      let key = String(index++);
      if (object) {
        const keyEnd = stringEnd(text, j);
        key = JSON.parse(text.slice(j, keyEnd)) as string;
        j = skip(text, keyEnd);
        if (text[j] !== ':') throw new Error(`expected ":" at offset ${j}`);
        j++;
      }
      j = skip(text, scan(text, j, [...path, key], spans));
      if (text[j] === ',') j = skip(text, j + 1);
    }
    end = j + 1;
  } else if (text[start] === '"') {
    end = stringEnd(text, start);
  } else {
    end = start;
    while (end < text.length && !/[\s,}\]/]/.test(text[end]!)) end++;
  }
  spans.set(path.join('\u0000'), { start, end });
  return end;
}

/** The column where the line holding `offset` starts its text, and the file's indent unit. */
function indentation(text: string, offset: number): { line: string; unit: string } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { line, unit };
}

function render(value: unknown, line: string, unit: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`\n${line}`);
}

/**
 * The config text with `routes[task]` replaced by `change(route)`; `current` is the route as loaded (used when the
 * file does not list the task itself, e.g. it comes from the built-in catalog through `extends`).
 */
export function editRoute(
  text: string,
  task: string,
  current: RouteSpec,
  change: (route: Record<string, unknown>) => Record<string, unknown>,
): string {
  const spans = new Map<string, Span>();
  scan(text, 0, [], spans);
  const routes = spans.get('routes');
  if (!routes || text[routes.start] !== '{') throw new Error('the config has no "routes" object');
  const own = spans.get(`routes\u0000${task}`);
  if (own) {
    const route = parseJsonc(text.slice(own.start, own.end)) as Record<string, unknown>;
    const { line, unit } = indentation(text, own.start);
    return text.slice(0, own.start) + render(change(route), line, unit) + text.slice(own.end);
  }
  const { line, unit } = indentation(text, routes.start);
  const member = `${line}${unit}${JSON.stringify(task)}: ${render(change({ ...current }), line + unit, unit)}`;
  const empty = skip(text, routes.start + 1) === routes.end - 1;
  return `${text.slice(0, routes.start + 1)}\n${member}${empty ? `\n${line}` : ','}${text.slice(routes.start + 1)}`;
}
