/** The batch parent workflow: pages, bounded fan-out of item workflows, budget, signals, continue-as-new. */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/batch/io';
import {
  batchProgressQuery,
  cancelBatchSignal,
  pauseBatchSignal,
  resumeBatchSignal,
  type BatchCarriedState,
  type BatchInput,
  type BatchItemRef,
  type BatchPhase,
  type BatchReport,
  type PlannedBatchInput,
} from './definitions';
import { planBatchRequest } from '../cascade/plan';
import { microToUsd } from '../../catalog/pricing';
import { itemRunWorkflowId, messageOf, runItem } from './children';
import { batchProgress, batchReport, progressMarkdown } from './report';
import {
  DEFAULT_MAX_HISTORY_EVENTS,
  DEFAULT_PAGE_SIZE,
  addItem,
  clampConcurrency,
  continueAsNewDue,
  initialState,
  minGrantMicroUsd,
  planStart,
  raiseGrantFloor,
  resumedState,
  retryAfterTransient,
  type StartGate,
} from './state';
import { LlmCostUsd, LlmItems, LlmTask } from '../search-attributes';

const { countBatchItems, readBatchPage } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Search attributes are upserted every this many finished items (each upsert is a history event). */
const SEARCH_ATTRIBUTE_EVERY = 25;

/**
 * Runs every item of a batch as a child cascade, a bounded number at a time, paging through the input by
 * cursor (documents never enter this history), and continues as new with its totals when history grows.
 * The worker's catalog plans the route once, at the start; continued runs (and histories recorded before the
 * worker planned routes) carry it in their input.
 */
export async function batchWorkflow(input: BatchInput): Promise<BatchReport> {
  if (input.route) return runBatch(input as PlannedBatchInput);
  // A progress query during planning finds the batch starting (the loop below replaces this handler).
  const starting = initialState(0, 0, Date.now());
  setHandler(batchProgressQuery, () =>
    batchProgress({ batchId: input.batchId, phase: 'starting', state: starting, inFlight: 0 }),
  );
  const plan = await planBatchRequest({
    task: input.task,
    ...(input.startTier !== undefined && { startTier: input.startTier }),
    ...(input.instructions !== undefined && { instructions: input.instructions }),
    ...(input.checks && { checks: input.checks }),
    ...(input.schemaInPrompt !== undefined && { schemaInPrompt: input.schemaInPrompt }),
  });
  return runBatch({ ...input, ...plan });
}

