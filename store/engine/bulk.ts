/** Multi-row statements within both engines' limits on bound parameters. */
import type { SqlExecutor, SqlRow, SqlValue } from './types';

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
/** Rows per `unnest` statement. */
const UNNEST_ROWS = 5_000;

/**
 * `INSERT INTO table (columns) VALUES (…), (…) <suffix>` in as few statements as the parameter limit allows;
 * the rows of every statement's `RETURNING`, when the suffix has one.
 */
export async function insertRows<T = SqlRow>(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  suffix = '',
  /** PostgreSQL type of each column: send the rows as one array per column. */
  types?: (column: string) => string,
): Promise<T[]> {
  const returned: T[] = [];
  const returning = suffix.includes('RETURNING');
  if (tx.dialect === 'sqlite') {
    // SQLite runs in-process: one prepared single-row statement per row beats building and parsing a long one.
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${suffix}`;
    for (const row of rows) {
      if (returning) returned.push(...(await tx.all<T>(sql, row)));
      else await tx.run(sql, row);
    }
    return returned;
  }
  if (types) {
    // PostgreSQL: one array parameter per column (`unnest`), so a statement carries thousands of rows in a few
    // parameters: far less to bind, parse and plan than thousands of `VALUES` tuples.
    const select = columns.map((column, index) => `$${index + 1}::${types(column)}[]`).join(', ');
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${select}) ${suffix}`;
    for (let start = 0; start < rows.length; start += UNNEST_ROWS) {
      const chunk = rows.slice(start, start + UNNEST_ROWS);
      const params = columns.map((_, index) => chunk.map((row) => row[index]!));
      // Placeholders are numbered here already: no `?` in this SQL.
      if (returning) returned.push(...(await tx.all<T>(sql, params as unknown as SqlValue[])));
      else await tx.run(sql, params as unknown as SqlValue[]);
    }
    return returned;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ${suffix}`;
    const params = chunk.flat();
    if (returning) returned.push(...(await tx.all<T>(sql, params)));
    else await tx.run(sql, params);
  }
  return returned;
}
