/**
 * Brings a store to the newest schema, once, whoever gets there first: the migrations run in one transaction under
 * the engine's write lock (SQLite's `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so two workers starting at once
 * never both apply one. A store newer than this code is refused: old code must not write into a schema it misreads.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { SqlEngine } from '../engine/types';
import { MIGRATIONS, SCHEMA_VERSION, dialectSql } from './migrations';

/** Any 64-bit number, the same in every process: the advisory lock's id. */
const MIGRATION_LOCK = 7_361_129_001;

export async function migrate(engine: SqlEngine, now: () => number = Date.now): Promise<number[]> {
  return engine.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.run(
      dialectSql(
        'CREATE TABLE IF NOT EXISTS ledger_schema (version {int} NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at {int} NOT NULL)',
        tx.dialect,
      ),
    );
    const rows = await tx.all<{ version: number }>('SELECT version FROM ledger_schema');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `the ledger store at ${engine.location} has schema version ${newest}, newer than this llm-cascade knows (${SCHEMA_VERSION}): upgrade llm-cascade`,
      });
    }
    const done: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.run(dialectSql(statement, tx.dialect));
      await tx.run('INSERT INTO ledger_schema (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        now(),
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
