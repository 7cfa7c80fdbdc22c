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
import type { BatchActivities } from '../activities/batch-io';
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
} from './batch-definitions';
import { messageOf, runItem } from './batch-children';
import { batchProgress, batchReport, progressMarkdown } from './batch-report';
import {
  DEFAULT_MAX_HISTORY_EVENTS,
  DEFAULT_PAGE_SIZE,
  addItem,
  budgetAllowsStart,
  clampConcurrency,
  continueAsNewDue,
  inFlightLimit,
  initialState,
  itemBudgetUsd,
  type StartGate,
} from './batch-state';
import { LlmCostUsd, LlmItems, LlmTask } from './search-attributes';

const { countBatchItems, readBatchPage } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Search attributes are upserted every this many finished items (each upsert is a history event). */
const SEARCH_ATTRIBUTE_EVERY = 25;

/**
 * Runs every item of a batch as a child cascade, a bounded number at a time, paging through the input by
 * cursor (documents never enter this history), and continues as new with its totals when history grows.
 */
export async function batchWorkflow(input: BatchInput): Promise<BatchReport> {
  // Handlers go up before the first await, so a query right after the start finds them (state fills in below).
  const state: BatchCarriedState = input.carried ?? initialState(0, 0, Date.now());
  const concurrency = clampConcurrency(input.concurrency);
  const budgetMicroUsd = input.maxCostUsd === undefined ? undefined : Math.floor(input.maxCostUsd * 1e6);
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  let inFlight = 0;
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
  const gate = (): StartGate => ({ totals: state.totals, inFlight, concurrency, budgetMicroUsd });
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
    const counts = await countBatchItems({ source: input.source, outputs: input.outputs });
    state.total = counts.total;
    state.alreadyDone = counts.alreadyDone;
    phase = 'running';
  }
  publish(true);

  const queue: BatchItemRef[] = [];
  let stop: 'cancel' | 'budget' | 'continue' | undefined;
  let failure: Error | undefined;
  while (!stop) {
    if (queue.length === 0) {
      if (state.exhausted) break;
      try {
        const page = await readBatchPage({
          source: input.source,
          outputs: input.outputs,
          cursor: state.cursor,
          pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
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
    const due = () => continueAsNewDue(workflowInfo(), maxHistoryEvents);
    const canStart = () =>
      !state.paused && inFlight < inFlightLimit(gate()) && (budgetAllowsStart(gate()) || inFlight === 0);
    await condition(() => cancelReason !== undefined || due() || canStart());
    if (cancelReason !== undefined) stop = 'cancel';
    else if (due()) stop = 'continue';
    else if (!budgetAllowsStart(gate())) stop = 'budget';
    else startItem(queue.shift()!, itemBudgetUsd(gate()));
  }

  phase = stop === 'cancel' ? 'cancelling' : stop === 'budget' ? 'budget_stopped' : 'draining';
  publish();
  await condition(() => inFlight === 0);
  // Resume from the first item not started: the queue's head, or the page cursor when the queue is empty.
  if (queue[0]) {
    state.cursor = queue[0].at;
    state.exhausted = false;
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
  const status = cancelReason !== undefined ? 'cancelled' : outOfBudget ? 'budget_exhausted' : 'completed';
  const reason =
    cancelReason ??
    (outOfBudget ? `the batch budget of $${input.maxCostUsd} leaves no room for another item` : undefined);
  return batchReport(input.batchId, state, input.outputs, status, Date.now(), reason);

  function startItem(item: BatchItemRef, maxCostUsd: number | undefined): void {
    inFlight++;
    void runItem(input, item, maxCostUsd).then((summary) => {
      addItem(state.totals, summary);
      inFlight--;
      publish();
    });
  }
}
