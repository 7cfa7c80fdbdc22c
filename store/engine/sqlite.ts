/**
 * The embedded engine: one SQLite file in WAL mode, so several processes on one host (workers, the CLI) read and
 * write it at once: readers never wait, writers queue on the file lock for at most `busyTimeoutMs`.
 * better-sqlite3 is synchronous; calls are serialised here so a transaction never interleaves with another call.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlEngine, SqlExecutor, SqlRow, SqlValue } from './types';

export interface SqliteOptions {
  path: string;
  /** How long a write waits for another process's write lock before failing as busy, ms. @default 5000 */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Page cache of this connection, KiB. @default 65536 */
  cacheKiB?: number;
}

export function openSqlite(options: SqliteOptions): SqlEngine {
  if (options.path !== ':memory:' && !options.readonly) mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path, { readonly: options.readonly === true });
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL survives a process crash (kill -9); only an OS crash or power loss can lose the last commits.
    db.pragma('synchronous = NORMAL');
  }
  // 64 MiB of page cache: key indexes are written in random order, and reports read the rollups over and over.
  db.pragma(`cache_size = ${-(options.cacheKiB ?? 65_536)}`);
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  const executor: SqlExecutor = {
    dialect: 'sqlite',
    all: async <T = SqlRow>(sql: string, params: readonly SqlValue[] = []) => {
      const statement = prepare(sql);
      return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
    },
    run: async (sql: string, params: readonly SqlValue[] = []) => prepare(sql).run(...params).changes,
  };
  // One call at a time: a transaction's awaits must not let another caller's statement into it.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'sqlite',
    location: options.path,
    all: (sql, params) => serial(() => executor.all(sql, params)),
    run: (sql, params) => serial(() => executor.run(sql, params)),
    transaction: (work) =>
      serial(async () => {
        // IMMEDIATE takes the write lock up front: no deadlock upgrading a read lock to a write lock.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(executor);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    script: (sql) => serial(async () => void db.exec(sql)),
    close: () =>
      serial(async () => {
        if (db.open) db.close();
      }),
  };
}
