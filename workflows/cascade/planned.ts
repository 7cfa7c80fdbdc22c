/** A planned request as the cascade loop's input; pure (imported by workflows and by the client's pre-check). */
import { composeMessages } from '../../routing/request';
import type { CascadeInput, CascadePlan, CascadeRequestInput } from '../definitions';

/** The cascade's input: the request as sent, completed by what the worker's catalog planned for it. */
export function plannedInput(request: CascadeRequestInput, plan: CascadePlan): CascadeInput {
  return {
    task: request.task,
    schema: request.schema,
    // A conversation by reference was checked by the planning activity, which read it from the store.
    messages: request.messagesRef ? [] : composeMessages(request, plan.instructions),
    ...(request.messagesRef && { messagesRef: request.messagesRef }),
    route: plan.route,
    estimatedInputTokens: plan.estimatedInputTokens,
    maxCostUsd: request.maxCostUsd,
    ...(request.maxWaitMs !== undefined && { maxWaitMs: request.maxWaitMs }),
    metadata: request.metadata,
    searchAttributes: request.searchAttributes ?? true,
    ...(plan.checks && { checks: plan.checks }),
    ...(plan.schemaInPrompt === false && { schemaInPrompt: false }),
    ...(request.latencyMode && { latencyMode: true }),
    ...(plan.experiments?.length && { experiments: plan.experiments }),
    ...(plan.classify && { classify: plan.classify }),
    ...(plan.catalogFingerprint && { catalogFingerprint: plan.catalogFingerprint }),
  };
}

/** Whether a workflow input is a planned one (recorded before the worker planned routes: it carries the route). */
export function isPlanned<T extends object>(input: T): input is T & { route: NonNullable<unknown> } {
  return 'route' in input && (input as { route?: unknown }).route !== undefined;
}
