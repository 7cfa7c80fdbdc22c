/**
 * What the demo prints: the live progress bar, and the final report (the `batch` command's tables) under a
 * one-line verdict on the savings against sending every document to the premium tier.
 */
import { SingleBar } from 'cli-progress';
import type { BatchProgress, BatchReport } from '../../client/batch-client';
import { batchReportTables, progressLine } from '../batch-format';
import { usd } from '../format';
import { plural } from '../../catalog/plural';

/** Non-TTY stderr (CI logs) gets a progress line this often instead of a bar. */
const LOG_EVERY_MS = 5_000;

/** The Temporal UI page of one workflow. */
export function workflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/**
 * Progress fed by the batch's progress query: a bar on a terminal, else a line every few seconds, both on
 * stderr so stdout carries only the run's story and the report.
 */
export function createProgressView(total: number): { update(progress: BatchProgress): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let loggedAt = 0;
    return {
      update(progress) {
        if (Date.now() - loggedAt < LOG_EVERY_MS) return;
        loggedAt = Date.now();
        process.stderr.write(`${progressLine(progress)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    stream: process.stderr,
    format:
      'documents {bar} {value}/{total} ({failed} failed, {inFlight} in flight) | {cost} so far, ~{projected} total | ETA {eta_formatted}',
    barsize: 30,
    hideCursor: true,
    etaBuffer: 20,
  });
  bar.start(total, 0, { failed: 0, inFlight: 0, cost: usd(0, 4), projected: usd(0, 4) });
  return {
    update(p) {
      bar.setTotal(Math.max(1, p.total - p.alreadyDone));
      bar.update(p.done, {
        failed: p.failed,
        inFlight: p.inFlight,
        cost: usd(p.costUsd, 4),
        projected: usd(p.projectedTotalCostUsd, 4),
      });
    },
    stop: () => bar.stop(),
  };
}

/** The final report: the savings verdict, then the tables of `llm-cascade batch`. */
export function formatReport(report: BatchReport): string {
  return ['', savingsLine(report), '', batchReportTables(report), ''].join('\n');
}

/** "Spent $X on N documents; sending every document to the premium tier would have cost $Y: Z% saved." */
export function savingsLine(report: BatchReport): string {
  const spent = `Spent ${usd(report.costUsd)} on ${plural(report.ok + report.failed, 'document')}`;
  if (report.savingsPct === null) return `${spent}; no premium-only baseline (no document succeeded).`;
  const verdict =
    report.savingsPct >= 0 ? `${report.savingsPct.toFixed(1)}% saved` : `${(-report.savingsPct).toFixed(1)}% more`;
  return `${spent}; sending every document to the premium tier would have cost ${usd(report.baselineCostUsd)}: ${verdict}.`;
}
