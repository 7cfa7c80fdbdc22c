/** Tables of the volume sections: throughput, cost per valid result, scale. */
import { microToUsd } from '../../catalog/pricing';
import type { CostResult } from '../sections/cost-per-valid';
import type { ScaleResult } from '../sections/scale';
import type { ThroughputResult } from '../sections/throughput';
import { table, usd, verdict } from './format';

export function throughputTable(result: ThroughputResult): string {
  const t = table(['system', 'items', 'ok', 'seconds', 'items/s', '× bare Temporal', 'peak RSS MiB']);
  for (const row of result.rows)
    t.push([
      row.label,
      row.items,
      row.ok,
      row.seconds.toFixed(1),
      row.itemsPerSecond.toFixed(1),
      row.ratioToBare.toFixed(2),
      row.peakRssMiB,
    ]);
  const lines = [
    `Throughput: ${result.items} items at concurrency ${result.concurrency}, 0 ms upstream, ${result.rounds} interleaved rounds`,
    t.toString(),
  ];
  const w = table(['server-side work per item', 'history events', 'workflow tasks', 'activities']);
  for (const work of result.workPerItem)
    w.push([
      result.rows.find((r) => r.key === work.key)?.label ?? work.key,
      work.events,
      work.workflowTasks,
      work.activities,
    ]);
  if (result.workPerItem.length) lines.push(w.toString());
  for (const [key, target] of Object.entries(result.targets ?? {})) {
    const row = result.rows.find((r) => r.key === key);
    if (row)
      lines.push(
        `${row.label}: ${(row.ratioToBare * 100).toFixed(0)} % of bare Temporal; target ≥ ${target * 100} %: ${verdict(row.ratioToBare >= target)}`,
      );
  }
  const cascade = result.rows.find((r) => r.key === 'cascade-client');
  const bareSdk = result.rows.find((r) => r.key === 'bare-sdk');
  if (cascade && bareSdk) {
    lines.push(
      `${cascade.label} against bare Temporal making the same SDK call: ${((cascade.itemsPerSecond / bareSdk.itemsPerSecond) * 100).toFixed(0)} % (the LLM call's own cost set aside)`,
    );
  }
  return lines.join('\n');
}

export function costTable(result: CostResult): string {
  const t = table([
    'route',
    'requests',
    'valid',
    'billed total',
    'ledger = billed',
    '$/request',
    '$/valid result',
    'expected $/valid',
    'difference',
    'realized pass rates',
  ]);
  for (const row of result.rows) {
    const rates = Object.entries(row.realizedPassRates)
      .map(([m, r]) => `${m.split('.').slice(1).join('.')} ${(r * 100).toFixed(1)}%`)
      .join(', ');
    const match = row.costMismatches === 0 ? 'yes, every request' : `NO: ${row.costMismatches} requests differ`;
    t.push([
      row.label,
      row.requests,
      row.valid,
      usd(microToUsd(row.billedMicroUsd)),
      match,
      usd(row.costPerRequestUsd),
      usd(row.costPerValidUsd),
      usd(row.expectedCostPerValidUsd),
      `${row.differencePct.toFixed(2)} %`,
      rates,
    ]);
  }
  const cascade = result.rows.find((r) => r.route === 'cascade');
  const lines = [
    `Cost per valid result: pass rates ${Object.entries(result.passRates)
      .map(([tier, p]) => `${tier} ${p * 100}%`)
      .join(', ')}; ` +
      `${result.usagePerAnswer.promptTokens} in + ${result.usagePerAnswer.completionTokens} out tokens per answer; ` +
      `one answer costs ${Object.entries(result.callCostUsd)
        .map(([tier, c]) => `${tier} ${usd(c)}`)
        .join(', ')}`,
    t.toString(),
  ];
  if (cascade)
    lines.push(
      `cascade within ${Math.abs(cascade.differencePct).toFixed(2)} % of its analytical cost per valid result; target ≤ ${result.targets.maxDifferencePct} %: ${verdict(Math.abs(cascade.differencePct) <= result.targets.maxDifferencePct)}`,
    );
  lines.push(
    `cascade saves ${result.savingVsPremiumPct.toFixed(1)} % per valid result against premium-only; target ≥ ${result.targets.minSavingVsPremiumPct} %: ${verdict(result.savingVsPremiumPct >= result.targets.minSavingVsPremiumPct)}`,
  );
  const mismatched = result.rows.filter((r) => r.costMismatches > 0);
  if (mismatched.length)
    lines.push(
      `!!! COST MISMATCH in ${mismatched.map((r) => r.route).join(', ')}: ledger totals differ from billed calls !!!`,
    );
  return lines.join('\n');
}

export function scaleTable(result: ScaleResult): string {
  const t = table(['items', 'concurrency', 'ok', 'seconds', 'items/s', 'peak RSS MiB (client + worker)']);
  t.push([
    result.items,
    result.concurrency,
    result.ok,
    result.seconds.toFixed(1),
    result.itemsPerSecond.toFixed(1),
    result.peakRssMiB,
  ]);
  return ['Scale: one llm-cascade batch', t.toString()].join('\n');
}
