/**
 * Batch lines as rows of a PostgreSQL table (`--out postgres://user@host:5432/db#table`): one row per line key, so a
 * result is one row per item id, and an insert that meets its key (a retried activity, a rerun, two workers racing)
 * changes nothing. Every worker host reaches the same table: no shared disk. The table is made on first use.
 *
 * The password comes from the worker's environment (`PGPASSWORD`, `~/.pgpass`): the URL travels in history.
 */
import type * as PgModule from 'pg';
import { lineInfo, type ResultSink, type SinkLine } from '../sink';
import type { OutputLocation } from '../../../inputs/output-location';

type PostgresLocation = Extract<OutputLocation, { kind: 'postgres' }>;

/** `pg`, required on first use: a worker that writes files never loads it. */
function pg(): typeof PgModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pg') as typeof PgModule;
}

/** The table of one batch output. `seq` keeps the order lines were written in (what a file's order would be). */
export function createTableSql(table: string): string[] {
  const index = `${table.replace(/\./g, '_')}_id_idx`.slice(0, 63);
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      seq bigserial,
      key text PRIMARY KEY,
      id text NOT NULL,
      status text,
      done boolean NOT NULL,
      supersedes jsonb,
      line jsonb NOT NULL,
      written_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS ${index} ON ${table} (id)`,
  ];
}

export class PostgresResultSink implements ResultSink {
  private readonly pools = new Map<string, PgModule.Pool>();
  private readonly tables = new Map<string, Promise<void>>();

  constructor(private readonly locate: (path: string) => PostgresLocation) {}

  async recordedIds(path: string): Promise<ReadonlySet<string>> {
    const { pool, table } = await this.open(path);
    const rows = (await pool.query<{ id: string }>(`SELECT DISTINCT id FROM ${table} WHERE done`)).rows;
    return new Set(rows.map((row) => row.id));
  }

  async append(path: string, key: string, line: object): Promise<boolean> {
    const info = lineInfo(JSON.stringify(line));
    if (!info) throw new Error('a batch line must be a JSON object with a string id');
    const { pool, table } = await this.open(path);
    const result = await pool.query(
      `INSERT INTO ${table} (key, id, status, done, supersedes, line) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO NOTHING`,
      [key, info.id, info.status ?? null, info.done, info.supersedes ? JSON.stringify(info.supersedes) : null, line],
    );
    return result.rowCount === 1;
  }

  async linesOf(path: string, id: string): Promise<readonly SinkLine[]> {
    const { pool, table } = await this.open(path);
    const rows = (
      await pool.query<{ key: string; status: string | null; supersedes: string[] | null }>(
        `SELECT key, status, supersedes FROM ${table} WHERE id = $1 ORDER BY seq`,
        [id],
      )
    ).rows;
    return rows.map((row) => ({
      key: row.key,
      ...(row.status !== null && { status: row.status }),
      ...(row.supersedes && { supersedes: row.supersedes }),
    }));
  }

  /** Closes every pool (a worker shutting down, a test). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    this.tables.clear();
    await Promise.all(pools.map((pool) => pool.end()));
  }

  private async open(path: string): Promise<{ pool: PgModule.Pool; table: string }> {
    const { url, table } = this.locate(path);
    let pool = this.pools.get(url);
    if (!pool) {
      // Few connections: a batch's writes are one row each; `allowExitOnIdle` so a pool never holds a process open.
      pool = new (pg().Pool)({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, allowExitOnIdle: true });
      // An idle connection the server dropped must not crash the worker: the next query opens another.
      pool.on('error', () => undefined);
      this.pools.set(url, pool);
    }
    const made = `${url}#${table}`;
    let ready = this.tables.get(made);
    if (!ready) {
      ready = this.createTable(pool, table);
      this.tables.set(made, ready);
      // A failed create (the server down) is tried again by the next call, not remembered.
      ready.catch(() => this.tables.delete(made));
    }
    await ready;
    return { pool, table };
  }

  private async createTable(pool: PgModule.Pool, table: string): Promise<void> {
    for (const sql of createTableSql(table)) {
      try {
        await pool.query(sql);
      } catch (error) {
        // Two workers creating the same table at once: one wins, the other meets the catalog's unique index.
        const code = (error as { code?: string }).code;
        if (code !== '23505' && code !== '42P07') throw error;
      }
    }
  }
}
