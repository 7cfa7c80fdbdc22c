/**
 * The JSON the dashboard page reads: the first view (`/api/view`), a breakdown loaded on demand (`/api/groups`) and
 * one workflow's ledger (`/api/request`). Built from the store's queries (store/query/dashboard-view.ts and the
 * report's own), so every total equals `llm-cascade report --source store` over the same window. Names and numbers
 * only: the store keeps no prompt, document or answer, and nothing here adds one.
 */
import { dashboardView } from '../../store/query/dashboard-view';
import { storeSpan } from '../../store/query/dashboard-meta';
import { storeReport, type StoreGrouping, type StoreReportRow } from '../../store/query/report';
import { requestLedger } from '../../store/query/requests';
import type { StoredRequest } from '../../store/query/rows';
import type { TierRatePoint } from '../../store/query/series';
import type { SqlExecutor } from '../../store/engine/types';
import type { AttemptRow } from '../../store/rows';
import { workflowUrl } from '../demo/present';
import { budgetPeriods, budgetRows, type BudgetedKey, type BudgetRow } from './budgets';
import { choosePer, reportCommand, type DashboardQuery } from './params';
import { bucketStarts, fillSeries, pivotTierRates, type ChartSeries, type TierSeries } from './series';

/**
 * Groupings of the first view (task: the panel beside the spend chart; model: the breakdown's first tab). The other
 * tabs load when opened: each grouping is a read of its own rollup cells, and a first view that read them all would
 * take several times as long at a million rows.
 */
export const FIRST_VIEW_GROUPINGS: readonly StoreGrouping[] = ['task', 'model'];
/** Rows of a breakdown sent to the page: the most expensive ones; the rest are summed in `others`. */
export const MAX_GROUP_ROWS = 50;

export interface DashboardContext {
  db: SqlExecutor;
  /** The store, for people: a file path, or a PostgreSQL URL without its password. */
  storeName: string;
  /** The Temporal Web UI's base URL, for links to each request's workflow. */
  uiUrl?: string;
  namespace: string;
  /** Gateway keys with budgets (the config's `gateway` section). */
  keys: readonly BudgetedKey[];
  /** Tier names in ladder order (the catalog's routes), for the rate charts' legend. */
  tiers?: readonly string[];
  configFile?: string;
  now?: () => number;
}

export interface RequestSummary {
  workflowId: string;
  runId: string;
  /** '' for a standalone cascade, `step:<name>`, `item:<id>`. */
  scope: string;
  kind: string;
  task: string;
  batchId?: string;
  sessionId?: string;
  gatewayKey?: string;
  startedAtMs: number;
  finishedAtMs?: number;
  outcome?: 'ok' | 'failed';
  failure?: string;
  finalTier?: string;
  finalRef?: string;
  costMicroUsd: number;
  baselineMicroUsd: number;
  attempts: number;
  billedAttempts: number;
  latencyMs?: number;
  correct?: boolean;
  /** The run's page in the Temporal Web UI. */
  temporalUrl?: string;
}

export interface Breakdown {
  rows: StoreReportRow[];
  /** Groups beyond the rows sent, and their summed cost. */
  others: { groups: number; costMicroUsd: number };
}

export interface ViewResponse {
  generatedAtMs: number;
  store: string;
  query: DashboardQuery & { per: 'hour' | 'day' };
  reportCommand?: string;
  tasks: string[];
  firstMs?: number;
  total: StoreReportRow;
  inFlight: number;
  groups: Partial<Record<StoreGrouping, Breakdown>>;
  series: ChartSeries;
  tiers: TierSeries;
  experiments: Awaited<ReturnType<typeof dashboardView>>['experiments'];
  top: RequestSummary[];
  failures: RequestSummary[];
  budgets: BudgetRow[];
  temporal: { uiUrl?: string; namespace: string };
}

function breakdown(rows: readonly StoreReportRow[]): Breakdown {
  const rest = rows.slice(MAX_GROUP_ROWS);
  return {
    rows: rows.slice(0, MAX_GROUP_ROWS),
    others: { groups: rest.length, costMicroUsd: rest.reduce((sum, row) => sum + row.costMicroUsd, 0) },
  };
}

export function runLink(context: Pick<DashboardContext, 'uiUrl' | 'namespace'>, workflowId: string, runId: string) {
  if (!context.uiUrl) return undefined;
  return `${workflowUrl(context.uiUrl, context.namespace, workflowId)}/${encodeURIComponent(runId)}/history`;
}