async function runBatch(input: PlannedBatchInput): Promise<BatchReport> {
  // Handlers go up before the first await, so a query right after the start finds them (state fills in below).
  const state: BatchCarriedState = input.carried ? resumedState(input.carried) : initialState(0, 0, Date.now());
  const concurrency = clampConcurrency(input.concurrency);
  const budgetMicroUsd = input.maxCostUsd === undefined ? undefined : Math.floor(input.maxCostUsd * 1e6);
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  let inFlight = 0;
  /** Budget grants of the items in flight, by item workflow id (all given back before continue-as-new). */
  const grants = new Map<string, number>();
  let phase: BatchPhase = input.carried ? 'running' : 'starting';
  let cancelReason: string | undefined;
  const view = () =>
    batchProgress({
      batchId: input.batchId,
      phase: state.paused && phase === 'running' ? 'paused' : phase,
      state,
      inFlight,
    });
  setHandler(batchProgressQuery, view, { description: 'Items done, failed and in flight; cost so far and projected' });
  setHandler(pauseBatchSignal, () => void (state.paused = true), { description: 'Stop starting items until resume' });
  setHandler(resumeBatchSignal, () => void (state.paused = false), { description: 'Start items again after pause' });
  setHandler(cancelBatchSignal, (reason?: string) => void (cancelReason = reason || 'cancelled by signal'), {
    description: 'Stop starting items, let those in flight finish, report the rest as undone',
  });
  const minGrant = minGrantMicroUsd(input.route);
  const gate = (): StartGate => ({
    totals: state.totals,
    inFlight,
    concurrency,
    budgetMicroUsd,
    grantedMicroUsd: [...grants.values()].reduce((sum, grant) => sum + grant, 0),
    budgetSpent: state.budgetSpent,
    minGrantMicroUsd: minGrant,
  });
  const publish = (force = false) => {
    setCurrentDetails(progressMarkdown(view()));
    const finished = state.totals.ok + state.totals.failed;
    if (input.searchAttributes === false || (!force && finished % SEARCH_ATTRIBUTE_EVERY !== 0)) return;
    upsertSearchAttributes([
      { key: LlmTask, value: input.task },
      { key: LlmItems, value: finished },
      { key: LlmCostUsd, value: state.totals.costMicroUsd / 1e6 },
    ]);
  };
  if (!input.carried) {
    // Counted once, for progress only; the pages below are what decides what runs.
    const counts = await countBatchItems({
      source: input.source,
      outputs: input.outputs,
      retryFailed: input.retryFailed,
    });
    state.total = counts.total;
    state.alreadyDone = counts.alreadyDone;
    phase = 'running';
  }
  publish(true);

  const queue: BatchItemRef[] = [];
  let stop: 'cancel' | 'budget' | 'continue' | undefined;
  let failure: Error | undefined;
  let internalError: Error | undefined;
  const due = () => continueAsNewDue(workflowInfo(), maxHistoryEvents);
  const dueRetry = () => state.retries.findIndex((retry) => retry.notBefore <= Date.now());
  while (!stop) {
    if (queue.length === 0 && !state.exhausted) {
      try {
        const page = await readBatchPage({
          source: input.source,
          outputs: input.outputs,
          cursor: state.cursor,
          pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
          retryFailed: input.retryFailed,
        });
        queue.push(...page.items);
        state.cursor = page.next;
        state.exhausted = page.exhausted;
        state.totals.skipped += page.skipped;
      } catch (error) {
        if (isCancellation(error) || !(error instanceof ActivityFailure)) throw error;
        failure = error;
        break;
      }
      continue;
    }
    if (queue.length === 0 && state.retries.length === 0) {
      if (inFlight === 0) break;
      // Items in flight may still fail transiently and need another round.
      await condition(() => cancelReason !== undefined || inFlight === 0 || state.retries.length > 0);
      if (cancelReason !== undefined) stop = 'cancel';
      continue;
    }
    const hasWork = () => queue.length > 0 || dueRetry() >= 0;
    const plan = () => (state.paused ? ({ kind: 'wait' } as const) : planStart(gate()));
    const ready = () => cancelReason !== undefined || due() || (hasWork() && plan().kind !== 'wait');
    if (!ready()) {
      const nextRetry = Math.min(...state.retries.map((retry) => retry.notBefore));
      // Wake for a retry round's time too; everything else is a state change that condition() notices.
      if (Number.isFinite(nextRetry)) await condition(ready, Math.max(1, nextRetry - Date.now()));
      else await condition(ready);
      continue;
    }
    const next = plan();
    if (cancelReason !== undefined) stop = 'cancel';
    else if (due()) stop = 'continue';
    else if (next.kind === 'stop') stop = 'budget';
    else if (next.kind === 'start') {
      const retryIndex = queue.length > 0 ? -1 : dueRetry();
      const retry = retryIndex >= 0 ? state.retries.splice(retryIndex, 1)[0]! : undefined;
      startItem(retry?.item ?? queue.shift()!, retry?.round ?? 0, next.grantMicroUsd, next.lastChance === true);
    }
  }

  phase = stop === 'cancel' ? 'cancelling' : stop === 'budget' ? 'budget_stopped' : 'draining';
  publish();
  await condition(() => inFlight === 0);
  // Resume from the first item not started: the queue's head, or the page cursor when the queue is empty.
  if (queue[0]) {
    state.cursor = queue[0].at;
    state.exhausted = false;
  }
  if (internalError) {
    throw ApplicationFailure.create({
      type: 'BatchInternalError',
      message: `an item could not be accounted for: ${messageOf(internalError)}; rerun with the same batch id to go on`,
      nonRetryable: true,
    });
  }
  if (failure) {
    throw ApplicationFailure.create({
      type: 'BatchInputUnreadable',
      message: `the batch input could not be read: ${messageOf(failure)}; items finished so far are in the outputs, rerun with the same batch id to go on`,
      nonRetryable: true,
    });
  }
  if (stop === 'continue' && cancelReason === undefined) {
    await continueAsNew<typeof batchWorkflow>({ ...input, carried: { ...state, runs: state.runs + 1 } });
  }
  phase = 'done';
  publish(true);
  // Items stopped by the budget inside their cascade count too, even when every other item got to run.
  const outOfBudget = stop === 'budget' || state.totals.budgetStopped > 0;
  // Items still waiting for a retry round when the batch stopped early are undone, like the items not started.
  const status = cancelReason !== undefined ? 'cancelled' : outOfBudget ? 'budget_exhausted' : 'completed';
  const reason =
    cancelReason ??
    (outOfBudget ? `the batch budget of $${input.maxCostUsd} leaves no room for another item` : undefined);
  return batchReport(input.batchId, state, input.outputs, status, Date.now(), reason);

  function startItem(item: BatchItemRef, round: number, grantMicroUsd: number | undefined, lastChance: boolean): void {
    inFlight++;
    const workflowId = itemRunWorkflowId(workflowInfo().workflowId, item.id, round);
    if (grantMicroUsd !== undefined) grants.set(workflowId, grantMicroUsd);
    runItem(input, item, workflowId, grantMicroUsd === undefined ? undefined : microToUsd(grantMicroUsd)).then(
      (summary) => {
        let retryAt =
          summary.status === 'retryable'
            ? retryAfterTransient(round, Date.now(), input.retryRounds, input.retryDelayMs)
            : undefined;
        if (summary.status === 'undone' && grantMicroUsd !== undefined) {
          // Stopped by its grant, not by the batch: later grants are larger, and this item goes again with one.
          raiseGrantFloor(state.totals, grantMicroUsd);
          if (lastChance) state.budgetSpent = true;
          else retryAt = Date.now();
        }
        if (retryAt !== undefined) state.retries.push({ item, round: round + 1, notBefore: retryAt });
        addItem(state.totals, summary, retryAt === undefined);
        grants.delete(workflowId);
        inFlight--;
        publish();
      },
      (error: unknown) => {
        // runItem accounts for every way a child can end; reaching here is a bug: fail the batch loudly.
        internalError = error instanceof Error ? error : new Error(String(error));
        cancelReason ??= `internal error: ${internalError.message}`;
        grants.delete(workflowId);
        inFlight--;
      },
    );
  }
}
