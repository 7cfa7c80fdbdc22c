/** The batch workflow: pages, bounded fan-out of items (inline or item workflows), budget, signals, continue-as-new. */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  setCurrentDetails,
  upsertMemo,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  batchProgressQuery,
  cancelBatchSignal,
  pauseBatchSignal,
  resumeBatchSignal,
  type BatchInput,
  type BatchPhase,
  type BatchReport,
  type PlannedBatchInput,
} from './definitions';
import { cancelReasonOf } from '../definitions/control';
import { isPatched } from '../patches';
import { planBatchRequest } from '../cascade/plan';
import { budgetMicroUsd, microToUsd } from '../../catalog/pricing';
import { itemRunWorkflowId, messageOf, runItem } from './run-item';
import { PageReader } from './pages';
import { batchMemo, batchProgress, batchReport, progressMarkdown } from './report';
import { LEDGER_MEMO_KEY } from '../job/memo';
import {
  DEFAULT_MAX_HISTORY_EVENTS,
  clampConcurrency,
  continueAsNewDue,
  initialState,
  minGrantMicroUsd,
  resumedState,
} from './state';
import {
  endingPhase,
  failRun,
  initialLoop,
  isReady,
  isPageIn,
  isSettled,
  grantedMicroUsd,
  nextStep,
  outcomeOf,
  rewindToQueue,
  settleRun,
  takeItem,
  type ItemRun,
  type LoopClock,
  type LoopEnd,
  type LoopLimits,
} from './loop';
import { batchAttributes } from '../definitions/search-attributes';
import { providerBatchTier } from '../../routing/provider-batch';
import { runProviderBatchPage, type PriorAnswer } from './provider-batch';

/** Search attributes are upserted every this many finished items (each upsert is a history event). */
const SEARCH_ATTRIBUTE_EVERY = 25;

