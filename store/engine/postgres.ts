/**
 * The cluster engine: PostgreSQL through a `pg` pool. Integers come back as numbers (bigint and numeric sums are
 * parsed here: every amount the store holds is an integer of micro-USD or tokens, far below 2^53).
 */
import { Pool, types, type PoolClient } from 'pg';
import type { SqlEngine, SqlExecutor, SqlRow, SqlValue } from './types';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool. @default 4 */
  max?: number;
  /** Longest wait for a connection, ms: a server that is down fails fast instead of stalling writes. @default 5000 */
  connectTimeoutMs?: number;
  /** Longest a statement may run, ms. @default 60000 */
  statementTimeoutMs?: number;
}

const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (value: string) => Number(value);

/** `?` placeholders as `$1, $2, …` (the store's SQL has no `?` inside literals). */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

function executorOf(client: Pool | PoolClient): SqlExecutor {
  return {
    dialect: 'postgres',
    all: async <T = SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numberPlaceholders(sql), params as unknown[])).rows as T[],
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numberPlaceholders(sql), params as unknown[])).rowCount ?? 0,
  };
}

export function openPostgres(options: PostgresOptions): SqlEngine {
  const pool = new Pool({
    connectionString: options.url,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    idleTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 || oid === NUMERIC
          ? toNumber
          : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
    },
  });
  // An idle client whose server went away emits 'error' on the pool: without a listener that would crash the process.
  pool.on('error', () => undefined);
  const executor = executorOf(pool);
  return {
    ...executor,
    location: redactUrl(options.url),
    transaction: async (work) => {
      const client = await pool.connect();
      let broken = false;
      // Checked out, a client has no error listener (the pool's is for idle clients): a server that goes away
      // between two statements would crash the process with an unhandled 'error'. Here it only marks the
      // connection broken; the next statement fails and the caller retries later (the writer's outbox waits).
      const lost = () => (broken = true);
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await work(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        // A connection that could not even roll back is dropped, not reused.
        client.removeListener('error', lost);
        client.release(broken);
      }
    },
    script: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
  };
}
