/**
 * Activity interceptor: an activity whose input this worker could not decrypt (the workflow ran on a worker with
 * other keys) fails at once, without retries, with a readable EncryptionKeyMismatchError. Without it the activity
 * would receive the codec's marker object in place of its input and fail in some confusing way, again and again.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ENCRYPTION_MISMATCH_TYPE, undecryptableReason } from './mismatch';

export const encryptionActivityInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      const reason = undecryptableReason(input.args);
      if (reason) {
        throw ApplicationFailure.create({
          type: ENCRYPTION_MISMATCH_TYPE,
          nonRetryable: true,
          // Read as "activity X ran on a worker that cannot decrypt …" by the workflow's interceptor.
          message: `cannot decrypt its input: ${reason}`,
        });
      }
      return next(input);
    },
  },
});
