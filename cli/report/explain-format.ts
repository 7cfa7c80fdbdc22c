/**
 * `llm-cascade explain <workflow id>`: a workflow's requests (itself, its steps or its batch items) with every
 * attempt, as a table or JSON, from whichever source read them (the store or the histories). Pure.
 */
import Table from 'cli-table3';
import { formatMicroUsd, microToUsd } from '../../catalog/pricing';
import { plural } from '../../catalog/plural';
import type { ReportRun } from './aggregate';

export interface ExplainContext {
  workflowId: string;
  /** Where the ledger was read: `the ledger store <where>` or `namespace <ns>`. */
  from: string;
}

const total = (run: ReportRun) => run.attempts.reduce((sum, attempt) => sum + attempt.costMicroUsd, 0);

export function explainJson(runs: readonly ReportRun[], context: ExplainContext) {
  const cost = runs.reduce((sum, run) => sum + total(run), 0);
  return {
    workflowId: context.workflowId,
    from: context.from,
    costMicroUsd: cost,
    costUsd: microToUsd(cost),
    requests: runs.map((run) => ({ ...run, costMicroUsd: total(run), costUsd: microToUsd(total(run)) })),
  };
}

function runHeading(run: ReportRun): string {
  const who = [
    run.sessionId && `session ${run.sessionId}`,
    run.userId && `user ${run.userId}`,
    run.gatewayKey && `key ${run.gatewayKey}`,
  ]
    .filter(Boolean)
    .join(', ');
  const arms = (run.experiments ?? []).map((arm) => `${arm.experiment}:${arm.arm}`).join(', ');
  return (
    `${run.workflowId}: task ${run.task ?? '(unknown)'}, ${run.status.toLowerCase()}, started ${run.startTime}` +
    (run.latencyMs !== undefined ? `, ${run.latencyMs} ms` : '') +
    (who ? `; ${who}` : '') +
    (arms ? `; experiments ${arms}` : '')
  );
}

function attemptTable(run: ReportRun): string {
  const table = new Table({
    head: ['#', 'tier', 'model', 'why', 'outcome', 'billed', 'in/cached/out', 'cost'],
    style: { head: [], border: [] },
  });
  run.attempts.forEach((attempt, index) =>
    table.push([
      String(index + 1),
      attempt.tier,
      attempt.ref,
      attempt.reason,
      attempt.outcome,
      attempt.billed ? 'yes' : 'no',
      `${attempt.usage.inputTokens}/${attempt.usage.cachedInputTokens}/${attempt.usage.outputTokens}`,
      (attempt.estimated ? '≈' : '') + formatMicroUsd(attempt.costMicroUsd),
    ]),
  );
  return table.toString();
}

export function explainText(runs: readonly ReportRun[], context: ExplainContext): string {
  const cost = runs.reduce((sum, run) => sum + total(run), 0);
  const parts = runs.map(
    (run) =>
      `${runHeading(run)}\n${attemptTable(run)}\n${plural(run.attempts.length, 'attempt')}, ` +
      `${formatMicroUsd(total(run))}` +
      (run.baselineMicroUsd > 0 ? `; premium-only baseline ${formatMicroUsd(run.baselineMicroUsd)}` : ''),
  );
  return `${parts.join('\n\n')}\n\n${plural(runs.length, 'request')} of ${context.workflowId} in ${context.from}: ${formatMicroUsd(cost)}\n`;
}
