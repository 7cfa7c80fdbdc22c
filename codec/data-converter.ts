/**
 * Data converters from one `encryption` setting: the same keys for workers, clients, the CLI and the codec server.
 */
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { EncryptionOptions } from './keys';

/** Path of the failure converter module that encodes failure messages (bundled into workflow code too). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');
/** Path of the workflow interceptor module that fails undecryptable workflows readably (bundled). */
export const WORKFLOW_INTERCEPTORS_PATH = require.resolve('./workflow-interceptors');

/**
 * The data converter of a client (`new Client({ connection, dataConverter: cascadeDataConverter(encryption) })`):
 * encrypts what it sends, decrypts what it reads, and throws an EncryptionKeyError naming the key ids when it meets
 * a payload it cannot decrypt. Without `encryption`, the SDK's default converter.
 */
export function cascadeDataConverter(encryption: EncryptionOptions | undefined): DataConverter {
  if (!encryption) return {};
  return withCodec(undefined, EncryptionCodec.fromOptions(encryption), failureConverterPath(encryption));
}

/**
 * A worker's codec: with `encryption`, it encrypts; without, it is a guard that encrypts nothing. Either way a payload
 * it cannot decrypt becomes a marker that fails the workflow with a readable EncryptionKeyMismatchError.
 */
export function workerCodec(encryption: EncryptionOptions | undefined): EncryptionCodec {
  return encryption
    ? EncryptionCodec.fromOptions(encryption, { onUndecryptable: 'marker' })
    : new EncryptionCodec(undefined, { onUndecryptable: 'marker' });
}

export function failureConverterPath(encryption: EncryptionOptions | undefined): string | undefined {
  return encryption && encryption.encryptFailures !== false ? FAILURE_CONVERTER_PATH : undefined;
}

/** Adds the codec after any codecs already there (encode runs in array order: ours, the encryption, runs last). */
export function withCodec(
  existing: DataConverter | undefined,
  codec: EncryptionCodec,
  failurePath: string | undefined,
): DataConverter {
  return {
    ...existing,
    payloadCodecs: [...(existing?.payloadCodecs ?? []), codec],
    ...(failurePath ? { failureConverterPath: failurePath } : {}),
  };
}
