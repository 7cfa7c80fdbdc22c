/**
 * Activity interceptor: the activities' log lines carry no task token. The SDK adds the activity's task token to
 * every activity log entry; anyone holding it can complete or fail that activity (`AsyncCompletionClient`), and it
 * is ~150 characters of base64 on every line. The workflow id, activity id and attempt say which call it was.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** The attributes without `taskToken`. */
export function withoutTaskToken(attributes: Record<string, unknown>): Record<string, unknown> {
  const { taskToken: _taskToken, ...rest } = attributes;
  return rest;
}

export const noTaskTokenInLogs: ActivityInterceptorsFactory = () => ({
  outbound: {
    getLogAttributes: (input, next) => withoutTaskToken(next(input)),
  },
});
