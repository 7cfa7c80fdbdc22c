/**
 * The Grafana dashboard's data (docs/grafana.md): a worker exporting Prometheus metrics, one cascade on the simulated
 * catalog (keyless), then the worker's `llm_cascade_*` series and, per panel of `dashboards/llm-cascade.json`, whether
 * every llm_cascade metric its queries read is already exported (gate and cooldown series appear once a gate or a
 * cooldown has happened). Point Prometheus at the same endpoint and import the dashboard to see them as graphs:
 *   npx llm-cascade dev --no-worker   # in another terminal
 *   TEMPORAL_ADDRESS=localhost:7233 METRICS_PORT=9464 node lib/examples/grafana.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { CascadePlugin, runCascade, TASK_QUEUE } from '../index';
import { connectFromEnv } from '../entries/client'; // llm-cascade/client
import { connectWorkerFromEnv, installRuntime } from '../entries/worker'; // llm-cascade/worker

/** In an install: node_modules/llm-cascade/dashboards/llm-cascade.json. */
const DASHBOARD = join(__dirname, '..', '..', 'dashboards', 'llm-cascade.json');

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

async function main(): Promise<void> {
  const port = Number(process.env.METRICS_PORT ?? 9464);
  installRuntime({ metricsPort: port }); // before any connection: the process's Prometheus endpoint
  const { connection, target } = await connectWorkerFromEnv();
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    plugins: [new CascadePlugin({ catalog: 'simulated' })],
  });
  const { client } = await connectFromEnv();
  const schema = z.object({ name: z.string(), email: z.string() });
  await worker.runUntil(runCascade(client, { task: 'extract', schema, input: 'Ada Lovelace <ada@example.com>' }));

  const scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const exported = new Set(
    scrape.split('\n').flatMap((line) => line.match(/^(llm_cascade_\w+?)(?:_bucket|_sum|_count)?[{ ]/)?.[1] ?? []),
  );
  console.log(`exported at http://127.0.0.1:${port}/metrics: ${[...exported].sort().join(', ')}`);
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { title: string; panels: Panel[] };
  console.log(`dashboard "${dashboard.title}":`);
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
    const reads = new Set((panel.targets ?? []).flatMap((t) => t.expr.match(/llm_cascade_[a-z_]+/g) ?? []));
    const base = [...reads].map((name) => name.replace(/_(bucket|sum|count)$/, ''));
    const status =
      base.length === 0
        ? 'Temporal SDK metrics'
        : base.every((m) => exported.has(m))
          ? 'its metrics are exported'
          : 'waits for its first event';
    console.log(`  ${panel.title}: ${status}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
