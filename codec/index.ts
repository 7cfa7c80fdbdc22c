/** Payload encryption (AES-256-GCM), its data converters, and the codec server for the Temporal Web UI. */
export { EncryptionCodec, EncryptionKeyError, type EncryptionCodecOptions } from './encryption-codec';
export { resolveKeys, parseKey, fingerprint, type EncryptionOptions, type EncryptionKeySpec } from './keys';
export {
  cascadeDataConverter,
  workerCodec,
  FAILURE_CONVERTER_PATH,
  WORKFLOW_INTERCEPTORS_PATH,
} from './data-converter';
export { ENCRYPTION_MISMATCH_TYPE } from './mismatch';
export { startCodecServer, type CodecServer, type CodecServerOptions } from './server';
