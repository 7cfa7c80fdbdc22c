/**
 * Object names that give nothing away. A blob's key is a kind (a folder per kind, so a bucket's lifecycle rules can
 * tell them apart) and a hash: of the value itself (claim checks, content-addressed) or of its logical key (a
 * provider batch's answers: the results file and the batch id). With encryption on the hash is keyed (HMAC-SHA-256
 * under a key derived from the payload key), so a reader of the bucket can neither read a name nor confirm a guess.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { resolveKeys, type EncryptionOptions } from '../codec/keys';

/** The folders of the store, one per kind of object (docs/deploying.md says how long each must live). */
export const BlobKind = { Claims: 'claims', ProviderBatches: 'provider-batches', Media: 'media' } as const;
export type BlobKind = (typeof BlobKind)[keyof typeof BlobKind];

/**
 * HKDF `info` of the key that names stored objects: never the encryption key itself (one key, one purpose). Its
 * text is the claim check's, where it started, so claim names stay what they were.
 */
const NAME_KEY_INFO = 'llm-cascade claim-check object names v1';

/**
 * The key that names stored objects under `encryption`: derived (HKDF-SHA-256) from the current payload key, so the
 * same value always gets the same name under the same keys, and nobody without them can compute a name.
 */
export function nameKey(encryption: EncryptionOptions): Buffer {
  const { keys, currentKeyId } = resolveKeys(encryption);
  return Buffer.from(hkdfSync('sha256', keys.get(currentKeyId)!, Buffer.alloc(0), NAME_KEY_INFO, 32));
}

/** SHA-256 of `data`, or its HMAC-SHA-256 under `key`: 64 hex digits. */
export function digest(data: Uint8Array | string, key?: Buffer): string {
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(data).digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The key of a content-addressed object: `<kind>/<first two hex digits>/<hash>` (folders of a few hundred). */
export function contentKey(kind: BlobKind | '', hash: string): string {
  if (!HEX64.test(hash)) throw new Error(`blob hash ${JSON.stringify(hash)} is not a SHA-256 hex`);
  return `${kind ? `${kind}/` : ''}${hash.slice(0, 2)}/${hash}`;
}

/**
 * The key of an object found by what it is (`parts`, e.g. a results file and a batch id) rather than by its bytes.
 * The parts are joined with a separator no part may hold, so two different lists never share a name.
 */
export function logicalKey(kind: BlobKind, parts: readonly string[], key?: Buffer): string {
  if (parts.some((part) => part.includes('\0'))) throw new Error('a logical blob key part may not hold NUL');
  return contentKey(kind, digest([kind, ...parts].join('\0'), key));
}
