/**
 * Reports from the store: spend, savings and pass rates per grouping, over a window and a task, with the same
 * rows `llm-cascade report` prints from histories (cli/report/aggregate.ts's `ReportRow`), plus the totals.
 */
import type { SqlExecutor } from '../engine/types';
import type { Counter, Counters, Dim } from '../rollup/counters';
import { sums } from './sums';
import { windowConditions, type TimeWindow } from './window';

export const STORE_GROUPINGS = [
  'task',
  'model',
  'tier',
  'provider',
  'session',
  'user',
  'key',
  'experiment',
  'batch',
  'kind',
] as const;
export type StoreGrouping = (typeof STORE_GROUPINGS)[number];

/** One group's figures; money in integer micro-USD. The fields of cli/report's `ReportRow`, and a few more. */
export interface StoreReportRow {
  key: string;
  requests: number;
  attempts: number;
  billedAttempts: number;
  escalated: number;
  escalationRate: number | null;
  validResults: number;
  /** Requests whose first answer attempt was in the group, and of those, the ones it answered validly. */
  firstAttempts: number;
  firstPass: number;
  firstPassRate: number | null;
  costMicroUsd: number;
  costPerValidMicroUsd: number | null;
  baselineMicroUsd: number;
  savingsMicroUsd: number;
  savingsRate: number | null;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  cachedInputShare: number | null;
  /** Attempts whose tokens are the project's own count (no usable usage from the provider). */
  estimatedAttempts: number;
  /** Labelled requests, the correct ones, and cost per correct result. */
  labelled: number;
  correct: number;
  costPerCorrectMicroUsd: number | null;
}

export interface StoreReport {
  by: StoreGrouping | 'total';
  groups: StoreReportRow[];
  total: StoreReportRow;
  /** Requests in the window that have not finished (their attempts so far are counted). */
  inFlight: number;
  /** The window reported: as asked, or widened to whole UTC days for `session` and `user`. */
  window: TimeWindow;
}

export interface StoreReportOptions extends TimeWindow {
  by: StoreGrouping;
  task?: string;
}

/** The counters a report row is made of. */
const REPORT_COUNTERS: readonly Counter[] = [
  'attempts',
  'billed_attempts',
  'cost_micro',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'estimated_attempts',
  'requests',
  'escalated',
  'valid',
  'baseline_micro',
  'first_attempts',
  'first_pass',
  'labelled',
  'correct',
];

/** How an absent key reads, as the history report names it. */
const ABSENT: Partial<Record<Dim, string>> = {
  task: '(unknown task)',
  session: '(no session)',
  user: '(no user)',
  key: '(no gateway key)',
};

export function reportRow(key: string, c: Counters): StoreReportRow {
  const n = (name: keyof Counters) => Number(c[name] ?? 0);
  const requests = n('requests');
  const cost = n('cost_micro');
  const valid = n('valid');
  const baseline = n('baseline_micro');
  const input = n('input_tokens');
  const cached = n('cached_input_tokens');
  const savings = baseline - cost;
  return {
    key,
    requests,
    attempts: n('attempts'),
    billedAttempts: n('billed_attempts'),
    escalated: n('escalated'),
    escalationRate: requests > 0 ? n('escalated') / requests : null,
    validResults: valid,
    firstAttempts: n('first_attempts'),
    firstPass: n('first_pass'),
    firstPassRate: n('first_attempts') > 0 ? n('first_pass') / n('first_attempts') : null,
    costMicroUsd: cost,
    costPerValidMicroUsd: valid > 0 ? Math.round(cost / valid) : null,
    baselineMicroUsd: baseline,
    savingsMicroUsd: savings,
    savingsRate: baseline > 0 ? savings / baseline : null,
    inputTokens: input,
    cachedInputTokens: cached,
    cacheWriteTokens: n('cache_write_tokens'),
    outputTokens: n('output_tokens'),
    cachedInputShare: input > 0 ? cached / input : null,
    estimatedAttempts: n('estimated_attempts'),
    labelled: n('labelled'),
    correct: n('correct'),
    costPerCorrectMicroUsd: n('correct') > 0 ? Math.round(cost / n('correct')) : null,
  };
}

export async function storeReport(db: SqlExecutor, options: StoreReportOptions): Promise<StoreReport> {
  const { rows, window } = await sums(db, { ...options, dims: [options.by, 'total'], counters: REPORT_COUNTERS });
  const groups = rows
    .filter((row) => row.dim === options.by)
    .map((row) => reportRow(row.key === '' ? (ABSENT[options.by] ?? '') : row.key, row.counters))
    .filter((row) => row.attempts > 0 || row.requests > 0);
  groups.sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.key.localeCompare(b.key));
  const total = rows.find((row) => row.dim === 'total');
  return {
    by: options.by,
    groups,
    total: reportRow('total', total?.counters ?? {}),
    inFlight: await inFlight(db, { ...options, ...window }),
    window,
  };
}

/** Requests started in the window that have not finished (the partial index on open requests answers it). */
export async function inFlight(db: SqlExecutor, options: TimeWindow & { task?: string }): Promise<number> {
  const { conditions, params } = windowConditions(options, '');
  const where = ['finished_at IS NULL', ...conditions];
  const [row] = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM requests WHERE ${where.join(' AND ')}`, params);
  return Number(row?.n ?? 0);
}
