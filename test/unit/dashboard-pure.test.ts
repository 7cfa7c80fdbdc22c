// Pure unit tests — the dashboard's query parameters, series bucketing, tier pivots, budgets and flags: no store, no server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DashboardQueryError,
  choosePer,
  parseDashboardQuery,
  parseGrouping,
  reportCommand,
} from '../../cli/dashboard/params';
import { bucketStarts, fillSeries, pivotTierRates } from '../../cli/dashboard/series';
import { budgetPeriods, budgetRows } from '../../cli/dashboard/budgets';
import { dashboardToken, uiUrlOf } from '../../cli/dashboard/run';
import { hostAllowed, isLoopback } from '../../cli/dashboard/server';
import { runLink } from '../../cli/dashboard/api';
import { CascadeConfigError } from '../../catalog/errors';
import type { SeriesPoint, TierRatePoint } from '../../store/query/series';
import { reportRow } from '../../store/query/report';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-12-07 14:25:00 UTC */
const NOW = Date.UTC(2026, 11, 7, 14, 25);
const params = (entries: Record<string, string>) => new URLSearchParams(entries);

describe('dashboard query parameters', () => {
  it('no parameters: the last 24 hours, from the start of the hour 23 hours back, per auto', () => {
    const query = parseDashboardQuery(params({}), NOW);
    assert.deepEqual(query, { range: '24h', per: 'auto', sinceMs: Date.UTC(2026, 11, 6, 15) });
  });

  it('presets start on the hour (the rollups answer them alone); 1h is the current hour', () => {
    assert.equal(parseDashboardQuery(params({ range: '1h' }), NOW).sinceMs, Date.UTC(2026, 11, 7, 14));
    assert.equal(parseDashboardQuery(params({ range: '7d' }), NOW).sinceMs, Date.UTC(2026, 10, 30, 15));
    assert.equal(parseDashboardQuery(params({ range: 'all' }), NOW).sinceMs, undefined);
  });

  it('since/until as report --since reads them; a task; per', () => {
    const query = parseDashboardQuery(
      params({ since: '2026-12-01', until: '2026-12-07T12:00:00Z', task: 'invoice', per: 'day' }),
      NOW,
    );
    assert.deepEqual(query, {
      range: 'custom',
      per: 'day',
      sinceMs: Date.UTC(2026, 11, 1),
      untilMs: Date.UTC(2026, 11, 7, 12),
      task: 'invoice',
    });
    assert.equal(parseDashboardQuery(params({ since: '90m' }), NOW).sinceMs, NOW - 90 * 60_000);
  });

  it('bad input: a 400 that says what to write', () => {
    const bad = (entries: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => parseDashboardQuery(params(entries), NOW),
        (error: unknown) => error instanceof DashboardQueryError && pattern.test(error.message),
      );
    bad({ range: '2d' }, /range "2d": one of 1h, 6h, 24h, 7d, 30d, 90d, all/);
    bad({ since: 'yesterday' }, /since "yesterday": a duration like 90m/);
    bad({ since: 'all' }, /"all" is a range, not a time/);
    bad({ since: '2026-12-07', until: '2026-12-01' }, /until .* must be after since/);
    bad({ range: '7d', since: '2026-12-01' }, /not both/);
    bad({ per: 'week' }, /per "week": hour, day or auto/);
    bad({ task: 'x'.repeat(201) }, /at most 200/);
    bad({ limit: '5' }, /unknown parameter "limit"/);
  });

  it('auto picks hours up to three days and days beyond; hour over 90 days is refused', () => {
    const last = (range: string) => parseDashboardQuery(params({ range }), NOW);
    assert.equal(choosePer(last('24h'), undefined, NOW), 'hour');
    assert.equal(choosePer(last('7d'), undefined, NOW), 'day');
    // `all`: from the store's first hour.
    assert.equal(choosePer(last('all'), NOW - 2 * DAY, NOW), 'hour');
    assert.equal(choosePer(last('all'), NOW - 4 * DAY, NOW), 'day');
    assert.equal(choosePer({ ...last('90d'), per: 'hour' }, undefined, NOW), 'hour');
    assert.throws(
      () => choosePer({ ...last('all'), per: 'hour' }, NOW - 91 * DAY, NOW),
      /per=hour covers at most 90 days/,
    );
  });

  it('a breakdown names a grouping report knows', () => {
    assert.equal(parseGrouping(params({ by: 'session' })), 'session');
    assert.throws(() => parseGrouping(params({ by: 'colour' })), /by "colour": one of task, model/);
  });

  it('the report command with the same totals: only where report can say the same window', () => {
    const since = parseDashboardQuery(params({ range: '24h' }), NOW);
    assert.equal(reportCommand(since), 'llm-cascade report --source store --since 2026-12-06T15:00:00.000Z');
    assert.equal(
      reportCommand(parseDashboardQuery(params({ range: 'all' }), NOW), 'cfg.json'),
      'llm-cascade report --source store --since all --config cfg.json',
    );
    assert.equal(reportCommand({ ...since, task: 'invoice' }), undefined);
    assert.equal(reportCommand({ ...since, untilMs: NOW }), undefined);
  });
});

