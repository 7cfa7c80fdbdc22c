/**
 * Images and PDFs of requests, by reference: the client (or the gateway) stores a part's bytes here before the
 * workflow starts, history carries only the part's hash, and the `callModel` activity reads the bytes back. Names are
 * content hashes, keyed (HMAC) when encryption is on so a reader of the store cannot confirm a guessed image; the
 * bytes are sealed with the payload keys like every other blob.
 */
import type { EncryptionOptions } from '../codec/keys';
import { BlobKind, contentKey, digest, nameKey } from './names';
import { BlobSeal } from './sealed';
import type { BlobStore } from './store';

export class MediaStore {
  private readonly seal: BlobSeal;
  private readonly names?: Buffer;

  constructor(
    readonly blobs: BlobStore,
    encryption?: EncryptionOptions,
  ) {
    this.seal = new BlobSeal(encryption);
    this.names = encryption ? nameKey(encryption) : undefined;
  }

  /** Stores `data` (idempotent: the same bytes get the same name); returns its hash and size. */
  async put(data: Uint8Array): Promise<{ hash: string; bytes: number }> {
    const hash = digest(data, this.names);
    await this.blobs.put(contentKey(BlobKind.Media, hash), await this.seal.seal(data));
    return { hash, bytes: data.length };
  }

  /** The bytes stored under `hash`; throws a clear error when this store does not hold them. */
  async get(hash: string): Promise<Uint8Array> {
    const stored = await this.blobs.get(contentKey(BlobKind.Media, hash));
    if (!stored) {
      throw new Error(
        `media ${hash.slice(0, 12)}… is not in the blob store (${this.blobs.where}): the client that stored it and ` +
          'every worker must share one blob store (`blobs` setting, or $LLM_CASCADE_BLOBS)',
      );
    }
    return this.seal.open(stored, 'a stored image or PDF');
  }
}
