/**
 * Where a blob store is: a pure reading of its URL, options and environment, unit-tested without a server. The one
 * place that decides between the directory and the S3 driver, and what each is given.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import type { BlobStoreOptions } from './store';

/** A directory, or a bucket (and a key prefix in it) behind the S3 API. */
export type BlobLocation =
  | { kind: 'directory'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string; region: string; endpoint?: string; pathStyle: boolean };

/** Environment variables read here (the AWS SDK reads the credentials itself). */
type Env = Record<string, string | undefined>;

/** The default URL: `$LLM_CASCADE_BLOBS`, else `.llm-cascade` under the working directory (where claims were). */
export function defaultBlobsUrl(env: Env = process.env, cwd = process.cwd()): string {
  return env.LLM_CASCADE_BLOBS || `file://${join(cwd, '.llm-cascade')}`;
}

function invalid(message: string): never {
  throw new CascadeConfigError({ code: ConfigErrorCode.InvalidConfig, message: `blobs: ${message}` });
}

// S3's own rule for bucket names (3-63 characters: lower-case letters, digits, dots and hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Reads options (and the environment for what they leave out) into a location; a bad URL is a clear error. */
export function blobLocation(
  options: BlobStoreOptions = {},
  env: Env = process.env,
  cwd = process.cwd(),
): BlobLocation {
  const url = options.url || defaultBlobsUrl(env, cwd);
  if (url.startsWith('file:')) {
    let dir: string;
    try {
      dir = fileURLToPath(url);
    } catch (error) {
      invalid(`${JSON.stringify(url)} is not a file URL (write file:///absolute/dir): ${(error as Error).message}`);
    }
    return { kind: 'directory', dir };
  }
  if (url.startsWith('s3:')) {
    const match = /^s3:\/\/([^/?#]+)(?:\/([^?#]*))?$/.exec(url);
    if (!match) invalid(`${JSON.stringify(url)} is not an S3 URL (write s3://bucket or s3://bucket/prefix)`);
    const bucket = match[1]!;
    if (!BUCKET.test(bucket))
      invalid(`bucket ${JSON.stringify(bucket)} is not a valid S3 bucket name (3-63 of a-z, 0-9, '.', '-')`);
    const path = (match[2] ?? '').replace(/\/+$/, '');
    if (path.split('/').some((part) => part === '.' || part === '..'))
      invalid(`prefix ${JSON.stringify(path)} may not contain '.' or '..' segments`);
    const endpoint = options.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
    if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint))
      invalid(`endpoint ${JSON.stringify(endpoint)} must be an http:// or https:// URL`);
    return {
      kind: 's3',
      bucket,
      prefix: path ? `${path}/` : '',
      region: options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      ...(endpoint && { endpoint }),
      pathStyle: options.pathStyle ?? endpoint !== undefined,
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    invalid(`${JSON.stringify(url)}: only file:// and s3:// stores are supported`);
  // A plain path: relative to the working directory.
  return { kind: 'directory', dir: isAbsolute(url) ? url : resolve(cwd, url) };
}

/** The location for messages: never a credential (the URL holds none; the endpoint is an address). */
export function describeLocation(location: BlobLocation): string {
  if (location.kind === 'directory') return location.dir;
  return `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` at ${location.endpoint}` : ''}`;
}

// Keys: lower-case names of path segments, never absolute, never climbing out of the store.
const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Throws unless `key` is a safe blob key (the same rule for both drivers, so a key works on either). */
export function checkBlobKey(key: string): string {
  if (!KEY.test(key)) {
    throw new Error(`blob key ${JSON.stringify(key)} is not valid: lower-case segments of a-z, 0-9, '.', '_', '-'`);
  }
  return key;
}

/** Throws unless `prefix` is empty, a key, or a key and a slash (what `list` takes). */
export function checkBlobPrefix(prefix: string): string {
  if (prefix !== '') checkBlobKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
