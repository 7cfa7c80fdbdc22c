/**
 * The dashboard's filters, from its URL's query string: a time range (a preset, or `since`/`until` as `report
 * --since` takes them), a task, and hour or day buckets. Presets start on the hour, so the store answers them from
 * its hourly rollups alone; the page names the window and the `report` command that prints the same figures. Pure.
 */
import { CascadeConfigError } from '../../catalog/errors';
import { HOUR_MS } from '../../store/rollup/counters';
import { STORE_GROUPINGS, type StoreGrouping } from '../../store/query/report';
import { parseSince } from '../report/query';

/** The ranges the page offers, in hours (`all`: everything the store keeps). */
export const RANGE_HOURS = { '1h': 1, '6h': 6, '24h': 24, '7d': 168, '30d': 720, '90d': 2160, all: undefined } as const;
export type RangePreset = keyof typeof RANGE_HOURS;
export const DEFAULT_RANGE: RangePreset = '24h';

/** Hour buckets up to this window (3 days), day buckets beyond, unless asked. */
export const AUTO_HOURLY_MS = 72 * HOUR_MS;
/** Hour buckets are refused over more than this (a chart of thousands of bars says nothing). */
export const MAX_HOURLY_MS = 90 * 24 * HOUR_MS;
const MAX_TASK_CHARS = 200;

export interface DashboardQuery {
  /** A preset, or `custom` for `since`/`until`. */
  range: RangePreset | 'custom';
  sinceMs?: number;
  untilMs?: number;
  task?: string;
  /** As asked; `auto` is settled by {@link choosePer} once the store's first hour is known. */
  per: 'hour' | 'day' | 'auto';
}

export class DashboardQueryError extends Error {
  override readonly name = 'DashboardQueryError';
}

const KNOWN = new Set(['range', 'since', 'until', 'task', 'per', 'by', 'workflowId']);

function isPreset(value: string): value is RangePreset {
  return Object.hasOwn(RANGE_HOURS, value);
}

/** A time as `report --since` reads it (90m, 24h, 7d, an ISO date or time), in ms. */
function timeOf(name: string, value: string, now: number): number {
  try {
    const date = parseSince(value, new Date(now));
    if (date === undefined) throw new DashboardQueryError(`${name}: "all" is a range, not a time`);
    return date.getTime();
  } catch (error) {
    if (error instanceof CascadeConfigError)
      throw new DashboardQueryError(`${name} "${value}": a duration like 90m, 24h or 7d, or an ISO date or time`);
    throw error;
  }
}

export function parseDashboardQuery(params: URLSearchParams, now: number = Date.now()): DashboardQuery {
  for (const name of params.keys())
    if (!KNOWN.has(name)) throw new DashboardQueryError(`unknown parameter "${name}" (${[...KNOWN].join(', ')})`);
  const since = params.get('since') || undefined;
  const until = params.get('until') || undefined;
  const rangeText = params.get('range') || (since || until ? 'custom' : DEFAULT_RANGE);
  let query: DashboardQuery;
  if (rangeText === 'custom') {
    const sinceMs = since === undefined ? undefined : timeOf('since', since, now);
    const untilMs = until === undefined ? undefined : timeOf('until', until, now);
    if (sinceMs !== undefined && untilMs !== undefined && untilMs <= sinceMs)
      throw new DashboardQueryError(`until (${until}) must be after since (${since})`);
    query = {
      range: 'custom',
      per: 'auto',
      ...(sinceMs !== undefined && { sinceMs }),
      ...(untilMs !== undefined && { untilMs }),
    };
  } else if (isPreset(rangeText)) {
    if (since || until) throw new DashboardQueryError('give range, or since/until, not both');
    const hours = RANGE_HOURS[rangeText];
    // From the start of the hour `hours` ago to now: the current hour is counted as far as it goes.
    query = {
      range: rangeText,
      per: 'auto',
      ...(hours !== undefined && { sinceMs: (Math.floor(now / HOUR_MS) - hours + 1) * HOUR_MS }),
    };
  } else {
    throw new DashboardQueryError(`range "${rangeText}": one of ${Object.keys(RANGE_HOURS).join(', ')}, or custom`);
  }
  const task = params.get('task');
  if (task !== null && task !== '') {
    if (task.length > MAX_TASK_CHARS) throw new DashboardQueryError(`task: at most ${MAX_TASK_CHARS} characters`);
    query.task = task;
  }
  const per = params.get('per') || 'auto';
  if (per !== 'hour' && per !== 'day' && per !== 'auto')
    throw new DashboardQueryError(`per "${per}": hour, day or auto`);
  query.per = per;
  return query;
}

/** Hour or day buckets for a window that runs from `fromMs` (the store's first hour for `all`) to `toMs`. */
export function choosePer(query: DashboardQuery, fromMs: number | undefined, toMs: number): 'hour' | 'day' {
  const span = toMs - (query.sinceMs ?? fromMs ?? toMs);
  if (query.per === 'hour' && span > MAX_HOURLY_MS)
    throw new DashboardQueryError('per=hour covers at most 90 days: choose per=day, or a shorter range');
  if (query.per !== 'auto') return query.per;
  return span <= AUTO_HOURLY_MS ? 'hour' : 'day';
}

/** The `by` of a breakdown the page loads on demand. */
export function parseGrouping(params: URLSearchParams): StoreGrouping {
  const by = params.get('by') ?? '';
  if (!(STORE_GROUPINGS as readonly string[]).includes(by))
    throw new DashboardQueryError(`by "${by}": one of ${STORE_GROUPINGS.join(', ')}`);
  return by as StoreGrouping;
}

/** The `report` command that prints the same totals (the store's report has no --until or --task). */
export function reportCommand(query: DashboardQuery, configFile?: string): string | undefined {
  if (query.untilMs !== undefined || query.task !== undefined) return undefined;
  const since = query.sinceMs === undefined ? 'all' : new Date(query.sinceMs).toISOString();
  return `llm-cascade report --source store --since ${since}${configFile ? ` --config ${configFile}` : ''}`;
}
