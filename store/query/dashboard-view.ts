/**
 * The dashboard's first view in one call: totals, spend and savings over time, each tier's rates over time, spend per
 * grouping, the experiments, the most expensive requests and the latest failures, over one window and task. Every
 * figure comes from the queries `report` runs (`storeReport`, `spendSeries`, `tierRates`, `experimentArms`), so the
 * page's totals equal `llm-cascade report --source store` over the same window.
 */
import type { SqlExecutor } from '../engine/types';
import { experimentArms, type StoreExperiment } from './experiments';
import { storeReport, type StoreGrouping, type StoreReportRow } from './report';
import { failedRequests, topRequests } from './requests';
import type { StoredRequest } from './rows';
import { spendSeries, tierRates, type SeriesPoint, type TierRatePoint } from './series';
import type { TimeWindow } from './window';

export interface DashboardViewOptions extends TimeWindow {
  task?: string;
  per: 'hour' | 'day';
  /** Groupings to break spend down by; `task` first is cheapest (its report also gives the totals). */
  groupings: readonly StoreGrouping[];
  /** Most expensive requests and latest failures listed. @default 10 */
  limit?: number;
}

export interface DashboardView {
  /** The window the totals cover (as asked: the groupings asked here are hourly). */
  window: TimeWindow;
  total: StoreReportRow;
  inFlight: number;
  groups: Partial<Record<StoreGrouping, StoreReportRow[]>>;
  series: SeriesPoint[];
  tierRates: TierRatePoint[];
  experiments: StoreExperiment[];
  top: StoredRequest[];
  failures: StoredRequest[];
}

export async function dashboardView(db: SqlExecutor, options: DashboardViewOptions): Promise<DashboardView> {
  const window: TimeWindow & { task?: string } = {
    ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
    ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
    ...(options.task !== undefined && { task: options.task }),
  };
  const groupings = options.groupings.length > 0 ? options.groupings : (['task'] as const);
  const groups: DashboardView['groups'] = {};
  let first: Awaited<ReturnType<typeof storeReport>> | undefined;
  // One report per grouping, as `report --by <grouping>` runs it; the first one's total is the page's total.
  for (const by of groupings) {
    const report = await storeReport(db, { ...window, by });
    groups[by] = report.groups;
    first ??= report;
  }
  const series = { ...window, per: options.per };
  const limit = options.limit ?? 10;
  return {
    window: first!.window,
    total: first!.total,
    inFlight: first!.inFlight,
    groups,
    series: await spendSeries(db, series),
    tierRates: await tierRates(db, series),
    experiments: await experimentArms(db, window),
    top: await topRequests(db, { ...window, limit }),
    failures: await failedRequests(db, { ...window, limit }),
  };
}
