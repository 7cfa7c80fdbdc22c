/**
 * Workflow interceptor module (bundled into the sandbox): a workflow whose input this worker could not decrypt fails
 * at once with a readable EncryptionKeyMismatchError instead of failing its workflow task forever. The same holds
 * between workers: when activities run on another worker process (another host, another deploy) whose keys differ,
 * the activity fails with that error (activity interceptor in codec/activity-interceptors.ts) or its result arrives
 * undecryptable, and the workflow fails at once with a message naming both sides, instead of an attempt that looks
 * like a provider error and retries forever.
 */
import { ActivityFailure, ApplicationFailure, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { ENCRYPTION_MISMATCH_TYPE, undecryptableReason } from './mismatch';

const SHARE_KEYS =
  'The client and every worker on the task queue must share the same `encryption` keys (config file, or plugin and client options).';

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
  outbound: [
    {
      scheduleActivity: (input, next) => checked(input.activityType, next(input)),
      scheduleLocalActivity: (input, next) => checked(input.activityType, next(input)),
    },
  ],
});

export function mismatchFailure(reason: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ENCRYPTION_MISMATCH_TYPE,
    nonRetryable: true,
    message: `the worker cannot decrypt this workflow's input: ${reason}. ${SHARE_KEYS}`,
  });
}

/** An activity's result or failure, with a key mismatch between this worker and the activity's turned into the workflow's failure. */
async function checked(activityType: string, result: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await result;
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === ENCRYPTION_MISMATCH_TYPE) {
      throw ApplicationFailure.create({
        type: ENCRYPTION_MISMATCH_TYPE,
        nonRetryable: true,
        message: `activity ${activityType} ran on a worker that ${cause.message}`,
      });
    }
    throw error;
  }
  const reason = undecryptableReason(value);
  if (reason) {
    throw ApplicationFailure.create({
      type: ENCRYPTION_MISMATCH_TYPE,
      nonRetryable: true,
      message: `this worker cannot decrypt the result of activity ${activityType}, which ran on a worker with other keys: ${reason}. ${SHARE_KEYS}`,
    });
  }
  return value;
}