export function summaryOf(request: StoredRequest, context: Pick<DashboardContext, 'uiUrl' | 'namespace'>) {
  const c = request.context;
  const finished = request.outcome !== undefined;
  const summary: RequestSummary = {
    workflowId: c.workflowId,
    runId: c.runId,
    scope: c.itemId !== undefined ? `item:${c.itemId}` : c.step !== undefined ? `step:${c.step}` : '',
    kind: c.kind,
    task: c.task,
    ...(c.batchId !== undefined && { batchId: c.batchId }),
    ...(c.sessionId !== undefined && { sessionId: c.sessionId }),
    ...(c.gatewayKey !== undefined && { gatewayKey: c.gatewayKey }),
    startedAtMs: c.startedAtMs,
    ...(request.finishedAtMs !== undefined && { finishedAtMs: request.finishedAtMs }),
    ...(request.outcome !== undefined && { outcome: request.outcome }),
    ...(request.failure !== undefined && { failure: request.failure }),
    ...(request.finalTier !== undefined && { finalTier: request.finalTier }),
    ...(request.finalRef !== undefined && { finalRef: request.finalRef }),
    // A request still running has no total yet: what its attempts so far cost.
    costMicroUsd: finished ? request.costMicroUsd : request.attempts.reduce((sum, a) => sum + a.costMicroUsd, 0),
    baselineMicroUsd: request.baselineMicroUsd,
    attempts: request.attempts.length,
    billedAttempts: request.attempts.filter((attempt) => attempt.billed).length,
    ...(request.latencyMs !== undefined && { latencyMs: request.latencyMs }),
    ...(request.correct !== undefined && { correct: request.correct }),
  };
  const link = runLink(context, c.workflowId, c.runId);
  if (link) summary.temporalUrl = link;
  return summary;
}

/** The ladder's order: the catalog's tiers, then tiers it does not name by traffic (most requests first). */
function tierOrder(ladder: readonly string[], points: readonly TierRatePoint[]): string[] {
  const traffic = new Map<string, number>();
  for (const point of points) traffic.set(point.tier, (traffic.get(point.tier) ?? 0) + point.requests);
  const byTraffic = [...traffic].sort((a, b) => b[1] - a[1]).map(([tier]) => tier);
  return [...new Set([...ladder, ...byTraffic])];
}

async function spentByKey(db: SqlExecutor, sinceMs: number): Promise<Map<string, number>> {
  const report = await storeReport(db, { by: 'key', sinceMs });
  return new Map(report.groups.map((row) => [row.key, row.costMicroUsd]));
}

export async function loadView(context: DashboardContext, query: DashboardQuery): Promise<ViewResponse> {
  const now = context.now?.() ?? Date.now();
  const span = await storeSpan(context.db);
  const per = choosePer(query, span.firstMs, query.untilMs ?? now);
  const view = await dashboardView(context.db, { ...query, per, groupings: FIRST_VIEW_GROUPINGS });
  const fromMs = query.sinceMs ?? span.firstMs ?? now;
  const toMs = Math.max(fromMs, (query.untilMs ?? now + 1) - 1);
  const series = fillSeries(view.series, fromMs, toMs, per);
  const budgeted = context.keys.filter(
    (key) => key.budget?.dailyUsd !== undefined || key.budget?.monthlyUsd !== undefined,
  );
  let budgets: BudgetRow[] = [];
  if (budgeted.length > 0) {
    const { dayStartMs, monthStartMs } = budgetPeriods(now);
    budgets = budgetRows(
      budgeted,
      { day: await spentByKey(context.db, dayStartMs), month: await spentByKey(context.db, monthStartMs) },
      now,
    );
  }
  const command = reportCommand(query, context.configFile);
  return {
    generatedAtMs: now,
    store: context.storeName,
    query: { ...query, per },
    ...(command && { reportCommand: command }),
    tasks: span.tasks,
    ...(span.firstMs !== undefined && { firstMs: span.firstMs }),
    total: view.total,
    inFlight: view.inFlight,
    groups: Object.fromEntries(Object.entries(view.groups).map(([by, rows]) => [by, breakdown(rows)])),
    series,
    tiers: pivotTierRates(
      view.tierRates,
      bucketStarts(fromMs, toMs, per),
      per,
      tierOrder(context.tiers ?? [], view.tierRates),
    ),
    experiments: view.experiments,
    top: view.top.map((request) => summaryOf(request, context)),
    failures: view.failures.map((request) => summaryOf(request, context)),
    budgets,
    temporal: { ...(context.uiUrl && { uiUrl: context.uiUrl }), namespace: context.namespace },
  };
}

/** A breakdown the first view leaves out (tier, provider, key, session…): the report by that grouping. */
export async function loadGroups(context: DashboardContext, query: DashboardQuery, by: StoreGrouping) {
  // The window and task only: the query's `per` is the charts' (a report given one would split its rows by bucket).
  const report = await storeReport(context.db, {
    by,
    ...(query.sinceMs !== undefined && { sinceMs: query.sinceMs }),
    ...(query.untilMs !== undefined && { untilMs: query.untilMs }),
    ...(query.task !== undefined && { task: query.task }),
  });
  return { by, window: report.window, total: report.total, ...breakdown(report.groups) };
}

export type LedgerAttempt = Omit<AttemptRow, 'context' | 'key' | 'requestKey'>;

/** Every request of a workflow (all its runs, steps and items) with its attempt rows, as the store keeps them. */
export async function loadRequest(context: DashboardContext, workflowId: string) {
  const requests = await requestLedger(context.db, workflowId);
  return {
    workflowId,
    temporalUrl: context.uiUrl ? workflowUrl(context.uiUrl, context.namespace, workflowId) : undefined,
    requests: requests.map((request) => ({
      ...summaryOf(request, context),
      tags: request.context.tags ?? [],
      experiments: request.context.experiments ?? [],
      ledger: request.attempts.map(({ context: _context, key: _key, requestKey: _request, ...attempt }) => attempt),
    })),
  };
}
