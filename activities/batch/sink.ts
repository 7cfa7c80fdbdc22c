/**
 * The batch's result sink: appends one JSON line per item id, at most once per id, so an activity retried after a
 * worker crash (the line written, the completion never reported) does not write it twice.
 *
 * `FileResultSink` assumes every worker of a batch shares one filesystem (one host): it appends with single
 * `appendFileSync` calls and, before each write, reads whatever other processes appended since it last looked.
 * Two processes writing the same id at the same instant could still both append it; Temporal runs one activity
 * attempt at a time, so that needs a stuck attempt and its retry to finish together. Workers on several hosts write
 * to S3 or PostgreSQL instead (`sinks/`), chosen by the locator's scheme.
 */
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';

/** A value, or a promise of it: the file sink answers at once, a sink over a network store (S3, PostgreSQL) later. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Where batch lines go. Implementations must make `append` idempotent per (path, key). A line's key is its `key`
 * field when it has one (lines that record a run's spend: one per run of an item), else its `id`. `path` is the
 * batch's `--out`/`--errors` locator: a file path, or a URL a routing sink hands to its driver (`sinks/route.ts`).
 */
export interface ResultSink {
  /**
   * Ids at `path` whose item is done: lines with status `ok` or `failed` (or no status). `retryable` and `undone`
   * lines record spend only; their items run again.
   */
  recordedIds(path: string): Awaitable<ReadonlySet<string>>;
  /** Appends `line` (a JSON object) unless a line with this key is recorded; true when it wrote. */
  append(path: string, key: string, line: object): Awaitable<boolean>;
  /**
   * The lines at `path` of item `id` (key, status, the keys a `superseded` line names). Optional: a sink without it
   * writes no `superseded` lines (see `BatchErrorLine`).
   */
  linesOf?(path: string, id: string): Awaitable<readonly SinkLine[]>;
}

/** What the sink remembers of a line: enough to tell which lines of an item a later line supersedes. */
export interface SinkLine {
  key: string;
  status?: string;
  supersedes?: readonly string[];
}

interface FileState {
  /** Ids of done items. */
  ids: Set<string>;
  /** Keys of every line, for idempotent appends. */
  keys: Set<string>;
  /** Every line's key, status and what it supersedes, by item id. */
  lines: Map<string, SinkLine[]>;
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

  linesOf(path: string, id: string): readonly SinkLine[] {
    return this.refresh(path).lines.get(id) ?? [];
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
    if (info) remember(state, info);
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
      state = { ids: new Set(), keys: new Set(), lines: new Map(), readBytes: 0, partialTail: false, size: 0 };
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
    remember(state, info);
  }
  state.readBytes += lastNewline + 1;
  state.partialTail = lastNewline + 1 < buffer.length;
}

function remember(state: FileState, info: NonNullable<ReturnType<typeof lineInfo>>): void {
  if (info.done) state.ids.add(info.id);
  let lines = state.lines.get(info.id);
  if (!lines) state.lines.set(info.id, (lines = []));
  lines.push({ key: info.key, status: info.status, ...(info.supersedes && { supersedes: info.supersedes }) });
}

/** Statuses of lines that do not make their item done: spend records, and notes that earlier lines are superseded. */
const NOT_DONE: ReadonlySet<unknown> = new Set(['retryable', 'undone', 'superseded']);

/** A JSON line's id, key, status and whether it makes its item done; undefined for a blank, broken or id-less line. */
export function lineInfo(
  line: string,
): { id: string; key: string; done: boolean; status?: string; supersedes?: string[] } | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as { id?: unknown; key?: unknown; status?: unknown; supersedes?: unknown } | null;
    if (typeof value?.id !== 'string') return undefined;
    const key = typeof value.key === 'string' ? value.key : value.id;
    return {
      id: value.id,
      key,
      done: !NOT_DONE.has(value.status),
      ...(typeof value.status === 'string' && { status: value.status }),
      ...(Array.isArray(value.supersedes) && { supersedes: value.supersedes.filter((k) => typeof k === 'string') }),
    };
  } catch {
    return undefined;
  }
}

/**
 * The line that marks an item's earlier error lines superseded once a later line is its final word (`finalKey`: a
 * result, or a `failed` line), or undefined when no earlier line is still open. Pure.
 */
export function supersedingLine(
  id: string,
  finalKey: string,
  by: 'ok' | 'failed',
  errorLines: readonly SinkLine[],
): ({ id: string; key: string } & Record<string, unknown>) | undefined {
  const closed = new Set(errorLines.flatMap((line) => line.supersedes ?? []));
  const open = errorLines
    .filter((line) => line.key !== finalKey && line.status !== 'superseded' && !closed.has(line.key))
    .map((line) => line.key);
  if (open.length === 0) return undefined;
  const key = `${id}@superseded@${finalKey}`;
  return { id, key, status: 'superseded', final: false, supersedes: open, by, costUsd: 0, costMicroUsd: 0, ledger: [] };
}

/** The `id` of a JSON line, or undefined for a blank, broken or id-less line. */
export function idOfLine(line: string): string | undefined {
  return lineInfo(line)?.id;
}
