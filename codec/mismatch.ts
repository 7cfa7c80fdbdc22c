/**
 * What a worker does with a payload it cannot decrypt. Sandbox-safe (no Node built-ins): the workflow interceptor
 * and the failure converter import it inside the workflow bundle.
 *
 * A worker that threw on such a payload would fail its workflow task again and again while the client waited
 * forever. Instead the worker's codec hands the workflow a marker in place of the payload, and the interceptor fails
 * the workflow at once with {@link ENCRYPTION_MISMATCH_TYPE}, whose message stays readable by the client (it names
 * key ids and fingerprints only, never data) so the client sees why.
 */

/** ApplicationFailure type of a workflow or activity whose input this worker could not decrypt. */
export const ENCRYPTION_MISMATCH_TYPE = 'EncryptionKeyMismatchError';

/** Metadata encoding of our encrypted payloads (the convention of Temporal's encryption samples). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key a payload was encrypted with. */
export const KEY_ID_METADATA = 'encryption-key-id';

/** The object a worker's codec puts in place of a payload it cannot decrypt. */
export interface UndecryptableMarker {
  $llmCascadeUndecryptable: string;
}

const MARKER_KEY = '$llmCascadeUndecryptable';

export function undecryptableMarker(reason: string): UndecryptableMarker {
  return { [MARKER_KEY]: reason } as UndecryptableMarker;
}

/** The reason a value is a marker, else undefined. Looks one level into arrays and objects (args, inputs). */
export function undecryptableReason(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const own = (value as Record<string, unknown>)[MARKER_KEY];
  if (typeof own === 'string') return own;
  for (const item of Array.isArray(value) ? value : []) {
    const reason = undecryptableReason(item);
    if (reason) return reason;
  }
  return undefined;
}
