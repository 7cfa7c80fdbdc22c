/**
 * The host-local outbox: a small SQLite file per writing process where rows wait until the store has them. A write
 * lands here first (synchronously, well under a millisecond: no server, no lock shared with another process), so a
 * row is on disk before the activity that paid for it goes on, and survives the process being killed.
 *
 * Each file is held with an exclusive lock by its process. When a process dies its lock goes with it, and the next
 * writer on the host that finds the file unlocked adopts it and delivers what is left ("orphans").
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LedgerOperation } from './apply';

const SUFFIX = '.outbox';

export interface OutboxEntry {
  id: number;
  operation: LedgerOperation;
}

export class Outbox {
  private readonly append: Database.Statement;
  private readonly peekStatement: Database.Statement;
  private readonly removeStatement: Database.Statement;
  private readonly countStatement: Database.Statement;
  private readonly deadStatement: Database.Statement;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS operations (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dead (id INTEGER PRIMARY KEY, body TEXT NOT NULL, error TEXT NOT NULL, at INTEGER NOT NULL);`);
    this.append = db.prepare('INSERT INTO operations (body) VALUES (?)');
    this.peekStatement = db.prepare('SELECT id, body FROM operations ORDER BY id LIMIT ?');
    this.removeStatement = db.prepare('DELETE FROM operations WHERE id <= ?');
    this.countStatement = db.prepare('SELECT count(*) AS n FROM operations');
    this.deadStatement = db.prepare(
      'INSERT OR REPLACE INTO dead (id, body, error, at) SELECT id, body, ?, ? FROM operations WHERE id = ?',
    );
  }

  /** A new outbox of this process in `dir`. */
  static create(dir: string): Outbox {
    mkdirSync(dir, { recursive: true });
    const name = `${hostname().replace(/[^\w.-]/g, '_')}-${process.pid}-${randomBytes(4).toString('hex')}${SUFFIX}`;
    const outbox = Outbox.lock(join(dir, name), 5000);
    if (!outbox) throw new Error(`could not lock the new outbox file ${join(dir, name)}`);
    return outbox;
  }

  /**
   * Opens `path` and takes its exclusive lock, or returns undefined when another live process holds it.
   * `waitMs`: how long to wait for the lock.
   */
  static lock(path: string, waitMs = 0): Outbox | undefined {
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      db.pragma(`busy_timeout = ${waitMs}`);
      // Exclusive before WAL: the lock is then held for the connection's life, and no shared memory is used.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // The first write takes the lock (and keeps it, in exclusive mode).
      db.exec('BEGIN EXCLUSIVE; COMMIT');
      return new Outbox(path, db);
    } catch (error) {
      db?.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return undefined;
      throw error;
    }
  }

  /** Outboxes in `dir` left by processes that are gone, locked for this one (skips `except`, its own). */
  static adoptOrphans(dir: string, except: ReadonlySet<string>): Outbox[] {
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith(SUFFIX));
    } catch {
      return [];
    }
    const adopted: Outbox[] = [];
    for (const name of names) {
      const path = join(dir, name);
      if (except.has(path)) continue;
      try {
        const outbox = Outbox.lock(path);
        if (outbox) adopted.push(outbox);
      } catch {
        // An unreadable file is left for a person to look at; the writer goes on with the others.
      }
    }
    return adopted;
  }

  add(operations: readonly LedgerOperation[]): void {
    if (operations.length === 1) {
      this.append.run(JSON.stringify(operations[0]));
      return;
    }
    this.db.transaction(() => {
      for (const operation of operations) this.append.run(JSON.stringify(operation));
    })();
  }

  /** The oldest `limit` operations, in the order they were written. */
  peek(limit: number): OutboxEntry[] {
    return (this.peekStatement.all(limit) as { id: number; body: string }[]).map((row) => ({
      id: row.id,
      operation: JSON.parse(row.body) as LedgerOperation,
    }));
  }

  /** Forgets every operation up to `id`: the store has them. */
  removeThrough(id: number): void {
    this.removeStatement.run(id);
  }

  /** Moves an operation the store refuses for good aside (kept for a person, out of the way of the rest). */
  bury(id: number, error: string, atMs: number): void {
    this.db.transaction(() => {
      this.deadStatement.run(error.slice(0, 1000), atMs, id);
      this.removeStatement.run(id);
    })();
  }

  get pending(): number {
    return (this.countStatement.get() as { n: number }).n;
  }

  get buried(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM dead').get() as { n: number }).n;
  }

  /** Closes it; an empty outbox without buried rows is deleted (with its WAL). */
  close(): void {
    const empty = this.pending === 0 && this.buried === 0;
    this.db.close();
    if (empty) for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.path}${suffix}`, { force: true });
  }
}