/**
 * Runs every item of a batch through the cascade, a bounded number at a time, paging through the input by
 * cursor, and continues as new with its totals when history grows. Items run inline (their load, attempts and
 * result line are this workflow's activities) or, with `itemWorkflows`, each as a child workflow.
 * The worker's catalog plans the route once, at the start; continued runs (and histories recorded before the
 * worker planned routes) carry it in their input.
 * A thin driver: `loop.ts` decides each step; this function runs the activities, items and waits it names.
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
    ...(input.providerBatch && { providerBatch: true }),
    ...(input.expectedCatalogFingerprint && { expectedCatalogFingerprint: input.expectedCatalogFingerprint }),
  });
  return runBatch({ ...input, ...plan });
}

async function runBatch(input: PlannedBatchInput): Promise<BatchReport> {
  // Handlers go up before the first await, so a query right after the start finds them (state fills in below).
  const loop = initialLoop(input.carried ? resumedState(input.carried) : initialState(0, 0, Date.now()));
  const state = loop.carried;
  const limits: LoopLimits = {
    concurrency: clampConcurrency(input.concurrency),
    budgetMicroUsd: input.maxCostUsd === undefined ? undefined : budgetMicroUsd(input.maxCostUsd),
    minGrantMicroUsd: minGrantMicroUsd(input.route),
    retryRounds: input.retryRounds,
    retryDelayMs: input.retryDelayMs,
    // Histories recorded before page-ahead replay as they were made: a page read only once the queue was empty.
    pageAhead: isPatched('batchPageAhead'),
  };
  // Histories recorded before inline items replay with a child workflow per item, as they were made.
  const inline = input.itemWorkflows !== true && isPatched('batchInlineItems');
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  // Provider batch answers not yet handed to their items (they live in this run's memory only).
  const priors = new Map<string, PriorAnswer>();
  const providerBatch = providerBatchTier(input.route) !== undefined;
  const clock = (): LoopClock => ({
    now: Date.now(),
    // Never continue as new while answers wait for their items: the next run would not know them.
    continueAsNewDue: priors.size === 0 && continueAsNewDue(workflowInfo(), maxHistoryEvents),
  });
  let phase: BatchPhase = input.carried ? 'running' : 'starting';
  const view = () =>
    batchProgress({
      batchId: input.batchId,
      phase: state.paused && phase === 'running' ? 'paused' : phase,
      state,
      inFlight: loop.running.size,
    });
  setHandler(batchProgressQuery, view, { description: 'Items done, failed and in flight; cost so far and projected' });
  setHandler(pauseBatchSignal, () => void (state.paused = true), { description: 'Stop starting items until resume' });
  setHandler(resumeBatchSignal, () => void (state.paused = false), { description: 'Start items again after pause' });
  setHandler(
    cancelBatchSignal,
    (payload) => void (loop.cancelReason = cancelReasonOf(payload) ?? 'cancelled by signal'),
    {
      description: 'Stop starting items, let those in flight finish, report the rest as undone',
    },
  );
  const publish = (force = false) => {
    setCurrentDetails(progressMarkdown(view()));
    const finished = state.totals.ok + state.totals.failed;
    if (input.searchAttributes === false || (!force && finished % SEARCH_ATTRIBUTE_EVERY !== 0)) return;
    upsertSearchAttributes(batchAttributes(input.task, finished, microToUsd(state.totals.costMicroUsd)));
  };
  /** The batch's progress in the run's memo, shown by the Temporal UI with no worker running (runs since the patch). */
  const leaveMemo = (status: string) => {
    if (isPatched('batchLedgerMemo'))
      upsertMemo({ [LEDGER_MEMO_KEY]: batchMemo(view(), state.totals.costMicroUsd, status) });
  };
  const reader = new PageReader(input, loop);
  if (!input.carried) {
    // Counted once, for progress only; the pages are what decides what runs (with page-ahead, read beside the count).
    const count = reader.count(() => {
      phase = 'running';
      publish(true);
    });
    // A failed count is recorded by the reader and ends the loop; without page-ahead it fails the batch at once.
    if (limits.pageAhead) void count.catch(() => undefined);
    else await count;
  } else publish(true);

  let end: LoopEnd | undefined;
  while (!end) {
    const step = nextStep(loop, limits, clock());
    if (step.kind === 'end') end = step.end;
    else if (step.kind === 'start')
      startItem(takeItem(loop, step, (item, round) => itemRunWorkflowId(workflowInfo().workflowId, item.id, round)));
    else if (step.kind === 'wait' && step.until === 'settled') await condition(() => isSettled(loop));
    else if (step.kind === 'wait' && step.until === 'page') await condition(() => isPageIn(loop));
    else if (step.kind === 'wait') {
      const ready = () => isReady(loop, limits, clock());
      if (step.timeoutMs === undefined) await condition(ready);
      else await condition(ready, step.timeoutMs);
    } else if (providerBatch) {
      // The page's first-tier attempts go out as provider batches before any of its items starts.
      const before = loop.queue.length;
      await reader.read();
      const answers = await runProviderBatchPage(input, loop.queue.slice(before), {
        room: () =>
          limits.budgetMicroUsd === undefined
            ? undefined
            : limits.budgetMicroUsd - state.totals.costMicroUsd - grantedMicroUsd(loop),
        hold: (microUsd) => void (loop.heldMicroUsd = (loop.heldMicroUsd ?? 0) + microUsd),
        cancelled: () => loop.cancelReason !== undefined,
      });
      for (const [id, answer] of answers) {
        priors.set(id, answer);
        loop.heldMicroUsd = (loop.heldMicroUsd ?? 0) + answer.costMicroUsd;
      }
    } else if (limits.pageAhead) {
      // Beside the items: they go on starting while the next page is read.
      void reader.read();
    } else {
      await reader.read();
      if (loop.readFailed) end = 'drained';
    }
    reader.unreadable();
  }

  phase = endingPhase(end);
  publish();
  await condition(() => loop.running.size === 0 && !loop.reading && !reader.counting);
  rewindToQueue(loop);
  const unreadable = reader.unreadable();
  if (loop.internalError !== undefined) {
    throw ApplicationFailure.create({
      type: 'BatchInternalError',
      message: `an item could not be accounted for: ${loop.internalError}; rerun with the same batch id to go on`,
      nonRetryable: true,
    });
  }
  if (unreadable) {
    throw ApplicationFailure.create({
      type: 'BatchInputUnreadable',
      message: `the batch input could not be read: ${messageOf(unreadable)}; items finished so far are in the outputs, rerun with the same batch id to go on`,
      nonRetryable: true,
    });
  }
  if (end === 'continue' && loop.cancelReason === undefined) {
    leaveMemo(`run ${state.runs} continued as new`);
    await continueAsNew<typeof batchWorkflow>({ ...input, carried: { ...state, runs: state.runs + 1 } });
  }
  phase = 'done';
  publish(true);
  // Items still waiting for a retry round when the batch stopped early are undone, like the items not started.
  const { status, reason } = outcomeOf(loop, end, input.maxCostUsd);
  leaveMemo(reason ? `${status}: ${reason}` : status);
  return batchReport(input.batchId, state, input.outputs, status, Date.now(), reason);

  /** Starts a run's child; its summary (or, for a bug, its rejection) settles it. */
  function startItem(run: ItemRun): void {
    const prior = priors.get(run.item.id);
    if (prior) {
      // The batch answer is spent already: it moves from the held money into this run's grant.
      priors.delete(run.item.id);
      loop.heldMicroUsd = (loop.heldMicroUsd ?? 0) - prior.costMicroUsd;
      if (run.grantMicroUsd !== undefined) run.grantMicroUsd += prior.costMicroUsd;
    }
    const grantUsd = run.grantMicroUsd === undefined ? undefined : microToUsd(run.grantMicroUsd);
    const spool = prior && { spoolPath: prior.spoolPath };
    runItem(input, run.item, run.workflowId, grantUsd, {
      inline,
      round: run.round,
      ...(spool && { providerBatch: spool }),
    }).then(
      (summary) => {
        settleRun(loop, run, summary, limits, Date.now());
        publish();
      },
      (error: unknown) => failRun(loop, run, error),
    );
  }
}
