/**
 * The claim-check store: large values (an agent step's prompt, its transcript, tool results) are written here by
 * activities and travel through Temporal history as a small reference (`BlobRef`: content hash, size, tokens), so a
 * long job's history grows by a bounded amount per step whatever the transcript's size. Content-addressed: the key
 * is a hash of the value, so writing the same value twice is harmless and a retried activity is idempotent. With
 * encryption on, that hash is keyed (HMAC), so a reader of the store cannot confirm a guessed document by its name.
 */
import { join } from 'node:path';
import { BlobKind, BlobSeal, contentKey, DirectoryBlobStore, nameKey, type BlobStore } from '../../blobs';
import { digest } from '../../blobs/names';
import type { EncryptionOptions } from '../../codec/keys';
import type { BlobRef } from '../../workflows/definitions';

export { nameKey } from '../../blobs';

/**
 * Where claim-checked values live: bytes by key (the value's content hash). The worker's blob store serves by
 * default (`blobs`: a directory, or S3 for workers on several hosts); implement this yourself for another store.
 */
export interface ClaimCheckStore {
  /** Stores `data` under `key`; storing a key again with the same bytes is fine (content-addressed). */
  put(key: string, data: Uint8Array): Promise<void>;
  /** The bytes stored under `key`, or undefined when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Options of the claim check (plugin option `claimCheck`). */
export interface ClaimCheckOptions {
  /** A store of your own (shared by every worker host). @default the worker's blob store (`blobs`), folder `claims/` */
  store?: ClaimCheckStore;
  /**
   * A directory of its own for the claim check, instead of the worker's blob store. Every worker of a task queue
   * must see the same directory.
   * @default $LLM_CASCADE_CLAIM_DIR when set and the worker names no `blobs`, else the blob store
   */
  dir?: string;
}

/** Claim checks in a blob store: `<prefix><first two hex digits>/<hash>`, the layout the claim check always had. */
export class BlobClaimCheckStore implements ClaimCheckStore {
  constructor(
    readonly blobs: BlobStore,
    readonly kind: typeof BlobKind.Claims | '' = BlobKind.Claims,
  ) {}

  put(key: string, data: Uint8Array): Promise<void> {
    return this.blobs.put(contentKey(this.kind, key), data);
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(contentKey(this.kind, key));
  }
}

/** A directory of claim checks of its own (`<dir>/ab/abcdef…`), written atomically (temp file, then rename). */
export class FileClaimCheckStore extends BlobClaimCheckStore {
  constructor(readonly dir: string) {
    super(new DirectoryBlobStore(dir), '');
  }
}

/** Which store the claim check uses: the options' own, a directory of its own, or the worker's blob store. */
export function claimStoreChoice(
  options: ClaimCheckOptions,
  blobsNamed: boolean,
  env: Record<string, string | undefined> = process.env,
): { kind: 'own' } | { kind: 'directory'; dir: string } | { kind: 'blobs' } {
  if (options.store) return { kind: 'own' };
  if (options.dir) return { kind: 'directory', dir: options.dir };
  // The older setting still works where it is all a worker says; a worker that names its blob store means it.
  if (!blobsNamed && env.LLM_CASCADE_CLAIM_DIR) return { kind: 'directory', dir: env.LLM_CASCADE_CLAIM_DIR };
  return { kind: 'blobs' };
}

/** Default directory of a claim check in a directory of its own (the blob store's default holds the same layout). */
export function defaultClaimDir(env: Record<string, string | undefined> = process.env): string {
  return env.LLM_CASCADE_CLAIM_DIR || join(process.cwd(), '.llm-cascade', 'claims');
}

/** Characters of recently used values kept in memory (a few of a long job's prompts). */
const RECENT_MAX_CHARS = 16_000_000;

/**
 * JSON values in and out of a {@link ClaimCheckStore}. Without encryption: keyed by the SHA-256 of their JSON text.
 * With encryption: encrypted with the worker's payload keys (AES-256-GCM, the same codec as history) and keyed by an
 * HMAC-SHA-256 of the text under {@link nameKey}, so the directory's names give nothing away either. A reference is
 * read by its name whichever way it was made: values written before keyed names stay readable.
 */
export class ClaimCheck {
  private readonly seal: BlobSeal;
  private readonly names?: Buffer;
  /** Recently used values' JSON text, by key: a step reads the transcript it has just written. */
  private readonly recent = new Map<string, string>();
  private recentChars = 0;

  constructor(
    readonly store: ClaimCheckStore,
    encryption?: EncryptionOptions,
  ) {
    this.seal = new BlobSeal(encryption);
    this.names = encryption ? nameKey(encryption) : undefined;
  }

  /**
   * The claim check of a worker's options: its own store, a directory of its own, or `blobs` (the worker's blob
   * store; `blobsNamed`: the worker's options or environment named it, rather than taking the default).
   */
  static fromOptions(
    options: ClaimCheckOptions = {},
    encryption?: EncryptionOptions,
    blobs?: { store: BlobStore; named: boolean },
  ): ClaimCheck {
    const choice = claimStoreChoice(options, blobs?.named ?? false);
    const store =
      choice.kind === 'own'
        ? options.store!
        : choice.kind === 'directory' || !blobs
          ? new FileClaimCheckStore(choice.kind === 'directory' ? choice.dir : defaultClaimDir())
          : new BlobClaimCheckStore(blobs.store);
    return new ClaimCheck(store, encryption);
  }

  /** Where the values are, for messages. */
  get where(): string {
    return this.store instanceof BlobClaimCheckStore ? this.store.blobs.where : 'a store of your own';
  }

  /** Stores a JSON value; returns its reference. `tokens` is recorded in the reference when given. */
  async put(value: unknown, tokens?: number): Promise<BlobRef> {
    const text = Buffer.from(JSON.stringify(value), 'utf8');
    const hash = digest(text, this.names);
    await this.store.put(hash, await this.seal.seal(text));
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
          `the same claim-check store (${this.where}: a shared directory or an S3 bucket on several hosts)`,
      );
    }
    const text = Buffer.from(await this.seal.open(data, 'a claim-check value')).toString('utf8');
    this.remember(ref.hash, text);
    return JSON.parse(text) as T;
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