const point = (atMs: number, costMicroUsd: number, requests = 1): SeriesPoint => ({
  ...reportRow('total', { cost_micro: costMicroUsd, requests, baseline_micro: 2 * costMicroUsd, valid: requests }),
  atMs,
});

describe('dashboard series', () => {
  it('buckets from the first to the last hour or UTC day, inclusive', () => {
    const from = Date.UTC(2026, 11, 7, 10, 30);
    assert.deepEqual(bucketStarts(from, Date.UTC(2026, 11, 7, 12, 5), 'hour'), [
      Date.UTC(2026, 11, 7, 10),
      Date.UTC(2026, 11, 7, 11),
      Date.UTC(2026, 11, 7, 12),
    ]);
    assert.deepEqual(bucketStarts(Date.UTC(2026, 11, 5, 23), Date.UTC(2026, 11, 7, 1), 'day'), [
      Date.UTC(2026, 11, 5),
      Date.UTC(2026, 11, 6),
      Date.UTC(2026, 11, 7),
    ]);
    assert.throws(() => bucketStarts(0, 10_000 * HOUR, 'hour'), /at most 5000/);
  });

  it('empty buckets are zeros; points land in their bucket; points outside are dropped, never summed', () => {
    const at = (h: number) => Date.UTC(2026, 11, 7, h);
    const series = fillSeries([point(at(11), 500), point(at(13), 70, 2), point(at(20), 9)], at(10), at(13) + 1, 'hour');
    assert.deepEqual(series.atMs, [at(10), at(11), at(12), at(13)]);
    assert.deepEqual(series.costMicroUsd, [0, 500, 0, 70]);
    assert.deepEqual(series.baselineMicroUsd, [0, 1000, 0, 140]);
    assert.deepEqual(series.requests, [0, 1, 0, 2]);
  });

  it('day buckets sum the hours of their UTC day', () => {
    const series = fillSeries(
      [point(Date.UTC(2026, 11, 6, 23), 5), point(Date.UTC(2026, 11, 7, 0), 7), point(Date.UTC(2026, 11, 7, 23), 11)],
      Date.UTC(2026, 11, 6, 12),
      Date.UTC(2026, 11, 7, 23, 59),
      'day',
    );
    assert.deepEqual(series.costMicroUsd, [5, 18]);
  });

  it("tier rates: each tier's rate per bucket from summed counts, null where it had none; ladder order first", () => {
    const at = (h: number) => Date.UTC(2026, 11, 7, h);
    const rate = (atMs: number, tier: string, first: number, pass: number, requests: number, escalated: number) =>
      ({ atMs, tier, firstAttempts: first, firstPass: pass, requests, escalated }) as TierRatePoint;
    const pivot = pivotTierRates(
      [rate(at(10), 'premium', 1, 1, 3, 0), rate(at(10), 'economy', 4, 3, 4, 1), rate(at(11), 'economy', 2, 0, 2, 2)],
      [at(10), at(11)],
      'hour',
      ['economy', 'standard', 'premium'],
    );
    assert.deepEqual(pivot.tiers, ['economy', 'premium']);
    assert.deepEqual(pivot.firstPassRate, [
      [0.75, 0],
      [1, null],
    ]);
    assert.deepEqual(pivot.escalationRate, [
      [0.25, 1],
      [0, null],
    ]);
  });
});

