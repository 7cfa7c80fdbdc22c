/**
 * Objects sealed with the payload keys: with `encryption` set, a blob is the same AES-256-GCM payload the codec
 * writes into history (a serialized `Payload`, key id in its metadata, so a rotation keeps old objects readable);
 * without it, the bytes as given. `open` tells the two apart, so objects written before encryption was turned on
 * stay readable.
 */
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../codec/encryption-codec';
import type { EncryptionOptions } from '../codec/keys';

const PLAIN = Buffer.from('binary/plain');
/** The first byte of a serialized Payload (field 1, metadata, length-delimited); JSON text never starts so. */
const PAYLOAD_TAG = 0x0a;

export class BlobSeal {
  private readonly codec?: EncryptionCodec;

  constructor(encryption?: EncryptionOptions) {
    this.codec = encryption ? EncryptionCodec.fromOptions(encryption) : undefined;
  }

  /** True when objects are encrypted. */
  get encrypts(): boolean {
    return this.codec !== undefined;
  }

  /** `data` as stored: encrypted with the current key when encryption is on. */
  async seal(data: Uint8Array): Promise<Uint8Array> {
    if (!this.codec) return data;
    const [encoded] = await this.codec.encode([{ metadata: { [METADATA_ENCODING_KEY]: PLAIN }, data }]);
    return temporal.api.common.v1.Payload.encode(encoded!).finish();
  }

  /** The bytes of a stored object (clear JSON text as it is; an encrypted one decrypted with any configured key). */
  async open(stored: Uint8Array, what: string): Promise<Uint8Array> {
    if (stored[0] !== PAYLOAD_TAG) return stored;
    const payload: Payload = temporal.api.common.v1.Payload.decode(stored);
    if (!this.codec) throw new Error(`${what} is encrypted, but this worker has no encryption keys configured`);
    const [decoded] = await this.codec.decode([payload]);
    return decoded!.data ?? new Uint8Array();
  }
}
