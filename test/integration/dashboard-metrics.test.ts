// Integration test — the Grafana dashboard against a real worker: `llm-cascade worker --metrics-port` runs a
// cascade that escalates past a verifier's rejection, and every metric, matcher label and grouping label the
// dashboard's queries read is in that worker's Prometheus scrape
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { findFreePorts } from '../../server/free-port';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { spawnCli, tempFiles } from '../helpers/cli';
import { dashboardQueries, loadDashboard } from '../helpers/dashboard';
import { readsOf } from '../helpers/promql';
import { getTestServer } from '../helpers/temporal';

/** Metric name → the label names its scraped series carry (Prometheus' text format, one sample per line). */
function seriesLabels(text: string): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (!match) continue;
    const names = labels.get(match[1]!) ?? new Set<string>();
    for (const [, name] of (match[2] ?? '').matchAll(/(\w+)="/g)) names.add(name!);
    labels.set(match[1]!, names);
  }
  return labels;
}

describe('Grafana dashboard against a real worker scrape', () => {
  const Gated = z.object({ vendor: z.string(), total: z.number() });
  let env: CascadeEnv;
  let worker: ReturnType<typeof spawnCli>;
  let scrape: Map<string, Set<string>>;

  before(async () => {
    env = await startCascadeEnv({
      name: 'dashboard-metrics',
      noWorker: true,
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [
            { ref: 'cheap/eco-1', behavior: { kind: 'content', content: { vendor: 'Northwind', total: 671.25 } } },
            {
              ref: 'judge/tiny',
              behavior: { kind: 'content', content: { ok: false, problems: ['total: a line amount'] } },
            },
          ],
        ],
        [
          'standard',
          [
            // A 503 fails its callModel try (the SDK's failed-activity metric) and fails over.
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            { ref: 'up/std-up', behavior: { kind: 'content', content: { vendor: 'Northwind', total: 1342.5 } } },
          ],
        ],
      ],
      tierVerifiers: { economy: 'judge/tiny' },
    });
    const { address, namespace } = await getTestServer();
    const [metricsPort] = (await findFreePorts(1)) as [number];
    const files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue, namespace } },
    });
    worker = spawnCli([
      'worker',
      '--config',
      files['config.json']!,
      '--address',
      address,
      '--metrics-port',
      String(metricsPort),
    ]);
    const result = await env.run({
      schema: Gated,
      input: 'INVOICE Northwind\nWidgets 2 x 671.25\nTotal due: 1,342.50',
    });
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.outcome]),
      [
        ['cheap/eco-1', 'check_failed'],
        // The verifier's row carries its rejection; its metric sample is the call itself (ok, paid).
        ['judge/tiny', 'check_failed'],
        ['down/std-down', 'provider_error'],
        ['up/std-up', 'ok'],
      ],
    );
    // Until the gate decision (the workflow's metric) and all four calls (the activity's) are exported.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const calls = [...text.matchAll(/^llm_cascade_attempts\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
      if (calls >= 4 && text.includes('llm_cascade_gate_decisions{')) {
        scrape = seriesLabels(text);
        break;
      }
      assert.ok(Date.now() < deadline, `the worker's scrape never showed the cascade:\n${text}`);
      await sleep(200);
    }
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await env?.close();
  });

  it('every metric a panel or variable reads is in the scrape, with every label the query matches or groups by', () => {
    const problems: string[] = [];
    for (const { where, expr, label } of dashboardQueries(loadDashboard())) {
      const reads = readsOf(expr);
      for (const { metric, labels } of reads.selectors) {
        const exported = scrape.get(metric);
        if (!exported) {
          problems.push(`${where}: ${metric} is not exported`);
          continue;
        }
        for (const name of labels) if (!exported.has(name)) problems.push(`${where}: ${metric} has no label ${name}`);
      }
      // A grouping label (or a variable's label) must be on some series the query reads.
      const available = new Set(reads.selectors.flatMap(({ metric }) => [...(scrape.get(metric) ?? [])]));
      for (const name of [...reads.grouping, ...(label ? [label] : [])]) {
        if (!available.has(name)) problems.push(`${where}: no series it reads has the label ${name}`);
      }
    }
    const exported = [...scrape].map(([metric, labels]) => `${metric}{${[...labels].join(',')}}`);
    assert.deepEqual(problems, [], `scraped: ${exported.join(' ')}`);
  });
});
