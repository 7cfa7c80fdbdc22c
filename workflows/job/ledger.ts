/** Pure presentation of a job's ledger across its steps: per-step totals and the markdown the UI shows. */
import { microToUsd } from '../../catalog/pricing';
import { ledgerTotals, type AttemptRecord, type StepTotals } from '../definitions';
import { ledgerMarkdown, markdownRow } from '../cascade/ledger';
import { plural } from '../../catalog/plural';

/** Totals per step, in the order the steps first appear in the ledger (rows without a step are left out). */
export function stepTotals(rows: readonly AttemptRecord[]): StepTotals[] {
  const byStep = new Map<string, AttemptRecord[]>();
  for (const row of rows) {
    if (row.step === undefined) continue;
    const list = byStep.get(row.step) ?? [];
    list.push(row);
    byStep.set(row.step, list);
  }
  return [...byStep].map(([step, stepRows]) => ({ step, ...ledgerTotals(stepRows) }));
}

/**
 * The job's Current Details: with named steps, one line per step (attempts, cost) and the job's total above the
 * attempts table; a single unnamed cascade shows exactly its own ledger, as before.
 */
export function jobLedgerMarkdown(rows: readonly AttemptRecord[], status: string): string {
  const steps = stepTotals(rows);
  if (steps.length === 0) return ledgerMarkdown(rows, status);
  const total = ledgerTotals(rows);
  return [
    `**${status}**: ${plural(steps.length, 'step')}, ${plural(total.attempts, 'attempt')}, job total **$${total.costUsd.toFixed(6)}**`,
    '',
    markdownRow(['step', 'attempts', 'billed', 'cost']),
    '|---|--:|--:|--:|',
    ...steps.map((s) =>
      markdownRow([s.step, String(s.attempts), String(s.billedAttempts), `$${s.costUsd.toFixed(6)}`]),
    ),
    '',
    ledgerMarkdown(rows, 'attempts'),
  ].join('\n');
}

/** The sum of every step's cost equals the job's: both are the same rows added up (in micro-USD, no float drift). */
export function jobCostUsd(rows: readonly AttemptRecord[]): number {
  return microToUsd(ledgerTotals(rows).costMicroUsd);
}
