/**
 * The store's schema, as numbered migrations shared by both engines: `{key}` is a 16-byte key (BLOB / BYTEA),
 * `{int}` a 64-bit integer (INTEGER / BIGINT); everything else is the SQL both speak. A migration, once released,
 * never changes: a change of schema is a new migration.
 */
import { COUNTERS } from '../rollup/counters';
import type { Dialect } from '../engine/types';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const counterColumns = COUNTERS.map((name) => `  ${name} {int} NOT NULL DEFAULT 0`).join(',\n');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'requests, attempts and hourly rollups',
    statements: [
      // One row per request: its context from its first row, its end (outcome, totals) once it finished.
      `CREATE TABLE requests (
  request_key {key} NOT NULL,
  workflow_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  kind TEXT NOT NULL,
  task TEXT NOT NULL,
  step TEXT,
  batch_id TEXT,
  item_id TEXT,
  session_id TEXT,
  user_id TEXT,
  gateway_key TEXT,
  experiments TEXT,
  tags TEXT,
  started_at {int} NOT NULL,
  finished_at {int},
  outcome TEXT,
  failure TEXT,
  final_tier TEXT,
  final_ref TEXT,
  attempts {int},
  billed_attempts {int},
  cost_micro {int},
  input_tokens {int},
  cached_input_tokens {int},
  cache_write_tokens {int},
  output_tokens {int},
  baseline_micro {int},
  latency_ms {int},
  label_correct {int}
)`,
      // Rows are appended in arrival order (cheap inserts, a window's rows close together); keys are indexed.
      'CREATE UNIQUE INDEX requests_key ON requests (request_key)',
      'CREATE INDEX requests_started ON requests (started_at)',
      'CREATE INDEX requests_workflow ON requests (workflow_id)',
      'CREATE INDEX requests_batch ON requests (batch_id) WHERE batch_id IS NOT NULL',
      'CREATE INDEX requests_cost ON requests (cost_micro) WHERE finished_at IS NOT NULL',
      "CREATE INDEX requests_failed ON requests (started_at) WHERE outcome = 'failed'",
      'CREATE INDEX requests_open ON requests (started_at) WHERE finished_at IS NULL',
      // One row per provider attempt.
      `CREATE TABLE attempts (
  request_key {key} NOT NULL,
  attempt_key {key} NOT NULL,
  seq {int} NOT NULL,
  activity_attempt {int} NOT NULL,
  tier TEXT NOT NULL,
  provider TEXT NOT NULL,
  model_ref TEXT NOT NULL,
  reason TEXT NOT NULL,
  reason_detail TEXT,
  outcome TEXT NOT NULL,
  billed {int} NOT NULL,
  estimated {int} NOT NULL,
  input_tokens {int} NOT NULL,
  cached_input_tokens {int} NOT NULL,
  cache_write_tokens {int} NOT NULL,
  output_tokens {int} NOT NULL,
  cost_micro {int} NOT NULL,
  latency_ms {int} NOT NULL,
  status {int},
  error TEXT,
  price_source TEXT NOT NULL,
  price_effective_from TEXT NOT NULL,
  provider_batch_id TEXT,
  at {int} NOT NULL
)`,
      // A request's attempts by one index range; the key pair is unique (the attempt key names its request).
      'CREATE UNIQUE INDEX attempts_key ON attempts (request_key, attempt_key)',
      // Sums per hour of request start, grouping and task: what reports read instead of the rows.
      `CREATE TABLE rollup (
  dim TEXT NOT NULL,
  bucket {int} NOT NULL,
  task TEXT NOT NULL,
  key TEXT NOT NULL,
${counterColumns},
  PRIMARY KEY (dim, bucket, task, key)
){withoutRowid}`,
    ],
  },
];

/** A statement in one engine's SQL. */
export function dialectSql(sql: string, dialect: Dialect): string {
  return sql
    .replace(/\{key\}/g, dialect === 'sqlite' ? 'BLOB' : 'BYTEA')
    .replace(/\{int\}/g, dialect === 'sqlite' ? 'INTEGER' : 'BIGINT')
    .replace(/\{withoutRowid\}/g, dialect === 'sqlite' ? ' WITHOUT ROWID' : '');
}

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));
