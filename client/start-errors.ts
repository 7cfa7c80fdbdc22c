/** Says what to do when Temporal refuses to start a workflow for a reason the user can fix. */
import { ServiceError } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';

/** gRPC status INVALID_ARGUMENT: what the frontend answers for a search attribute it has no mapping for. */
const INVALID_ARGUMENT = 3;

/**
 * A server without llm-cascade's search attributes answers a start with an opaque "Failed to start Workflow"
 * (its cause: "Namespace default has no mapping defined for search attribute LlmTask"). That becomes a
 * `CascadeConfigError` naming the fix; any other error is returned as it is.
 */
export function explainStartError(error: unknown, namespace: string): unknown {
  if (!(error instanceof ServiceError)) return error;
  const cause = error.cause as { code?: unknown; details?: unknown; message?: unknown } | undefined;
  const text = `${String(cause?.details ?? '')} ${String(cause?.message ?? '')} ${error.message}`;
  if (cause?.code !== INVALID_ARGUMENT || !/search attribute/i.test(text)) return error;
  const names = SEARCH_ATTRIBUTES.map((key) => key.name).join(', ');
  return new CascadeConfigError({
    code: ConfigErrorCode.MissingSearchAttributes,
    message:
      `the Temporal namespace "${namespace}" does not have llm-cascade's search attributes (${names}): run ` +
      '`llm-cascade setup` once against this server (with the same --address and --namespace), or start requests ' +
      `with searchAttributes: false. The server said: ${String(cause?.details ?? cause?.message ?? error.message)}`,
    cause: error,
  });
}
