/**
 * The failure converter of encrypting workers and clients, loaded by path (`failureConverterPath`) because it also
 * runs inside the workflow bundle. Sandbox-safe.
 *
 * Failure messages and stack traces can quote provider answers and documents, so they are encoded into a payload
 * (which the encryption codec then encrypts); history shows "Encoded failure". The one exception is
 * {@link ENCRYPTION_MISMATCH_TYPE}: its message names key ids only and must stay readable by a client whose keys
 * differ from the worker's, or the client could not say why its request failed.
 */
import {
  ApplicationFailure,
  DefaultFailureConverter,
  type PayloadConverter,
  type ProtoFailure,
  type SerializationContext,
} from '@temporalio/common';
import { ENCRYPTION_MISMATCH_TYPE } from './mismatch';

class CascadeFailureConverter extends DefaultFailureConverter {
  constructor() {
    super({ encodeCommonAttributes: true });
  }

  override errorToFailure(
    error: unknown,
    payloadConverter: PayloadConverter,
    context?: SerializationContext,
  ): ProtoFailure {
    if (error instanceof ApplicationFailure && error.type === ENCRYPTION_MISMATCH_TYPE) {
      return this.errorToFailureInner(error, payloadConverter, context);
    }
    return super.errorToFailure(error, payloadConverter, context);
  }
}

export const failureConverter = new CascadeFailureConverter();
