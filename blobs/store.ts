/**
 * The blob store: bytes by key, for what must outlive one worker process and be read on any worker host (agent
 * claim checks, provider-batch answers). One small interface, two drivers: a local directory (the embedded default)
 * and the S3 API (AWS S3 and S3-compatible servers). Keys are chosen by the callers through `blobs/names.ts`, so no
 * key carries a task name, an item id or a document's text.
 */

/** Bytes by key. Every method is idempotent: a retried activity may repeat any of them. */
export interface BlobStore {
  /** Stores `data` under `key`, replacing what was there. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every key that starts with `prefix`, in no particular order. */
  list(prefix: string): Promise<string[]>;
  /** Removes `key`; removing a key that is not there is fine. */
  delete(key: string): Promise<void>;
  /** Where the store is, for messages (a directory, or `s3://bucket/prefix`); never a secret. */
  readonly where: string;
}

/**
 * Where the worker keeps its blobs (config section `blobs`, plugin option `blobs`).
 *
 * - `file:///abs/dir` or a plain path: a directory (every worker must see it; one host, or a shared mount);
 * - `s3://bucket/prefix`: the S3 API. Credentials and region come from the usual AWS environment
 *   (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_PROFILE`, `AWS_REGION`, instance roles).
 */
export interface BlobStoreOptions {
  /** @default $LLM_CASCADE_BLOBS, else `file://<working directory>/.llm-cascade` */
  url?: string;
  /**
   * The S3 endpoint of an S3-compatible server (MinIO, Cloudflare R2, GCS interoperability, versitygw).
   * @default $AWS_ENDPOINT_URL_S3, else $AWS_ENDPOINT_URL, else AWS's own endpoint for the region
   */
  endpoint?: string;
  /** S3 region. @default $AWS_REGION, else $AWS_DEFAULT_REGION, else `us-east-1` */
  region?: string;
  /**
   * Address buckets by path (`http://host/bucket/key`) instead of by host name: most S3-compatible servers need it.
   * @default true when an endpoint is given, else false
   */
  pathStyle?: boolean;
}

/** A store, or the options to open one. */
export type BlobStoreSetting = BlobStore | BlobStoreOptions;

/** True for a store given by value (rather than options to open one). */
export function isBlobStore(value: unknown): value is BlobStore {
  const store = value as Partial<BlobStore> | null;
  return typeof store?.put === 'function' && typeof store.get === 'function' && typeof store.list === 'function';
}
