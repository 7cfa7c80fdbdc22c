/** Terminal presentation of ledgers and reports (cli-table3). */
import Table from 'cli-table3';
import type { AttemptRecord, LedgerTotals } from '../workflows/definitions';

export function usd(value: number, digits = 6): string {
  return `$${value.toFixed(digits)}`;
}

export function ledgerTable(attempts: readonly AttemptRecord[]): string {
  const table = new Table({
    head: ['#', 'tier', 'model', 'why', 'outcome', 'tries', 'tokens in/cached/out', 'cost', 'latency'],
    style: { head: [], border: [] },
  });
  for (const a of attempts) {
    table.push([
      a.seq,
      a.tier,
      a.ref,
      a.reasonDetail,
      a.outcome + (a.error && a.outcome !== 'ok' ? `: ${a.error.slice(0, 60)}` : ''),
      a.tries,
      `${a.usage.inputTokens}/${a.usage.cachedInputTokens}/${a.usage.outputTokens}`,
      // ≈: the provider sent no usable usage, so this is the project's own token count, priced.
      (a.estimated ? '≈' : '') + usd(a.costUsd),
      `${a.latencyMs} ms`,
    ]);
  }
  return table.toString();
}

export function totalsLine(totals: LedgerTotals, baselineCostUsd?: number): string {
  const base = `${totals.attempts} attempts (${totals.billedAttempts} billed), total ${usd(totals.costUsd)}`;
  if (baselineCostUsd === undefined || baselineCostUsd <= 0) return base;
  const saved = 1 - totals.costUsd / baselineCostUsd;
  return `${base}; premium-only baseline ${usd(baselineCostUsd)} (${saved >= 0 ? `${(saved * 100).toFixed(1)}% saved` : `${(-saved * 100).toFixed(1)}% more`})`;
}
