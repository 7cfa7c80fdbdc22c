/**
 * The payload codec: AES-256-GCM (node:crypto) over the whole encoded Payload, a fresh 12-byte IV per payload, the
 * key id in the metadata (and bound to the ciphertext as additional authenticated data), large payloads deflated
 * first. Payloads without our encoding pass through, so histories written before encryption was turned on still
 * load.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { fingerprint, resolveKeys, type EncryptionOptions, type ResolvedKeys } from './keys';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA, undecryptableMarker } from './mismatch';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** First byte of the plaintext: how the rest is stored. Inside the ciphertext, so it tells an observer nothing. */
const RAW = 0;
const DEFLATED = 1;
const DEFAULT_COMPRESS_ABOVE = 1024;

/** A payload this process cannot decrypt: unknown key id, other key material under the same id, or damage. */
export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';
}

export interface EncryptionCodecOptions {
  /**
   * What decode does with a payload it cannot decrypt: `throw` an EncryptionKeyError (clients, codec server), or
   * return a JSON `marker` that makes the workflow fail with a readable EncryptionKeyMismatchError (workers: a
   * throw there would fail the workflow task forever and leave the client hanging).
   * @default 'throw'
   */
  onUndecryptable?: 'throw' | 'marker';
}

const text = (value: string) => Buffer.from(value, 'utf8');

export class EncryptionCodec implements PayloadCodec {
  readonly currentKeyId: string;
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly compressAbove: number | false;

  constructor(
    keys: ResolvedKeys | undefined,
    options: Pick<EncryptionOptions, 'compressAboveBytes'> & EncryptionCodecOptions = {},
  ) {
    // No keys: a guard that encrypts nothing but still turns undecryptable input into a clear failure.
    this.keys = keys?.keys ?? new Map();
    this.currentKeyId = keys?.currentKeyId ?? '';
    this.compressAbove = options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE;
    this.onUndecryptable = options.onUndecryptable ?? 'throw';
  }

  private readonly onUndecryptable: 'throw' | 'marker';

  /** Reads the keys of an `encryption` setting (env vars, files) and builds the codec. */
  static fromOptions(options: EncryptionOptions, codecOptions: EncryptionCodecOptions = {}): EncryptionCodec {
    return new EncryptionCodec(resolveKeys(options), {
      ...codecOptions,
      compressAboveBytes: options.compressAboveBytes,
    });
  }

  /** True when this codec encrypts (it has keys); false for the guard. */
  get encrypts(): boolean {
    return this.keys.size > 0;
  }

  /** Ids and fingerprints of the keys held, for messages: `k2 (1a2b3c4d), k1 (…)`. */
  describeKeys(): string {
    if (this.keys.size === 0) return 'none (encryption is not configured here)';
    return [...this.keys].map(([id, key]) => `${id} (${fingerprint(key)})`).join(', ');
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId);
    if (!key) return payloads;
    return payloads.map((payload) => this.encrypt(payload, this.currentKeyId, key));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      try {
        return this.decrypt(payload);
      } catch (error) {
        if (!(error instanceof EncryptionKeyError) || this.onUndecryptable === 'throw') throw error;
        return {
          metadata: { [METADATA_ENCODING_KEY]: text('json/plain') },
          data: text(JSON.stringify(undecryptableMarker(error.message))),
        };
      }
    });
  }

  private encrypt(payload: Payload, keyId: string, key: Buffer): Payload {
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    let body: Uint8Array = plain;
    let flag = RAW;
    if (this.compressAbove !== false && plain.length > this.compressAbove) {
      const deflated = deflateRawSync(plain);
      if (deflated.length < plain.length) {
        body = deflated;
        flag = DEFLATED;
      }
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(text(keyId));
    const data = Buffer.concat([
      iv,
      cipher.update(Buffer.from([flag])),
      cipher.update(body),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(keyId) },
      data,
    };
  }

  private decrypt(payload: Payload): Payload {
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    const keyId = idBytes ? Buffer.from(idBytes).toString() : undefined;
    const data = payload.data;
    if (!keyId || !data || data.length < IV_BYTES + TAG_BYTES + 1) {
      throw new EncryptionKeyError('an encrypted payload without a key id or with truncated data');
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new EncryptionKeyError(
        `a payload encrypted with key "${keyId}", which this process does not have (its keys: ${this.describeKeys()})`,
      );
    }
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(text(keyId));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new EncryptionKeyError(
        `a payload encrypted with key "${keyId}" does not decrypt with this process's key "${keyId}" ` +
          `(fingerprint ${fingerprint(key)}): the two sides hold different key material under the same id`,
      );
    }
    const body = plain.subarray(1);
    return temporal.api.common.v1.Payload.decode(plain[0] === DEFLATED ? inflateRawSync(body) : body);
  }
}
