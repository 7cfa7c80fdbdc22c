/** Which workflows a report reads: the visibility query built from `llm-cascade report`'s flags. Pure. */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

/** Workflow types that carry a ledger: a cascade, and a batch item (which runs the cascade inline). */
export const LEDGER_WORKFLOW_TYPES = { cascade: 'cascadeWorkflow', batch: 'batchItemWorkflow' } as const;
export type ReportKind = keyof typeof LEDGER_WORKFLOW_TYPES | 'all';

export interface ReportSelection {
  /** Only workflows started at or after this time; undefined: any time. */
  since?: Date;
  /** @default 'all' */
  kind?: ReportKind;
  /** Only the items of this batch (its workflow id). */
  batchId?: string;
  /** Only this workflow. */
  workflowId?: string;
  /** A visibility query ANDed with the rest, e.g. `LlmTask = "invoice"`. */
  query?: string;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: a duration back from `now` (`90m`, `24h`, `7d`, `2w`), an ISO date or date-time, or `all`.
 * @throws CascadeConfigError saying which forms are accepted.
 */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const text = value.trim();
  if (text === 'all') return undefined;
  const duration = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!]!);
  if (/^\d{4}-\d\d-\d\d/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidRequest,
    message: `--since "${value}": expected a duration like 90m, 24h, 7d or 2w, an ISO date like 2025-06-01, or "all"`,
  });
}

/** A string literal of the visibility query language. */
function literal(value: string): string {
  return JSON.stringify(value);
}

/** The visibility query of a report; `WorkflowType` restricts it to workflows with ledgers (batch parents would double count). */
export function buildReportQuery(selection: ReportSelection): string {
  const kind = selection.kind ?? 'all';
  const clauses: string[] = [];
  if (selection.batchId !== undefined) {
    clauses.push(
      `WorkflowType = ${literal(LEDGER_WORKFLOW_TYPES.batch)}`,
      `ParentWorkflowId = ${literal(selection.batchId)}`,
    );
  } else if (kind === 'all') {
    clauses.push(`WorkflowType IN (${Object.values(LEDGER_WORKFLOW_TYPES).map(literal).join(', ')})`);
  } else {
    clauses.push(`WorkflowType = ${literal(LEDGER_WORKFLOW_TYPES[kind])}`);
  }
  if (selection.workflowId !== undefined) clauses.push(`WorkflowId = ${literal(selection.workflowId)}`);
  if (selection.since) clauses.push(`StartTime >= ${literal(selection.since.toISOString())}`);
  if (selection.query?.trim()) clauses.push(`(${selection.query.trim()})`);
  return clauses.join(' AND ');
}
