/**
 * What the demo prints: the live progress bar (on a terminal only) and the final cost report, with the
 * savings against sending every document to the premium tier.
 */
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import type { Catalog } from '../catalog/types';
import type { BatchProgress, BatchReport } from '../client/batch-client';

/** The Temporal UI page of one workflow. */
export function workflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A progress bar fed by the batch's progress query; a no-op when stderr is not a terminal (CI, tests). */
export function createProgressView(total: number): { update(progress: BatchProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format:
      ' {bar} {value}/{total} documents | {ok} ok, {failed} failed, {inFlight} in flight | {cost} so far, ~{projected} projected | ETA {eta_formatted}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    etaBuffer: 20,
  });
  bar.start(total, 0, { ok: 0, failed: 0, inFlight: 0, cost: usd(0), projected: usd(0) });
  return {
    update(p) {
      bar.setTotal(Math.max(1, p.total - p.alreadyDone));
      bar.update(p.done, {
        ok: p.ok,
        failed: p.failed,
        inFlight: p.inFlight,
        cost: usd(p.costUsd),
        projected: usd(p.projectedTotalCostUsd),
      });
    },
    stop: () => bar.stop(),
  };
}

/** The final report: counts, cost by tier and model, and the savings line. */
export function formatReport(report: BatchReport, context: { catalog: Catalog; task: string }): string {
  const tiers = context.catalog.routes[context.task]?.tiers.map((t) => t.name) ?? [];
  const counts = new Table({ style: { head: [], border: [] } });
  counts.push(
    { documents: String(report.total) },
    { extracted: `${report.ok}` },
    { failed: `${report.failed}${report.failed ? ' (see the errors file: reason and ledger per document)' : ''}` },
    {
      escalated: `${report.escalated} (${(report.escalationRate * 100).toFixed(1)}% of documents needed a pricier tier)`,
    },
    { 'model attempts': String(report.attempts) },
    { 'wall time': `${(report.durationMs / 1000).toFixed(1)} s` },
  );
  if (report.undone) counts.push({ 'left undone': `${report.undone} (${report.stopReason ?? report.status})` });

  const byTier = new Table({ head: ['tier', 'cost', 'share'], style: { head: [], border: [] } });
  const tierNames = [...tiers, ...Object.keys(report.costByTierUsd).filter((t) => !tiers.includes(t))];
  for (const tier of tierNames) {
    const cost = report.costByTierUsd[tier] ?? 0;
    byTier.push([tier, usd(cost), share(cost, report.costUsd)]);
  }
  byTier.push(['total', usd(report.costUsd), '']);

  const byModel = new Table({ head: ['model', 'cost'], style: { head: [], border: [] } });
  const models = Object.entries(report.costByModelUsd).sort((a, b) => b[1] - a[1]);
  for (const [model, cost] of models) byModel.push([model, usd(cost)]);

  return [
    '',
    `Batch ${report.batchId}: ${report.status}`,
    counts.toString(),
    '',
    'Cost by tier',
    byTier.toString(),
    '',
    'Cost by model',
    byModel.toString(),
    '',
    savingsLine(report),
    '',
  ].join('\n');
}

/** "Spent $X; premium-only would have cost $Y: Z% saved." */
export function savingsLine(report: BatchReport): string {
  const spent = `Spent ${usd(report.costUsd)} on ${report.ok + report.failed} documents`;
  if (report.savingsPct === null) return `${spent}; no premium-only baseline (nothing succeeded).`;
  const verdict =
    report.savingsPct >= 0 ? `${report.savingsPct.toFixed(1)}% saved` : `${(-report.savingsPct).toFixed(1)}% more`;
  return `${spent}; sending every document to the premium tier would have cost ${usd(report.baselineCostUsd)}: ${verdict}.`;
}

function usd(value: number): string {
  return `$${value.toFixed(value >= 1 ? 2 : value >= 0.01 ? 4 : 6)}`;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–';
}
