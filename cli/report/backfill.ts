/**
 * Backfill of the ledger store from Temporal histories: the requests the history reader finds (cascades, batch items
 * inline or as item workflows) become store rows, upserted exactly once. For rows written before the store existed,
 * or lost with a host's outbox; running it twice, or over rows the workers wrote, adds nothing.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { LedgerStore } from '../../store/store';
import { attemptRowOf, requestKind, requestRowOf, type AttemptFacts, type LedgerContext } from '../../store/rows';
import type { LedgerOperation } from '../../store/write/apply';
import type { ReportRun } from './aggregate';
import { BATCH_WORKFLOW_TYPE, CASCADE_WORKFLOW_TYPES, LEDGER_WORKFLOW_TYPES } from './query';
import { readRequests } from './source';

export interface BackfillOptions {
  /** Visibility query of the workflows to read (see `buildReportQuery`). */
  query: string;
  /** Histories read at once. @default 8 */
  concurrency?: number;
  /** Called after each workflow, with how many were read. */
  onProgress?: (workflows: number) => void;
}

export interface BackfillResult {
  workflows: number;
  requests: number;
  /** Rows new to the store (the others were there already). */
  newAttempts: number;
  newRequests: number;
}

const ITEM_WORKFLOW_TYPE = LEDGER_WORKFLOW_TYPES.batch[0];

/** Where a request read from history sits, and what it is (the store's context of it). Pure. */
export function historyContext(
  info: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'type' | 'parentExecution'>,
  run: ReportRun,
): LedgerContext {
  const base = {
    workflowId: info.workflowId,
    runId: info.runId,
    task: run.task ?? '',
    startedAtMs: Date.parse(run.startTime),
    ...(run.sessionId !== undefined && { sessionId: run.sessionId }),
    ...(run.userId !== undefined && { userId: run.userId }),
    ...(run.gatewayKey !== undefined && { gatewayKey: run.gatewayKey }),
    ...(run.experiments?.length && { experiments: run.experiments }),
  };
  if (info.type === BATCH_WORKFLOW_TYPE) {
    // `<batch id>/<item>` for an item's first round in this run, `<batch id>/<item>#<n>` for its n-th.
    const [item = '', round = '1'] = run.workflowId.slice(info.workflowId.length + 1).split('#');
    return { ...base, kind: 'batch-item', batchId: info.workflowId, itemId: item, round: Number(round) - 1 };
  }
  if (info.type === ITEM_WORKFLOW_TYPE)
    return {
      ...base,
      kind: 'batch-item',
      ...(info.parentExecution?.workflowId && { batchId: info.parentExecution.workflowId }),
    };
  if (!CASCADE_WORKFLOW_TYPES.has(info.type)) {
    // A job's step (`<job id>/<step>`): the step is its scope, as the worker's rows name it, so every step is a
    // request of its own and a backfill over rows the worker wrote finds the same keys.
    const step = run.workflowId.slice(info.workflowId.length + 1);
    return { ...base, kind: requestKind(info.type, {}), step };
  }
  return { ...base, kind: requestKind(info.type, { gatewayKey: run.gatewayKey }) };
}

/** The store operations of one request read from history: its attempts, and its end once it finished. Pure. */
export function historyOperations(context: LedgerContext, run: ReportRun): LedgerOperation[] {
  const facts: AttemptFacts[] = run.attempts.map((attempt, index) => ({
    seq: index + 1,
    tier: attempt.tier,
    provider: attempt.provider,
    ref: attempt.ref,
    reason: attempt.reason,
    outcome: attempt.outcome,
    billed: attempt.billed,
    usage: attempt.usage,
    costMicroUsd: attempt.costMicroUsd,
    latencyMs: attempt.latencyMs ?? 0,
    tries: attempt.tries ?? 1,
    priceSource: attempt.priceSource ?? '',
    priceEffectiveFrom: attempt.priceEffectiveFrom ?? '',
    ...(attempt.estimated && { estimated: true }),
  }));
  const endMs = context.startedAtMs + (run.latencyMs ?? 0);
  const operations: LedgerOperation[] = facts.map((fact) => ({
    op: 'attempt',
    row: attemptRowOf(fact, context, endMs),
  }));
  if (run.status === 'RUNNING') return operations;
  const answered = facts.some((fact) => fact.outcome === 'ok' && fact.reason !== 'classify');
  const ok = answered && (run.status === 'COMPLETED' || context.kind === 'batch-item');
  operations.push({
    op: 'request',
    row: requestRowOf(context, {
      attempts: facts,
      outcome: ok ? 'ok' : 'failed',
      ...(!ok && { failure: run.status === 'COMPLETED' ? 'NoValidAnswer' : run.status }),
      baselineMicroUsd: run.baselineMicroUsd,
      finishedAtMs: endMs,
    }),
  });
  return operations;
}

/** Reads every matching workflow's history (no cap) and writes its requests into the store. */
export async function backfillLedger(
  client: Client,
  store: Pick<LedgerStore, 'apply'>,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const result: BackfillResult = { workflows: 0, requests: 0, newAttempts: 0, newRequests: 0 };
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  const one = async (info: WorkflowExecutionInfo) => {
    const runs = await readRequests(client, info);
    const operations = runs.flatMap((run) => historyOperations(historyContext(info, run), run));
    const applied = await store.apply(operations);
    result.workflows++;
    result.requests += runs.length;
    result.newAttempts += applied.attempts;
    result.newRequests += applied.requests;
    options.onProgress?.(result.workflows);
  };
  for await (const info of client.workflow.list({ query: options.query, pageSize: 1000 })) {
    if (failure !== undefined) break;
    const work: Promise<void> = one(info)
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => pending.delete(work));
    pending.add(work);
    if (pending.size >= (options.concurrency ?? 8)) await Promise.race(pending);
  }
  await Promise.all(pending);
  // A history that could not be read or written stops the backfill loudly; what was written stays (and a rerun
  // skips it).
  if (failure !== undefined) throw failure;
  return result;
}
