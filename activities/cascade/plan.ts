/**
 * The planning activities: a request (or a batch) checked and routed on this worker's catalog, the one source of
 * truth for routes. They run as local activities; a request the catalog rejects fails for good with a
 * `CascadeConfigError` failure (details: `{ code }`), never retried, which clients map back to the typed error.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { CascadeConfigError } from '../../catalog/errors';
import { catalogFingerprint, catalogMismatch } from '../../catalog/node/fingerprint';
import { keylessRouteError } from '../../catalog/node/keys';
import { planBatch, planCascadeAsync } from '../../routing/node/plan';
import type { BatchPlan, BatchPlanRequest } from '../../workflows/batch/definitions';
import type { Catalog } from '../../catalog/types';
import type { RetryMeasure, RoutePlan } from '../../routing/types';
import { withRetryMeasures } from './retry-stats';
import type { MeasureOf } from '../../routing/ranking';
import { FailureType, type CascadePlan, type CascadeRequestInput, type ChatMessage } from '../../workflows/definitions';
import { claimed, type ClaimCheck } from '../claim-check/store';

/** The date whose prices apply: today, on the worker (recorded in history with the plan). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A `CascadeConfigError` as a non-retryable failure that keeps its code; anything else is rethrown as is. */
export async function asConfigFailure<T>(plan: () => T | Promise<T>): Promise<T> {
  try {
    return await plan();
  } catch (error) {
    if (!(error instanceof CascadeConfigError)) throw error;
    throw ApplicationFailure.create({
      type: FailureType.ConfigError,
      message: error.message,
      nonRetryable: true,
      details: [{ code: error.code }],
    });
  }
}

/** What the planning activities plan with. */
export interface PlanActivityOptions {
  catalog: Catalog;
  /** The worker's recent measurements, read at planning (measured order, latency goals). */
  measureOf?: MeasureOf;
  /** The worker's measured more-tokens retries per model, recorded in the plan for the cascade's retry rule. */
  retryMeasureOf?: (ref: string) => RetryMeasure | undefined;
  /** Where a conversation sent by reference is read from. */
  claims?: ClaimCheck;
  /** The worker's identity (it names the worker in a catalog mismatch); read when a request is planned. */
  workerIdentity?: () => string;
  /** Where provider API keys are read from: a route none of whose keys is set is refused. @default process.env */
  env?: Record<string, string | undefined>;
}

export function createPlanActivities(options: PlanActivityOptions) {
  const { catalog, measureOf, claims } = options;
  const fingerprint = catalogFingerprint(catalog);
  /** A request sent for another catalog is refused here, before any provider is called (and recorded so). */
  const refuseOtherCatalog = (expected: string | undefined) => {
    const problem = catalogMismatch({
      expected,
      actual: fingerprint,
      worker: options.workerIdentity?.() ?? 'this worker',
      taskQueue: Context.current().info.taskQueue,
    });
    if (problem) throw problem;
  };
  /** A route whose every provider lacks its key here would fail one free `auth_error` at a time: say why at once. */
  const refuseKeyless = <T extends { route: RoutePlan }>(plan: T): T => {
    const problem = keylessRouteError(catalog, plan.route, options.env);
    if (problem) throw problem;
    const measureOf = options.retryMeasureOf;
    return measureOf ? { ...plan, route: withRetryMeasures(plan.route, measureOf) } : plan;
  };
  return {
    /** Counts the prompt's tokens, resolves the route and its start tier, checks budget and context windows. */
    async planCascade(request: CascadeRequestInput): Promise<CascadePlan> {
      await asConfigFailure(() => refuseOtherCatalog(request.expectedCatalogFingerprint));
      const { messagesRef, ...rest } = request;
      // A conversation by reference is planned on its content, read from the claim-check store.
      const resolved = messagesRef
        ? { ...rest, messages: await claimed(claims).get<ChatMessage[]>(messagesRef) }
        : request;
      return asConfigFailure(async () => ({
        ...refuseKeyless(await planCascadeAsync(catalog, resolved, today(), measureOf)),
        catalogFingerprint: fingerprint,
      }));
    },
    /** The route of a whole batch (start rules then apply per item, in `loadBatchItem`). */
    async planBatch(request: BatchPlanRequest): Promise<BatchPlan> {
      return asConfigFailure(() => {
        refuseOtherCatalog(request.expectedCatalogFingerprint);
        return { ...refuseKeyless(planBatch(catalog, request, today())), catalogFingerprint: fingerprint };
      });
    },
  };
}
