/**
 * Workflow interceptor module (bundled into the sandbox): a workflow whose input this worker could not decrypt fails
 * at once with a readable EncryptionKeyMismatchError instead of failing its workflow task forever.
 */
import { ApplicationFailure, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { ENCRYPTION_MISMATCH_TYPE, undecryptableReason } from './mismatch';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        const reason = undecryptableReason(input.args);
        if (reason) throw mismatchFailure(reason);
        return next(input);
      },
    },
  ],
});

export function mismatchFailure(reason: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ENCRYPTION_MISMATCH_TYPE,
    nonRetryable: true,
    message:
      `the worker cannot decrypt this workflow's input: ${reason}. ` +
      'The client and the worker must share the same `encryption` keys (config file, or plugin and client options).',
  });
}
