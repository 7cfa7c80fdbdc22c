/**
 * Batch lines as objects in an S3 bucket (`--out s3://bucket/path/results.jsonl`). S3 cannot append, so each line is
 * an object of its own under `<key>.lines/`, named by the hash of its line key: a retried write puts the same bytes
 * under the same name (idempotent without a lock), and workers on any host write the same bucket. `joinS3Lines`
 * then writes the lines as one JSONL object at `<key>` (the `batch` command does it when the batch ends).
 *
 * Lines are immutable once written, so each process reads an object once and remembers what it held.
 */
import { createHash } from 'node:crypto';
import { S3BlobStore, blobLocation, type BlobStore } from '../../../blobs';
import { lineInfo, type ResultSink, type SinkLine } from '../sink';
import type { OutputLocation } from '../../../inputs/output-location';

type S3Output = Extract<OutputLocation, { kind: 's3' }>;
type Env = Record<string, string | undefined>;

/** What a line object held: enough for `recordedIds` and `linesOf`, and its text for the join. */
interface LineObject {
  id: string;
  done: boolean;
  line: SinkLine;
  text: string;
}

/** The name of a line's object: a hash of its key (no item id in a name). Pure. */
export function lineObjectName(key: string): string {
  return `${createHash('sha256').update(key).digest('hex')}.json`;
}

/** The store of one output's line objects: the bucket, under `<key>.lines/`, with the AWS settings of `env`. */
export function lineStore(output: S3Output, env: Env = process.env): S3BlobStore {
  const location = blobLocation({ url: `s3://${output.bucket}` }, env);
  if (location.kind !== 's3') throw new Error('unreachable: an s3:// URL reads as a bucket');
  return new S3BlobStore({ ...location, prefix: `${output.key}.lines/` });
}

export class S3ResultSink implements ResultSink {
  private readonly stores = new Map<string, S3BlobStore>();
  private readonly seen = new Map<string, Map<string, LineObject>>();

  constructor(
    private readonly locate: (path: string) => S3Output,
    private readonly env: Env = process.env,
  ) {}

  async recordedIds(path: string): Promise<ReadonlySet<string>> {
    const lines = await this.refresh(path);
    return new Set([...lines.values()].filter((line) => line.done).map((line) => line.id));
  }

  async append(path: string, key: string, line: object): Promise<boolean> {
    const name = lineObjectName(key);
    const store = this.store(path);
    const lines = this.lines(path);
    if (lines.has(name) || (await store.get(name)) !== undefined) return false;
    const text = JSON.stringify(line);
    await store.put(name, Buffer.from(text));
    const object = parse(text);
    if (object) lines.set(name, object);
    return true;
  }

  async linesOf(path: string, id: string): Promise<readonly SinkLine[]> {
    const lines = await this.refresh(path);
    return [...lines.values()].filter((line) => line.id === id).map((line) => line.line);
  }

  close(): void {
    for (const store of this.stores.values()) store.close();
    this.stores.clear();
  }

  private store(path: string): S3BlobStore {
    let store = this.stores.get(path);
    if (!store) this.stores.set(path, (store = lineStore(this.locate(path), this.env)));
    return store;
  }

  private lines(path: string): Map<string, LineObject> {
    let lines = this.seen.get(path);
    if (!lines) this.seen.set(path, (lines = new Map()));
    return lines;
  }

  /** Lists the line objects and reads those this process has not seen yet (a few at a time). */
  private async refresh(path: string): Promise<Map<string, LineObject>> {
    const lines = this.lines(path);
    const unread = (await this.store(path).list('')).filter((name) => !lines.has(name));
    await readAll(this.store(path), unread, lines);
    return lines;
  }
}

async function readAll(store: BlobStore, names: string[], into: Map<string, LineObject>): Promise<void> {
  let next = 0;
  const reader = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const bytes = await store.get(name);
      const object = bytes && parse(Buffer.from(bytes).toString('utf8'));
      if (object) into.set(name, object);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, names.length) }, reader));
}

function parse(text: string): LineObject | undefined {
  const info = lineInfo(text);
  if (!info) return undefined;
  const line: SinkLine = {
    key: info.key,
    ...(info.status && { status: info.status }),
    ...(info.supersedes && { supersedes: info.supersedes }),
  };
  return { id: info.id, done: info.done, line, text };
}

/**
 * Joins an output's line objects into one JSONL object at its key, ordered by item id then line key (objects carry
 * no write order); returns how many lines. Run it again after a rerun: it rewrites the whole object.
 */
export async function joinS3Lines(output: S3Output, env: Env = process.env): Promise<number> {
  const store = lineStore(output, env);
  try {
    const lines = new Map<string, LineObject>();
    await readAll(store, await store.list(''), lines);
    const sorted = [...lines.values()].sort((a, b) =>
      a.id === b.id ? (a.line.key < b.line.key ? -1 : 1) : a.id < b.id ? -1 : 1,
    );
    const text = sorted.map((line) => `${line.text}\n`).join('');
    const location = blobLocation({ url: `s3://${output.bucket}` }, env);
    if (location.kind !== 's3') throw new Error('unreachable');
    const slash = output.key.lastIndexOf('/');
    const whole = new S3BlobStore({ ...location, prefix: output.key.slice(0, slash + 1) });
    try {
      await whole.put(output.key.slice(slash + 1), Buffer.from(text));
    } finally {
      whole.close();
    }
    return sorted.length;
  } finally {
    store.close();
  }
}
