// Pure unit tests — the Grafana dashboard shipped in dashboards/: a well-formed dashboard whose every query is
// valid PromQL reading only metrics that the worker's code records (the integration test dashboard-metrics holds
// the same queries to a real worker's scrape, labels included)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { METRICS } from '../../activities/cascade/telemetry';
import { GATE_DECISIONS_METRIC } from '../../workflows/cascade/gate-telemetry';
import { readsOf } from '../helpers/promql';
import { dashboardQueries, loadDashboard, type Panel } from '../helpers/dashboard';

const ROOT = resolve(__dirname, '../../..');

/** What the worker's code records, as Prometheus exposes it: a histogram only as its _bucket, _sum and _count series. */
const OURS = new Set([
  METRICS.cost,
  METRICS.attempts,
  METRICS.tokens,
  ...['_bucket', '_sum', '_count'].map((suffix) => METRICS.latency + suffix),
  GATE_DECISIONS_METRIC,
]);

describe('Grafana dashboard (dashboards/llm-cascade.json)', () => {
  const dashboard = loadDashboard();
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  it('is an importable dashboard: unique panel ids, a Prometheus data source variable, panels inside the 24-column grid without overlap', () => {
    assert.equal(dashboard.uid, 'llm-cascade');
    assert.ok(dashboard.schemaVersion >= 36, 'a schema version current Grafana reads without migration');
    const ids = dashboard.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate panel id');
    const source = dashboard.templating.list.find((v) => v.type === 'datasource');
    assert.deepEqual([source?.name, source?.query], ['datasource', 'prometheus']);
    for (const panel of panels) {
      assert.deepEqual(panel.datasource, { type: 'prometheus', uid: '${datasource}' }, panel.title);
      assert.ok(panel.targets.length > 0 && panel.description, `${panel.title}: a query and a description`);
    }
    const boxes = dashboard.panels.map((p) => ({ title: p.title, ...p.gridPos }));
    for (const [i, a] of boxes.entries()) {
      assert.ok(a.x >= 0 && a.x + a.w <= 24, `${a.title} leaves the grid`);
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${a.title} overlaps ${b.title}`);
      }
    }
  });

  it("every panel's query is valid PromQL and names only metrics the worker exports", () => {
    const queries = dashboardQueries(dashboard);
    assert.ok(queries.length >= 20);
    for (const { where, expr } of queries) {
      const reads = readsOf(expr);
      assert.deepEqual(reads.errors, [], `${where}: ${expr}`);
      assert.ok(reads.selectors.length > 0, `${where} reads no metric`);
      for (const { metric } of reads.selectors) {
        // The SDK's own metrics are Core's; dashboard-metrics checks them against a real worker's scrape.
        const known = OURS.has(metric) || metric.startsWith('temporal_');
        assert.ok(known, `${where}: ${metric} is not a metric the worker exports`);
      }
    }
  });

  it('covers every metric of ours, and reads our latency histogram only through its series', () => {
    const read = new Set(
      dashboardQueries(dashboard).flatMap(({ expr }) => readsOf(expr).selectors.map((s) => s.metric)),
    );
    assert.deepEqual(
      [...OURS].filter((metric) => !read.has(metric)),
      [],
    );
    assert.ok(!read.has(METRICS.latency), 'the bare histogram name is not a series');
  });

  it('uses only template variables it defines (or Grafana built-ins)', () => {
    const defined = new Set(dashboard.templating.list.map((v) => v.name));
    for (const { where, expr } of dashboardQueries(dashboard)) {
      for (const [, name] of expr.matchAll(/\$(\w+)/g)) {
        assert.ok(name!.startsWith('__') || defined.has(name!), `${where}: $${name} is not defined`);
      }
    }
  });

  it('the filters apply to every panel of ours, so a task or a model can be looked at alone', () => {
    const ours = (panel: Panel) => panel.targets.some((t) => t.expr.includes('llm_cascade_'));
    for (const panel of panels.filter(ours)) {
      for (const { expr } of panel.targets) {
        for (const selector of readsOf(expr).selectors) {
          assert.ok(
            ['task', 'model'].every((l) => selector.labels.includes(l)),
            `${panel.title}: ${selector.metric}`,
          );
        }
      }
    }
  });

  it("docs/metrics.md points to it, and the doc's own PromQL blocks read exported metrics too", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
    assert.match(doc, /dashboards\/llm-cascade\.json/);
    const blocks = [...doc.matchAll(/^```promql\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    assert.ok(blocks.length >= 5);
    for (const expr of blocks) {
      const reads = readsOf(expr);
      assert.deepEqual(reads.errors, [], expr);
      for (const { metric } of reads.selectors) assert.ok(OURS.has(metric), `docs/metrics.md: ${metric} in ${expr}`);
    }
  });
});
