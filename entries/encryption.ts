/**
 * `llm-cascade/encryption`: payload encryption (AES-256-GCM) for workers, clients and the CLI, and the codec server
 * through which the Temporal Web UI reads encrypted histories.
 */
export { cascadeDataConverter } from '../codec/data-converter';
export { EncryptionCodec, EncryptionKeyError, type EncryptionCodecOptions } from '../codec/encryption-codec';
export type { EncryptionKeySpec, EncryptionOptions } from '../codec/keys';
export { ENCRYPTION_MISMATCH_TYPE } from '../codec/mismatch';
export { startCodecServer, type CodecServer, type CodecServerOptions } from '../codec/server';
export { EncryptionKeyMismatchError } from '../client/unreadable';
