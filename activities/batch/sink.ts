/**
 * The batch's result sink: appends one JSON line per item id, at most once per id, so an activity retried after a
 * worker crash (the line written, the completion never reported) does not write it twice.
 *
 * `FileResultSink` assumes every worker of a batch shares one filesystem (one host): it appends with single
 * `appendFileSync` calls and, before each write, reads whatever other processes appended since it last looked.
 * Two processes writing the same id at the same instant could still both append it; Temporal runs one activity
 * attempt at a time, so that needs a stuck attempt and its retry to finish together. A cluster of hosts would
 * plug in a `ResultSink` over a shared store with a conditional put (a database row keyed by batch and item id).
 */
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Where batch lines go. Implementations must make `append` idempotent per (path, key). A line's key is its `key`
 * field when it has one (lines that record a run's spend: one per run of an item), else its `id`.
 */
export interface ResultSink {
  /**
   * Ids at `path` whose item is done: lines with status `ok` or `failed` (or no status). `retryable` and `undone`
   * lines record spend only; their items run again.
   */
  recordedIds(path: string): ReadonlySet<string>;
  /** Appends `line` (a JSON object) unless a line with this key is recorded; true when it wrote. */
  append(path: string, key: string, line: object): boolean;
}

interface FileState {
  /** Ids of done items. */
  ids: Set<string>;
  /** Keys of every line, for idempotent appends. */
  keys: Set<string>;
  /** Bytes of the file read so far: always at a line boundary. */
  readBytes: number;
  /** The file ends in a partial line (a crash mid-write); the next append starts a new line first. */
  partialTail: boolean;
  /** File size at the last look. */
  size: number;
}

/** A JSONL file per path, its recorded ids kept in memory and refreshed from the file before use. */
export class FileResultSink implements ResultSink {
  private readonly files = new Map<string, FileState>();

  recordedIds(path: string): ReadonlySet<string> {
    return this.refresh(path).ids;
  }

  append(path: string, key: string, line: object): boolean {
    const state = this.refresh(path);
    if (state.keys.has(key)) return false;
    const sizeBefore = state.size;
    const text = `${state.partialTail ? '\n' : ''}${JSON.stringify(line)}\n`;
    // One write of one full line: readers never see half of it unless the machine dies mid-write.
    appendFileSync(path, text);
    const info = lineInfo(JSON.stringify(line));
    state.keys.add(key);
    if (info?.done) state.ids.add(info.id);
    state.size = state.readBytes = sizeBefore + Buffer.byteLength(text);
    state.partialTail = false;
    return true;
  }

  /** Reads lines appended since the last look (by any process); starts over if the file shrank or was replaced. */
  private refresh(path: string): FileState {
    let state = this.files.get(path);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      size = 0;
    }
    if (!state || size < state.readBytes) {
      state = { ids: new Set(), keys: new Set(), readBytes: 0, partialTail: false, size: 0 };
      this.files.set(path, state);
    }
    if (size > state.readBytes) readNewLines(path, state, size);
    state.size = size;
    return state;
  }
}

function readNewLines(path: string, state: FileState, size: number): void {
  const buffer = Buffer.alloc(size - state.readBytes);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, state.readBytes + read);
      if (n === 0) break;
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  const lastNewline = buffer.lastIndexOf(10);
  for (const line of buffer
    .subarray(0, lastNewline + 1)
    .toString('utf8')
    .split('\n')) {
    const info = lineInfo(line);
    if (!info) continue;
    state.keys.add(info.key);
    if (info.done) state.ids.add(info.id);
  }
  state.readBytes += lastNewline + 1;
  state.partialTail = lastNewline + 1 < buffer.length;
}

/** Statuses of lines that record spend without making their item done. */
const NOT_DONE: ReadonlySet<unknown> = new Set(['retryable', 'undone']);

/** A JSON line's id, key and whether it makes its item done; undefined for a blank, broken or id-less line. */
export function lineInfo(line: string): { id: string; key: string; done: boolean } | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as { id?: unknown; key?: unknown; status?: unknown } | null;
    if (typeof value?.id !== 'string') return undefined;
    const key = typeof value.key === 'string' ? value.key : value.id;
    return { id: value.id, key, done: !NOT_DONE.has(value.status) };
  } catch {
    return undefined;
  }
}

/** The `id` of a JSON line, or undefined for a blank, broken or id-less line. */
export function idOfLine(line: string): string | undefined {
  return lineInfo(line)?.id;
}
