/** The Grafana dashboard shipped in dashboards/, and every PromQL query in it (panel targets and variable queries). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DASHBOARD_FILE = resolve(__dirname, '../../../dashboards/llm-cascade.json');

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets: { refId: string; expr: string }[];
}

export interface Dashboard {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { type: string; name: string; query: string | { query: string } }[] };
}

export function loadDashboard(): Dashboard {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
  for (const panel of dashboard.panels) panel.targets ??= [];
  return dashboard;
}

/**
 * Each query with where it is. A variable's `label_values(metric, label)` is Grafana's, not PromQL: its metric
 * argument is the selector Grafana sends to Prometheus' series API, so that selector is what is checked.
 */
export function dashboardQueries(dashboard: Dashboard): { where: string; expr: string; label?: string }[] {
  const panels = dashboard.panels.flatMap((panel) =>
    panel.targets.map((target) => ({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr })),
  );
  const variables = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const query = typeof v.query === 'string' ? v.query : v.query.query;
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
      if (!match) throw new Error(`variable ${v.name}: expected label_values(metric, label), got ${query}`);
      return { where: `variable $${v.name}`, expr: match[1]!, label: match[2]! };
    });
  return [...panels, ...variables];
}
