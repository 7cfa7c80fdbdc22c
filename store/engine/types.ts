/**
 * The one interface both engines implement: SQL text with `?` placeholders (the PostgreSQL adapter numbers them),
 * rows as plain objects, integers as numbers, keys as Buffers. Everything above it is engine-neutral.
 */

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | Buffer | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: Dialect;
  /** Rows of a query (or of an `INSERT … RETURNING`). */
  all<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlEngine extends SqlExecutor {
  /** Where the data lives, for messages (a path, or the URL without its password). */
  readonly location: string;
  /** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations), outside any transaction of the caller. */
  script(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A SQLite or PostgreSQL error that a later try can get past: the database was busy, down, or chose a victim. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    // Connection refused/reset/timed out: the server is down or restarting.
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code) ||
    // PostgreSQL: serialization failure, deadlock, shutdown, too many connections, cannot connect now.
    ['40001', '40P01', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004'].includes(code)
  );
}
