/**
 * Reading a batch's outputs back wherever they are (a file, S3 line objects, PostgreSQL rows), for the `batch`
 * command's end: join S3 lines into their JSONL object, and score the lines against labels.
 */
import { readFileSync } from 'node:fs';
import type * as PgModule from 'pg';
import { outputLocation } from '../../../inputs/output-location';
import { joinS3Lines, lineStore } from './s3';

type Env = Record<string, string | undefined>;

/** Every JSON line of an output, parsed (blank or broken lines left out); none for an output not written yet. */
export async function readOutputLines(locator: string, env: Env = process.env): Promise<unknown[]> {
  const location = outputLocation(locator);
  if (location.kind === 'file') {
    let text: string;
    try {
      text = readFileSync(location.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text.split('\n').flatMap((line) => parseLine(line));
  }
  if (location.kind === 's3') {
    const store = lineStore(location, env);
    try {
      const names = await store.list('');
      const texts = await Promise.all(names.map(async (name) => Buffer.from((await store.get(name)) ?? []).toString()));
      return texts.flatMap((text) => parseLine(text));
    } finally {
      store.close();
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof PgModule;
  const client = new Client({ connectionString: location.url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const exists = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [location.table]);
    if (!exists.rows[0]?.found) return [];
    return (await client.query<{ line: unknown }>(`SELECT line FROM ${location.table} ORDER BY seq`)).rows.map(
      (row) => row.line,
    );
  } finally {
    await client.end();
  }
}

/** What the end of a batch leaves to do for its outputs: S3 lines joined into one JSONL object each. */
export async function finishOutputs(
  outputs: { resultsPath: string; errorsPath: string },
  env: Env = process.env,
): Promise<void> {
  for (const locator of [outputs.resultsPath, outputs.errorsPath]) {
    const location = outputLocation(locator);
    if (location.kind === 's3') await joinS3Lines(location, env);
  }
}

function parseLine(line: string): unknown[] {
  if (!line.trim()) return [];
  try {
    const value = JSON.parse(line) as { id?: unknown } | null;
    return value && typeof value.id === 'string' ? [value] : [];
  } catch {
    return [];
  }
}
