/**
 * The claim-check store: large values (an agent step's prompt, its transcript, tool results) are written here by
 * activities and travel through Temporal history as a small reference (`BlobRef`: content hash, size, tokens), so a
 * long job's history grows by a bounded amount per step whatever the transcript's size. Content-addressed: the key
 * is a hash of the value, so writing the same value twice is harmless and a retried activity is idempotent. With
 * encryption on, that hash is keyed (HMAC), so a reader of the store cannot confirm a guessed document by its name.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { resolveKeys, type EncryptionOptions } from '../../codec/keys';
import type { BlobRef } from '../../workflows/definitions';

/**
 * Where claim-checked values live: bytes by key (the value's content hash). Implement it over a shared store (S3,
 * GCS, a database) when workers run on several hosts; the default {@link FileClaimCheckStore} needs one filesystem.
 */
export interface ClaimCheckStore {
  /** Stores `data` under `key`; storing a key again with the same bytes is fine (content-addressed). */
  put(key: string, data: Uint8Array): Promise<void>;
  /** The bytes stored under `key`, or undefined when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Options of the claim check (plugin option `claimCheck`). */
export interface ClaimCheckOptions {
  /** A store of your own (shared by every worker host). @default a {@link FileClaimCheckStore} in `dir` */
  store?: ClaimCheckStore;
  /**
   * Directory of the default file store. Every worker of a task queue must see the same directory.
   * @default $LLM_CASCADE_CLAIM_DIR, else `.llm-cascade/claims` under the worker's working directory
   */
  dir?: string;
}

/** The default store: one file per key (`<dir>/ab/abcdef…`), written atomically (temp file, then rename). */
export class FileClaimCheckStore implements ClaimCheckStore {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`claim-check key ${JSON.stringify(key)} is not a SHA-256 hex`);
    return join(this.dir, key.slice(0, 2), key);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, data);
    await rename(temp, path);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** Default directory of the file store. */
export function defaultClaimDir(env: Record<string, string | undefined> = process.env): string {
  return env.LLM_CASCADE_CLAIM_DIR || join(process.cwd(), '.llm-cascade', 'claims');
}

const PLAIN = Buffer.from('binary/plain');
/** Characters of recently used values kept in memory (a few of a long job's prompts). */
const RECENT_MAX_CHARS = 16_000_000;

/** HKDF `info` of the key that names stored values: never the encryption key itself (one key, one purpose). */
const NAME_KEY_INFO = 'llm-cascade claim-check object names v1';

/**
 * The key that names stored values under `encryption`: derived (HKDF-SHA-256) from the current payload key, so the
 * same value always gets the same name under the same keys, and nobody without them can compute a name.
 */
export function nameKey(encryption: EncryptionOptions): Buffer {
  const { keys, currentKeyId } = resolveKeys(encryption);
  return Buffer.from(hkdfSync('sha256', keys.get(currentKeyId)!, Buffer.alloc(0), NAME_KEY_INFO, 32));
}

/**
 * JSON values in and out of a {@link ClaimCheckStore}. Without encryption: keyed by the SHA-256 of their JSON text.
 * With encryption: encrypted with the worker's payload keys (AES-256-GCM, the same codec as history) and keyed by an
 * HMAC-SHA-256 of the text under {@link nameKey}, so the directory's names give nothing away either. A reference is
 * read by its name whichever way it was made: values written before keyed names stay readable.
 */
export class ClaimCheck {
  private readonly codec?: EncryptionCodec;
  private readonly names?: Buffer;
  /** Recently used values' JSON text, by key: a step reads the transcript it has just written. */
  private readonly recent = new Map<string, string>();
  private recentChars = 0;

  constructor(
    readonly store: ClaimCheckStore,
    encryption?: EncryptionOptions,
  ) {
    this.codec = encryption ? EncryptionCodec.fromOptions(encryption) : undefined;
    this.names = encryption ? nameKey(encryption) : undefined;
  }

  static fromOptions(options: ClaimCheckOptions = {}, encryption?: EncryptionOptions): ClaimCheck {
    return new ClaimCheck(options.store ?? new FileClaimCheckStore(options.dir ?? defaultClaimDir()), encryption);
  }

  /** Stores a JSON value; returns its reference. `tokens` is recorded in the reference when given. */
  async put(value: unknown, tokens?: number): Promise<BlobRef> {
    const text = Buffer.from(JSON.stringify(value), 'utf8');
    const hash = (this.names ? createHmac('sha256', this.names) : createHash('sha256')).update(text).digest('hex');
    let data: Uint8Array = text;
    if (this.codec) {
      const [encoded] = await this.codec.encode([{ metadata: { [METADATA_ENCODING_KEY]: PLAIN }, data: text }]);
      data = temporal.api.common.v1.Payload.encode(encoded!).finish();
    }
    await this.store.put(hash, data);
    this.remember(hash, text.toString('utf8'));
    return { hash, bytes: text.length, ...(tokens !== undefined && { tokens }) };
  }

  /** The value of a reference; throws when the store has lost it (a worker without the shared store, say). */
  async get<T>(ref: Pick<BlobRef, 'hash'>): Promise<T> {
    const cached = this.recent.get(ref.hash);
    if (cached !== undefined) return JSON.parse(cached) as T;
    const data = await this.store.get(ref.hash);
    if (!data) {
      throw new Error(
        `claim-check value ${ref.hash.slice(0, 12)}… is not in the store: every worker of this task queue needs ` +
          'the same claim-check store (a shared directory, or a store of your own on several hosts)',
      );
    }
    const text = Buffer.from(await this.decode(data)).toString('utf8');
    this.remember(ref.hash, text);
    return JSON.parse(text) as T;
  }

  private async decode(data: Uint8Array): Promise<Uint8Array> {
    // Clear values are JSON text (first byte `{`, `[`, `"`…); encrypted ones a serialized Payload.
    if (data[0] !== 0x0a) return data;
    const payload: Payload = temporal.api.common.v1.Payload.decode(data);
    if (!this.codec) {
      throw new Error('a claim-check value is encrypted, but this worker has no encryption keys configured');
    }
    const [decoded] = await this.codec.decode([payload]);
    return decoded!.data ?? new Uint8Array();
  }

  private remember(hash: string, text: string): void {
    const old = this.recent.get(hash);
    if (old !== undefined) {
      this.recent.delete(hash);
      this.recentChars -= old.length;
    }
    this.recent.set(hash, text);
    this.recentChars += text.length;
    while (this.recentChars > RECENT_MAX_CHARS && this.recent.size > 1) {
      const [oldest, old] = this.recent.entries().next().value!;
      this.recent.delete(oldest);
      this.recentChars -= old.length;
    }
  }
}

/** The worker's claim check, or a clear error where a caller built activities without one. */
export function claimed(claims: ClaimCheck | undefined): ClaimCheck {
  if (!claims) throw new Error('a value by reference, but these activities were built without a claim-check store');
  return claims;
}
