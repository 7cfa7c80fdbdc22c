/**
 * Where a batch's results and errors go, read from `--out`/`--errors`: a local JSONL file, an object in an S3 bucket
 * (`s3://bucket/results.jsonl`), or a PostgreSQL table (`postgres://user@host:5432/db#table`). Pure: the client
 * checks a locator with it before the batch starts, and the worker's sink picks its driver with it.
 *
 * A locator travels in the batch's history and its progress query, so it may not hold a secret: a PostgreSQL
 * password belongs in the workers' environment (`PGPASSWORD`, `~/.pgpass`), S3 credentials in the AWS environment.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';

export type OutputLocation =
  | { kind: 'file'; path: string }
  /** `key`: the object the joined lines end up in; each line is first its own object under `<key>.lines/`. */
  | { kind: 's3'; bucket: string; key: string }
  /** `url`: the connection URL without the fragment; `table`: `name` or `schema.name`. */
  | { kind: 'postgres'; url: string; table: string };

function invalid(message: string): never {
  throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// Unquoted SQL identifiers only: the table name is put into SQL text, so nothing that needs quoting gets there.
const TABLE = /^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,55}$/;

/** True for a locator that names a remote store (S3, PostgreSQL) rather than a file. */
export function isRemoteOutput(locator: string): boolean {
  return /^(s3|postgres|postgresql):\/\//i.test(locator);
}

/** Reads a locator; a malformed one is a clear error naming the flag. Plain paths come back as they are. */
export function outputLocation(locator: string, flag = '--out'): OutputLocation {
  if (/^s3:\/\//i.test(locator)) {
    const match = /^s3:\/\/([^/?#]+)\/([^?#]+)$/.exec(locator);
    if (!match || match[2]!.endsWith('/'))
      invalid(`${flag} ${locator}: write s3://bucket/path/results.jsonl (an object key, not a bucket or a prefix)`);
    const [, bucket, key] = match;
    if (!BUCKET.test(bucket!)) invalid(`${flag} ${locator}: "${bucket}" is not a valid S3 bucket name`);
    // The blob store's rule for keys, so every part of the output (the joined object, its line objects) is a valid key.
    if (!KEY.test(key!))
      invalid(
        `${flag} ${locator}: the object key must be lower-case segments of a-z, 0-9, '.', '_', '-' (e.g. runs/results.jsonl)`,
      );
    return { kind: 's3', bucket: bucket!, key: key! };
  }
  if (/^postgres(ql)?:\/\//i.test(locator)) {
    const hash = locator.indexOf('#');
    const table = hash < 0 ? '' : locator.slice(hash + 1);
    const url = hash < 0 ? locator : locator.slice(0, hash);
    if (!table)
      invalid(`${flag} ${locator}: name the table after '#', e.g. postgres://user@host:5432/db#batch_results`);
    if (!TABLE.test(table))
      invalid(
        `${flag} ${locator}: table "${table}" must be a lower-case SQL name (a-z, 0-9, _, at most 56 characters; optionally schema.name)`,
      );
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      invalid(`${flag} ${locator}: not a valid postgres:// URL`);
    }
    if (parsed.password)
      invalid(
        `${flag}: the URL holds a password, which would be stored in the batch's history: give it to the workers as PGPASSWORD (or in ~/.pgpass) and leave it out of the URL`,
      );
    return { kind: 'postgres', url, table };
  }
  return { kind: 'file', path: locator };
}

/** The errors locator beside a results locator: `<name>.errors.jsonl` for files and objects, `<table>_errors` in PostgreSQL. */
export function defaultErrorsLocator(results: string): string {
  const location = outputLocation(results);
  if (location.kind === 'postgres') return `${location.url}#${location.table}_errors`;
  return `${results.replace(/\.jsonl$/i, '')}.errors.jsonl`;
}
