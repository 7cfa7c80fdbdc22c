/**
 * The ledger store's requests as the history report's runs (`ReportRun`), so a store report that selects rows (by
 * workflow, batch or kind) and `explain` go through the very aggregation and formatting the history reader uses. Pure.
 */
import type { RequestKind } from '../../store/rows';
import type { StoredRequest } from '../../store/query/rows';
import type { ReportRun } from './aggregate';
import type { ReportKind } from './query';

/** The store's kinds of request that a `--kind` of the history report selects (query.ts's workflow types). */
export const STORE_KINDS: Record<Exclude<ReportKind, 'all'>, readonly RequestKind[]> = {
  // cascadeWorkflow: standalone, a job's `as: 'child'` steps, gateway requests.
  cascade: ['cascade', 'gateway'],
  batch: ['batch-item'],
  // Other workflows' inline steps: users' jobs and agent jobs.
  job: ['step', 'agent'],
};

/** The id the history report gives a request: the workflow, `<job>/<step>`, or `<batch>/<item>` (`#n` for round n). */
export function requestId(request: Pick<StoredRequest, 'context'>): string {
  const { workflowId, step, itemId, round } = request.context;
  if (itemId !== undefined) return `${workflowId}/${itemId}${round ? `#${round + 1}` : ''}`;
  return step !== undefined ? `${workflowId}/${step}` : workflowId;
}

export function storedRun(request: StoredRequest): ReportRun {
  const { context } = request;
  return {
    workflowId: requestId(request),
    runId: context.runId,
    workflowType: context.kind,
    status: request.outcome === undefined ? 'RUNNING' : request.outcome === 'ok' ? 'COMPLETED' : 'FAILED',
    startTime: new Date(context.startedAtMs).toISOString(),
    task: context.task === '' ? undefined : context.task,
    ...(context.sessionId !== undefined && { sessionId: context.sessionId }),
    ...(context.userId !== undefined && { userId: context.userId }),
    ...(context.gatewayKey !== undefined && { gatewayKey: context.gatewayKey }),
    attempts: request.attempts.map((attempt) => ({
      tier: attempt.tier,
      ref: attempt.ref,
      provider: attempt.provider,
      reason: attempt.reason,
      outcome: attempt.outcome,
      billed: attempt.billed,
      usage: attempt.usage,
      costMicroUsd: attempt.costMicroUsd,
      latencyMs: attempt.latencyMs,
      estimated: attempt.estimated,
      priceSource: attempt.priceSource,
      priceEffectiveFrom: attempt.priceEffectiveFrom,
    })),
    baselineMicroUsd: request.baselineMicroUsd,
    ...(context.experiments?.length && { experiments: [...context.experiments] }),
    ...(request.latencyMs !== undefined && { latencyMs: request.latencyMs }),
  };
}
