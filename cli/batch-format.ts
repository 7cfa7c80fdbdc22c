/** Terminal presentation of a batch: the final report as tables (cli-table3) and a one-line progress summary. */
import Table from 'cli-table3';
import type { BatchProgress, BatchReport } from '../workflows/batch/definitions';
import { usd } from './format';
import { plural } from '../catalog/plural';

const STYLE = { head: [], border: [] };

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '-';
}

/**
 * Time left at the pace since watching began, for the progress bar: "…" until an item has finished (cli-progress's
 * own ETA shows "NFs" then, and "NaNs" while the total is still 0), "0s" once nothing is left.
 */
export function etaText(
  progress: { done: number; toDo: number },
  since: { done: number; at: number },
  now: number,
): string {
  const left = Math.max(0, progress.toDo - progress.done);
  if (left === 0) return '0s';
  const finished = progress.done - since.done;
  const elapsed = now - since.at;
  if (finished <= 0 || elapsed <= 0) return '…';
  const seconds = Math.round(((elapsed / finished) * left) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3_600)}h ${Math.floor((seconds % 3_600) / 60)}m`;
}

/** The report as three tables: outcome and totals, cost by tier, cost by model. */
export function batchReportTables(report: BatchReport): string {
  const summary = new Table({ style: STYLE });
  const savings =
    report.savingsPct === null
      ? 'n/a (no ok item)'
      : report.savingsPct >= 0
        ? `${report.savingsPct}% saved`
        : `${-report.savingsPct}% more`;
  summary.push(
    { status: report.status + (report.stopReason ? ` (${report.stopReason})` : '') },
    {
      items:
        `${report.total} total: ${report.ok} ok, ${report.failed} failed, ` +
        (report.retryable ? `${report.retryable} retryable, ` : '') +
        `${report.skipped} already done, ${report.undone} undone`,
    },
    ...failureRows(report),
    { cost: `${usd(report.costUsd)} (${plural(report.attempts, 'attempt')})` },
    { 'premium-only baseline': `${usd(report.baselineCostUsd)}: ${savings}` },
    ...(report.providerBatch
      ? [
          {
            'provider batch': `${plural(report.providerBatch.items, 'item')}: ${usd(report.providerBatch.costUsd)} at the batch rate, ${usd(report.providerBatch.syncCostUsd)} at sync prices: ${usd(report.providerBatch.savedUsd)} saved`,
          },
        ]
      : []),
    {
      escalated: `${plural(report.escalated, 'item')} (${(report.escalationRate * 100).toFixed(1)}% of those run: an attempt above the start tier)`,
    },
    { time: `${(report.durationMs / 1000).toFixed(1)} s in ${plural(report.runs, 'run')}` },
    { results: report.outputs.resultsPath },
    { errors: report.outputs.errorsPath },
  );
  return [
    summary.toString(),
    costTable('tier', report.costByTierUsd, report.costUsd),
    costTable('model', report.costByModelUsd, report.costUsd),
  ].join('\n');
}

/** One row per failure code: how many items failed (or stayed retryable) for which reason. */
function failureRows(report: BatchReport): Record<string, string>[] {
  const codes = Object.entries(report.failedByCode ?? {}).sort((a, b) => b[1] - a[1]);
  if (codes.length === 0) return [];
  const hint = report.retryable > 0 ? ' (retryable: rerun with the same batch id)' : '';
  return [{ 'failed by reason': codes.map(([code, count]) => `${code} ×${count}`).join(', ') + hint }];
}

function costTable(what: string, costs: Record<string, number>, total: number): string {
  const table = new Table({ head: [what, 'cost', 'share'], style: STYLE });
  for (const [key, cost] of Object.entries(costs).sort((a, b) => b[1] - a[1]))
    table.push([key, usd(cost), percent(cost, total)]);
  return table.toString();
}

/** One line for logs and non-TTY output: "120/200 done (3 failed), 16 in flight, $0.012 so far, ~$0.020 projected". */
export function progressLine(progress: BatchProgress): string {
  const toDo = progress.total - progress.alreadyDone;
  return (
    `${progress.done}/${toDo} done (${progress.failed} failed), ${progress.inFlight} in flight, ` +
    (progress.retrying ? `${progress.retrying} waiting to retry, ` : '') +
    `${usd(progress.costUsd)} so far, ~${usd(progress.projectedTotalCostUsd)} projected` +
    (progress.phase === 'running' ? '' : ` [${progress.phase}]`)
  );
}
