/**
 * Reading batch inputs: JSONL (one item per line, read from byte offsets), a JSON array, or a directory of
 * text files. Used by the batch activities (pages of ids, one item's text) and by the client's pre-checks.
 */
import { closeSync, openSync, readSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import type { BatchCursor, BatchItemRef, BatchSource } from '../workflows/batch/definitions';
import { LABEL_FIELD } from './score';

/** An item's text, or why it has none. Item problems become error lines, never batch failures. */
export type ItemText = { text: string } | { code: 'empty' | 'malformed' | 'unreadable' | 'binary'; reason: string };

/** One entry of a page: its ref and what was read of it. */
export interface SourceEntry extends BatchItemRef {
  content: ItemText;
}

/** Fields that hold an object item's document, first present wins; without any, the object itself is the document. */
const TEXT_FIELDS = ['text', 'input', 'document', 'content'] as const;
const CHUNK_BYTES = 64 * 1024;

/** The kind of source a path names: a directory, `.jsonl`/`.ndjson`, or `.json`. */
export function detectSourceKind(path: string): BatchSource['kind'] {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `--input: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    });
  }
  if (stat.isDirectory()) return 'dir';
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidRequest,
    message: `--input ${path}: give a .jsonl file (one item per line), a .json file (an array of items) or a directory of text files`,
  });
}

/** The id and text of one parsed item; `fallbackId` when it has no `id` of its own. */
export function itemFromValue(value: unknown, fallbackId: string): { id: string; content: ItemText } {
  if (typeof value === 'string') return { id: fallbackId, content: textOrEmpty(value) };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { id: fallbackId, content: { code: 'malformed', reason: 'an item must be a string or an object' } };
  }
  // The label (expected values, for scoring) is never part of the document: it would hand the model the answer.
  const { id: ownId, [LABEL_FIELD]: _label, ...rest } = value as Record<string, unknown>;
  const hasOwnId =
    (typeof ownId === 'string' && ownId.trim() !== '') || (typeof ownId === 'number' && Number.isFinite(ownId));
  const id = hasOwnId ? String(ownId) : fallbackId;
  const field = TEXT_FIELDS.find((name) => typeof rest[name] === 'string');
  return {
    id,
    content: textOrEmpty(field ? (rest[field] as string) : Object.keys(rest).length ? JSON.stringify(rest) : ''),
  };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes as text, or why they are not text: invalid UTF-8 (a PDF, an image, Latin-1) or NUL bytes (UTF-16,
 * executables). Decoding them anyway would send replacement characters to a model, and bill for them.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { reason: 'not UTF-8 text (a binary file?): convert it to UTF-8 text first' };
  }
  if (text.includes('\u0000'))
    return { reason: 'holds NUL bytes (a binary or UTF-16 file?): convert it to UTF-8 text first' };
  return { text };
}

function textOf(bytes: Uint8Array, what: string): ItemText {
  const decoded = decodeText(bytes);
  return 'text' in decoded ? textOrEmpty(decoded.text) : { code: 'binary', reason: `${what} ${decoded.reason}` };
}

function textOrEmpty(text: string): ItemText {
  return text.trim() ? { text } : { code: 'empty', reason: 'the item is empty' };
}

/** Reads up to `limit` entries from `cursor`. Blank JSONL lines are not items; their line numbers still count. */
export function readEntries(
  source: BatchSource,
  cursor: BatchCursor,
  limit: number,
): { entries: SourceEntry[]; next: BatchCursor; exhausted: boolean } {
  if (source.kind === 'jsonl') return readJsonlEntries(source.path, cursor, limit);
  const all = source.kind === 'json' ? jsonItems(source.path) : dirFiles(source.path);
  const entries: SourceEntry[] = [];
  let index = cursor.index;
  for (; index < all.length && entries.length < limit; index++) entries.push(entryAt(source, all, index));
  return { entries, next: { index, offset: 0 }, exhausted: index >= all.length };
}

/** Reads the one entry a ref points at (the document itself). */
export function readEntry(source: BatchSource, ref: BatchItemRef): SourceEntry | undefined {
  if (source.kind === 'jsonl') return readJsonlEntries(source.path, ref.at, 1).entries[0];
  const all = source.kind === 'json' ? jsonItems(source.path) : dirFiles(source.path);
  return ref.at.index < all.length ? entryAt(source, all, ref.at.index) : undefined;
}

function entryAt(source: BatchSource, all: unknown[] | string[], index: number): SourceEntry {
  const at = { index, offset: 0 };
  if (source.kind === 'json') return { at, ...itemFromValue(all[index], `index-${index}`) };
  const file = all[index] as string;
  try {
    return { at, file, id: file, content: textOf(readFileSync(join(source.path, file)), file) };
  } catch (error) {
    return {
      at,
      file,
      id: file,
      content: { code: 'unreadable', reason: `cannot read ${file}: ${(error as Error).message}` },
    };
  }
}

function readJsonlEntries(path: string, cursor: BatchCursor, limit: number) {
  const entries: SourceEntry[] = [];
  const fd = openSync(path, 'r');
  try {
    let { index } = cursor;
    let position = cursor.offset;
    let lineStart = cursor.offset;
    let pending: Buffer[] = [];
    const chunk = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, position);
      if (read === 0) {
        // A last line without its newline still counts.
        const line = Buffer.concat(pending);
        if (line.toString('utf8').trim()) entries.push(jsonlEntry(line, index++, lineStart));
        return { entries, next: { index, offset: position }, exhausted: true };
      }
      const data = chunk.subarray(0, read);
      let from = 0;
      while (entries.length < limit) {
        const newline = data.indexOf(10, from);
        if (newline < 0) break;
        const line = Buffer.concat([...pending, data.subarray(from, newline)]);
        pending = [];
        if (line.toString('utf8').trim()) entries.push(jsonlEntry(line, index, lineStart));
        index++;
        from = newline + 1;
        lineStart = position + from;
      }
      if (entries.length >= limit)
        return { entries, next: { index, offset: lineStart }, exhausted: isAtEnd(fd, lineStart) };
      pending.push(Buffer.from(data.subarray(from)));
      position += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** True when only blank lines remain from `offset`. */
function isAtEnd(fd: number, offset: number): boolean {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  for (let at = offset; ;) {
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, at);
    if (read === 0) return true;
    if (chunk.subarray(0, read).toString('utf8').trim()) return false;
    at += read;
  }
}

function jsonlEntry(bytes: Buffer, index: number, offset: number): SourceEntry {
  const at = { index, offset };
  const fallbackId = `line-${index + 1}`;
  const decoded = decodeText(bytes);
  if (!('text' in decoded))
    return { at, id: fallbackId, content: { code: 'binary', reason: `line ${index + 1} ${decoded.reason}` } };
  try {
    return { at, ...itemFromValue(JSON.parse(decoded.text), fallbackId) };
  } catch (error) {
    return {
      at,
      id: fallbackId,
      content: { code: 'malformed', reason: `line ${index + 1} is not valid JSON: ${(error as Error).message}` },
    };
  }
}

/** Parsed JSON arrays by path, reused while the file is unchanged (every item of a JSON source reads it). */
const jsonCache = new Map<string, { stamp: string; items: unknown[] }>();

function jsonItems(path: string): unknown[] {
  const stat = statSync(path);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = jsonCache.get(path);
  if (cached?.stamp === stamp) return cached.items;
  const items = readJsonArrayFile(path);
  jsonCache.clear(); // one file at a time: a batch reads one source
  jsonCache.set(path, { stamp, items });
  return items;
}

/** Reads and parses a JSON source; a file that is not UTF-8 text is refused whole (it has no items to skip to). */
export function readJsonArrayFile(path: string): unknown[] {
  const decoded = decodeText(readFileSync(path));
  if (!('text' in decoded)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--input ${path}: ${decoded.reason}`,
    });
  }
  return parseJsonArray(decoded.text, path);
}

/** Parses a JSON source: it must be an array of items. */
export function parseJsonArray(text: string, path: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--input ${path} is not valid JSON: ${(error as Error).message}`,
    });
  }
  if (!Array.isArray(value)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--input ${path} must hold a JSON array of items (use .jsonl for one item per line)`,
    });
  }
  return value;
}

/** A directory's items: its regular, non-hidden files, sorted by name so positions are stable. */
function dirFiles(path: string): string[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}