describe('dashboard budgets', () => {
  it('current UTC day and month', () => {
    assert.deepEqual(budgetPeriods(NOW), { dayStartMs: Date.UTC(2026, 11, 7), monthStartMs: Date.UTC(2026, 11, 1) });
  });

  it("each key's daily and monthly budget against its spend; nothing left is 0, never negative", () => {
    const rows = budgetRows(
      [
        { id: 'team-a', budget: { dailyUsd: 1, monthlyUsd: 20 } },
        { id: 'team-b', budget: { dailyUsd: 0.5 } },
        { id: 'free' },
      ],
      {
        day: new Map([
          ['team-a', 250_000],
          ['team-b', 700_000],
        ]),
        month: new Map([['team-a', 5_000_000]]),
      },
      NOW,
    );
    assert.deepEqual(
      rows.map((row) => [row.key, row.period, row.label, row.limitMicroUsd, row.spentMicroUsd, row.leftMicroUsd]),
      [
        ['team-a', 'day', '2026-12-07', 1_000_000, 250_000, 750_000],
        ['team-a', 'month', '2026-12', 20_000_000, 5_000_000, 15_000_000],
        ['team-b', 'day', '2026-12-07', 500_000, 700_000, 0],
      ],
    );
    assert.equal(rows[2]!.usedShare, 1.4);
  });
});

describe('dashboard flags and links', () => {
  it('loopback needs no token; any other address does, from a variable that is set', () => {
    assert.equal(dashboardToken({ host: '127.0.0.1' }, {}), undefined);
    assert.equal(dashboardToken({ host: '0.0.0.0', tokenEnv: 'T' }, { T: 'secret' }), 'secret');
    const refused = (flags: { host: string; tokenEnv?: string }, pattern: RegExp) =>
      assert.throws(
        () => dashboardToken(flags, {}),
        (error: unknown) => error instanceof CascadeConfigError && pattern.test(error.message),
      );
    refused({ host: '0.0.0.0' }, /--host 0.0.0.0 lets other machines read your spend: give --token-env/);
    refused({ host: '127.0.0.1', tokenEnv: 'UNSET' }, /--token-env UNSET: that environment variable is not set/);
  });

  it('the Web UI: the flag, else the config, else the dev server', () => {
    assert.equal(uiUrlOf({ uiUrl: 'http://ui:8080/' }, 'http://other'), 'http://ui:8080');
    assert.equal(uiUrlOf({}, 'https://cloud.temporal.io'), 'https://cloud.temporal.io');
    assert.equal(uiUrlOf({}, undefined), 'http://localhost:8233');
    assert.throws(() => uiUrlOf({ uiUrl: 'localhost:8233' }, undefined), /--ui-url must be an http/);
  });

  it("a run's page in the Web UI, names encoded", () => {
    assert.equal(
      runLink({ uiUrl: 'http://localhost:8233', namespace: 'team a' }, 'batch/1 item', 'r-1'),
      'http://localhost:8233/namespaces/team%20a/workflows/batch%2F1%20item/r-1/history',
    );
    assert.equal(runLink({ namespace: 'default' }, 'w', 'r'), undefined);
  });

  it('a loopback dashboard answers to its own names and port only (no DNS rebinding)', () => {
    assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost'));
    assert.ok(!isLoopback('0.0.0.0') && !isLoopback('192.168.1.4'));
    assert.ok(hostAllowed('127.0.0.1:8234', 8234));
    assert.ok(hostAllowed('localhost:8234', 8234));
    assert.ok(hostAllowed('[::1]:8234', 8234));
    assert.ok(!hostAllowed('evil.example:8234', 8234));
    assert.ok(!hostAllowed('127.0.0.1:9999', 8234));
    assert.ok(!hostAllowed(undefined, 8234));
  });
});
