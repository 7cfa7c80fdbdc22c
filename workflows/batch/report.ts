/** Pure presentation of a batch: the progress answer, the final report, the markdown the Temporal UI shows. */
import { microToUsd } from '../../catalog/pricing';
import type {
  BatchCarriedState,
  BatchOutputs,
  BatchPhase,
  BatchProgress,
  BatchReport,
  BatchStatus,
  CostMap,
} from './definitions';
import { finishedItems } from './state';
import { markdownRow } from '../cascade/ledger';
import { plural } from '../../catalog/plural';
import { usd } from '../job/memo';

export interface BatchView {
  batchId: string;
  phase: BatchPhase;
  state: BatchCarriedState;
  inFlight: number;
}

/** Items the batch has to process: the input less what earlier runs recorded. */
function toProcess(state: BatchCarriedState): number {
  return Math.max(0, state.total - state.alreadyDone);
}

export function batchProgress(view: BatchView): BatchProgress {
  const { totals } = view.state;
  const finished = finishedItems(totals);
  const projected = finished === 0 ? 0 : Math.round((totals.costMicroUsd / finished) * toProcess(view.state));
  return {
    batchId: view.batchId,
    phase: view.phase,
    total: view.state.total,
    alreadyDone: view.state.alreadyDone,
    done: totals.ok + totals.failed,
    ok: totals.ok,
    failed: totals.failed,
    retrying: view.state.retries.length,
    inFlight: view.inFlight,
    costUsd: microToUsd(totals.costMicroUsd),
    projectedTotalCostUsd: microToUsd(Math.max(projected, totals.costMicroUsd)),
    runs: view.state.runs + 1,
  };
}

function toUsd(map: CostMap): Record<string, number> {
  return Object.fromEntries(Object.entries(map).map(([key, micro]) => [key, microToUsd(micro)]));
}

export function batchReport(
  batchId: string,
  state: BatchCarriedState,
  outputs: BatchOutputs,
  status: BatchStatus,
  now: number,
  stopReason?: string,
): BatchReport {
  const { totals } = state;
  const ran = totals.ok + totals.failed;
  const ended = ran + totals.retryable;
  // Pages not read (an early stop) have not counted their recorded items yet: fall back on the count at start.
  const skipped = Math.max(totals.skipped, state.alreadyDone);
  const costUsd = microToUsd(totals.costMicroUsd);
  const baselineCostUsd = microToUsd(totals.baselineMicroUsd);
  return {
    batchId,
    status,
    total: state.total,
    ok: totals.ok,
    failed: totals.failed,
    skipped,
    undone: Math.max(0, state.total - skipped - ended),
    retryable: totals.retryable,
    failedByCode: { ...totals.failedByCode },
    costUsd,
    costMicroUsd: totals.costMicroUsd,
    costByTierUsd: toUsd(totals.costByTier),
    costByModelUsd: toUsd(totals.costByModel),
    attempts: totals.attempts,
    escalated: totals.escalated,
    escalationRate: ran === 0 ? 0 : totals.escalated / ran,
    baselineCostUsd,
    savingsPct:
      totals.baselineMicroUsd > 0 ? Math.round((1 - totals.costMicroUsd / totals.baselineMicroUsd) * 1000) / 10 : null,
    outputs,
    runs: state.runs + 1,
    durationMs: Math.max(0, now - state.startedAt),
    ...(stopReason ? { stopReason } : {}),
    ...(totals.providerBatch && {
      providerBatch: {
        items: totals.providerBatch.items,
        costUsd: microToUsd(totals.providerBatch.costMicroUsd),
        syncCostUsd: microToUsd(totals.providerBatch.syncMicroUsd),
        savedUsd: microToUsd(totals.providerBatch.syncMicroUsd - totals.providerBatch.costMicroUsd),
      },
    }),
  };
}

/** A short progress table for `setCurrentDetails`. */
export function progressMarkdown(progress: BatchProgress): string {
  const left = Math.max(0, progress.total - progress.alreadyDone - progress.done - progress.inFlight);
  return [
    `**${progress.phase}**: ${progress.done} of ${plural(progress.total - progress.alreadyDone, 'item')} finished` +
      (progress.alreadyDone ? ` (${progress.alreadyDone} done by earlier runs)` : '') +
      ` · run ${progress.runs}`,
    '',
    // Padded cells (markdownRow): the UI renders tables without cell padding, and "ok failed …" ran together.
    markdownRow(['ok', 'failed', 'retrying', 'in flight', 'left', 'cost so far', 'projected total']),
    '|--:|--:|--:|--:|--:|--:|--:|',
    markdownRow([
      String(progress.ok),
      String(progress.failed),
      String(progress.retrying),
      String(progress.inFlight),
      String(left),
      `$${progress.costUsd.toFixed(6)}`,
      `$${progress.projectedTotalCostUsd.toFixed(6)}`,
    ]),
  ].join('\n');
}

/** What a batch run leaves in its memo (names and numbers only): the Temporal UI shows it with no worker running. */
export function batchMemo(progress: BatchProgress, costMicroUsd: number, status: string) {
  return {
    status,
    items: `${progress.done} of ${plural(progress.total - progress.alreadyDone, 'item')} finished: ${progress.ok} ok, ${progress.failed} failed`,
    ...(progress.alreadyDone > 0 && { alreadyDone: progress.alreadyDone }),
    total: usd(costMicroUsd),
    costMicroUsd,
    runs: progress.runs,
    ledger: "every item's attempts: `llm-cascade report --batch <this workflow id>`",
  };
}
