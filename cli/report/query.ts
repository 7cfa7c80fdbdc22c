/** Which workflows a report reads: the visibility query built from `llm-cascade report`'s flags. Pure. */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

/**
 * Workflow types that carry ledgers: a cascade; a batch item workflow (which runs the cascade inline); a batch,
 * whose items run inline by default (its history then holds every item's ledger, and a report splits it by item;
 * a batch that ran item workflows holds none, so nothing counts twice).
 */
export const LEDGER_WORKFLOW_TYPES = {
  cascade: ['cascadeWorkflow'],
  batch: ['batchItemWorkflow', 'batchWorkflow'],
} as const;
export const BATCH_WORKFLOW_TYPE = LEDGER_WORKFLOW_TYPES.batch[1];
/** Workflows whose whole history is one request (or a batch's items): the rest are jobs made of steps. */
export const CASCADE_WORKFLOW_TYPES: ReadonlySet<string> = new Set(Object.values(LEDGER_WORKFLOW_TYPES).flat());
/**
 * `job`: any other workflow whose inline `cascade()` steps published the `LlmTask` search attribute: your own
 * pipelines and agent jobs. Their attempts are activities of their own history (a step run `as: 'child'` is a
 * `cascadeWorkflow` of its own, read once as such).
 */
export type ReportKind = keyof typeof LEDGER_WORKFLOW_TYPES | 'job' | 'all';
export const REPORT_KINDS: readonly ReportKind[] = ['cascade', 'batch', 'job', 'all'];
/** `report --format`. */
export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const LEDGER_TYPES = Object.values(LEDGER_WORKFLOW_TYPES).flat();
const JOB_CLAUSE = `(LlmTask IS NOT NULL AND WorkflowType NOT IN (${LEDGER_TYPES.map((t) => JSON.stringify(t)).join(', ')}))`;

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

/** The visibility query of a report; `WorkflowType` restricts it to workflows with ledgers. */
export function buildReportQuery(selection: ReportSelection): string {
  const kind = selection.kind ?? 'all';
  const clauses: string[] = [];
  if (selection.batchId !== undefined) {
    // Its item workflows, and its own runs (one per continue-as-new) for the items it ran inline.
    const [item] = LEDGER_WORKFLOW_TYPES.batch;
    const id = literal(selection.batchId);
    clauses.push(
      `((WorkflowType = ${literal(item)} AND ParentWorkflowId = ${id}) OR (WorkflowType = ${literal(BATCH_WORKFLOW_TYPE)} AND WorkflowId = ${id}))`,
    );
  } else if (kind === 'job') {
    clauses.push(JOB_CLAUSE);
  } else {
    const types = kind === 'all' ? LEDGER_TYPES : LEDGER_WORKFLOW_TYPES[kind];
    const byType =
      types.length === 1
        ? `WorkflowType = ${literal(types[0]!)}`
        : `WorkflowType IN (${types.map(literal).join(', ')})`;
    clauses.push(kind === 'all' ? `(${byType} OR ${JOB_CLAUSE})` : byType);
  }
  if (selection.workflowId !== undefined) clauses.push(`WorkflowId = ${literal(selection.workflowId)}`);
  if (selection.since) clauses.push(`StartTime >= ${literal(selection.since.toISOString())}`);
  if (selection.query?.trim()) clauses.push(`(${selection.query.trim()})`);
  return clauses.join(' AND ');
}
