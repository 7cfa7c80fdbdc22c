/** Planning a request on the worker: the local activity that applies the worker's catalog, seen from a workflow. */
import { ActivityFailure, ApplicationFailure, proxyLocalActivities } from '@temporalio/workflow';
import type { CascadeActivities } from '../../activities';
import { plannedInput } from './planned';
import type { BatchPlan, BatchPlanRequest } from '../batch/definitions';
import { FailureType, type CascadeInput, type CascadeRequestInput } from '../definitions';

/*
 * Planning reads only the worker's catalog and the request, so it is quick and local: no task-queue round trip.
 * Its result is recorded in history, so a replay (or a worker with another catalog) never plans again.
 */
const { planCascade, planBatch } = proxyLocalActivities<CascadeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/**
 * Plans a request on the worker's catalog (local activity). A request the catalog rejects fails for good with
 * `CascadeConfigError` (details: `{ code }`), which clients map back to the typed error.
 */
export async function planRequest(request: CascadeRequestInput, summary?: string): Promise<CascadeInput> {
  try {
    const plan = await planCascade.executeWithOptions(
      {
        startToCloseTimeout: '1 minute',
        retry: { maximumAttempts: 3, initialInterval: '1 second' },
        ...(summary && { summary }),
      },
      [request],
    );
    return plannedInput(request, plan);
  } catch (error) {
    throw configFailureOf(error) ?? error;
  }
}

/** The request's `CascadeConfigError` from a failed planning activity, as the workflow's own failure. */
export function configFailureOf(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type !== FailureType.ConfigError) return undefined;
  return ApplicationFailure.create({
    type: FailureType.ConfigError,
    message: cause.message,
    nonRetryable: true,
    details: cause.details ? [...cause.details] : [],
  });
}

/** Plans a batch's route on the worker's catalog (local activity), failing like {@link planRequest}. */
export async function planBatchRequest(request: BatchPlanRequest): Promise<BatchPlan> {
  try {
    return await planBatch(request);
  } catch (error) {
    throw configFailureOf(error) ?? error;
  }
}
