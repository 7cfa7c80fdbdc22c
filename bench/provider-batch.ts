/**
 * `npm run bench:provider-batch`: the demo's 65 documents on the simulated providers, three ways: the default route
 * synchronously, the provider-batch route variant (economy led by openai/gpt-4o-mini, which has a Batch API)
 * synchronously, and the same variant with its economy tier sent as one provider batch. Per way: cost, valid
 * results, cost per valid result, the premium-only baseline per valid result and the saving against it, and what
 * batch mode saved against synchronous prices. Writes bench/results/provider-batch.json. The workload is simulated
 * (seeded, the same outcomes per document in every way): what it measures is the pricing arithmetic of each path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, type DemoOptions } from '../cli/demo/run-demo';
import { BENCH_DIR } from './peers/install';

interface Way {
  key: string;
  label: string;
  options: Partial<DemoOptions>;
}

const WAYS: Way[] = [
  { key: 'default', label: 'default route, synchronous', options: {} },
  { key: 'batchRouteSync', label: 'batch-capable economy, synchronous', options: { batchEconomyRoute: true } },
  { key: 'providerBatch', label: 'batch-capable economy, provider batch', options: { providerBatch: true } },
];

function usd(value: number): string {
  return `$${value.toFixed(6)}`;
}

async function main(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const way of WAYS) {
    const out = mkdtempSync(join(tmpdir(), 'llmc-pb-bench-'));
    const started = Date.now();
    const result = await runDemo({ exit: true, mode: 'simulated', out, write: () => undefined, ...way.options });
    const { report } = result;
    const perValid = report.ok > 0 ? report.costUsd / report.ok : 0;
    const baselinePerValid = report.ok > 0 ? report.baselineCostUsd / report.ok : 0;
    rows.push({
      way: way.key,
      label: way.label,
      documents: report.total,
      ok: report.ok,
      failed: report.failed,
      costUsd: report.costUsd,
      costPerValidUsd: perValid,
      premiumBaselinePerValidUsd: baselinePerValid,
      savingPerValidUsd: baselinePerValid - perValid,
      savingsPct: report.savingsPct,
      providerBatch: report.providerBatch ?? null,
      costByTierUsd: report.costByTierUsd,
      wallSeconds: (Date.now() - started) / 1000,
    });
    rmSync(out, { recursive: true, force: true });
  }
  const header =
    '| way | ok / docs | cost | per valid result | premium-only per valid | saving per valid | batch mode saved |';
  const lines = [header, '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const batch = row.providerBatch as { savedUsd: number; items: number } | null;
    lines.push(
      `| ${String(row.label)} | ${String(row.ok)} / ${String(row.documents)} | ${usd(row.costUsd as number)} | ` +
        `${usd(row.costPerValidUsd as number)} | ${usd(row.premiumBaselinePerValidUsd as number)} | ` +
        `${usd(row.savingPerValidUsd as number)} (${String(row.savingsPct)}%) | ` +
        `${batch ? `${usd(batch.savedUsd)} on ${batch.items} items` : '-'} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  const file = join(BENCH_DIR, 'results', 'provider-batch.json');
  writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2)}\n`);
  process.stdout.write(`written ${file}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
