/**
 * What a client says when it cannot read what a worker wrote because the worker encrypts and this client has no keys.
 * The SDK's own message ("Unknown encoding: binary/encrypted") names neither the cause nor the fix.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { ENCRYPTED_ENCODING, ENCRYPTION_MISMATCH_TYPE } from '../codec/mismatch';

export const NO_KEYS_MESSAGE =
  'the worker encrypts payloads but this client has no encryption keys: give the client the same `encryption` ' +
  'setting as the worker (`new Client({ dataConverter: cascadeDataConverter(encryption) })`, or the config file)';

/** A batch's or agent job's result, progress or status this client cannot decrypt. */
export class EncryptionKeyMismatchError extends Error {
  readonly type = ENCRYPTION_MISMATCH_TYPE;
  constructor(
    message: string,
    readonly workflowId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = ENCRYPTION_MISMATCH_TYPE;
  }
}

/** True when `error` is the SDK's failure to decode one of our encrypted payloads without a codec. */
export function isUnreadableEncrypted(error: unknown): boolean {
  return error instanceof Error && error.message.includes(`Unknown encoding: ${ENCRYPTED_ENCODING}`);
}

/** `error`, or an {@link EncryptionKeyMismatchError} that says what to do when it is an unreadable encrypted payload. */
export function explainUnreadable(error: unknown, workflowId: string, what: string): unknown {
  if (!isUnreadableEncrypted(error)) return error;
  return new EncryptionKeyMismatchError(`cannot read the ${what} of ${workflowId}: ${NO_KEYS_MESSAGE}`, workflowId, {
    cause: error,
  });
}

/** Wraps a client call so an unreadable encrypted payload becomes a clear error. */
export function readable<T>(workflowId: string, what: string, call: () => Promise<T>): Promise<T> {
  return call().catch((error: unknown) => {
    throw explainUnreadable(error, workflowId, what);
  });
}

/**
 * A workflow failed because its worker could not decrypt it (the worker has other keys): the worker's readable
 * message as an {@link EncryptionKeyMismatchError}, instead of the SDK's "Workflow execution failed". Any other
 * error goes through {@link explainUnreadable}.
 */
export function explainFailure(error: unknown, workflowId: string, what: string): unknown {
  const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === ENCRYPTION_MISMATCH_TYPE) {
    return new EncryptionKeyMismatchError(`${workflowId} failed: ${cause.message}`, workflowId, { cause: error });
  }
  return explainUnreadable(error, workflowId, what);
}
