/**
 * Section 2, failover and escalation, the same two scenarios in every system:
 * - failover: the economy model answers 503, a second provider's economy model answers;
 * - escalation: the economy model answers schema-violating JSON, the standard tier answers.
 * Per system: upstream calls made (from the upstream's log), latency, and the cost the system reports against the
 * cost the upstream billed. llm-cascade's ledger must equal the billed cost exactly, on every request.
 */
import { usdToMicro } from '../../catalog/pricing';
import type { FakeCall } from '../../sim/fake-types';
import { interleave } from '../util/interleave';
import { median, round, summarize } from '../util/stats';
import { groupByMarker, trueCost } from '../util/true-cost';
import { isUnavailable, type BenchContext } from '../setup/context';
import type { BenchSystem, SystemResult } from '../systems/request';

export const SCENARIOS = {
  failover: 'economy answers 503, another provider answers',
  escalation: 'economy answers schema-violating JSON, standard tier answers',
} as const;
export type ScenarioName = keyof typeof SCENARIOS;

export interface ScenarioRow {
  scenario: ScenarioName;
  key: string;
  label: string;
  n: number;
  succeeded: number;
  /** Upstream calls per request (median), and the most common sequence of them. */
  calls: number;
  callPattern: string;
  p50: number;
  p95: number;
  /** Median per request, USD; null when the system reports no cost. */
  reportedCostUsd: number | null;
  trueCostUsd: number;
  /** Requests whose reported cost equals the billed cost to the micro-dollar. */
  exactCostRequests: number;
  finalModel?: string;
  firstError?: string;
  unavailable?: string;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

function rowOf(
  scenario: ScenarioName,
  system: BenchSystem,
  results: SystemResult[],
  callsOf: (i: number) => FakeCall[],
): ScenarioRow {
  const costs = results.map((_, i) => trueCost(callsOf(i)));
  const reported = results.map((r) => r.reportedCostUsd).filter((c): c is number => c !== null);
  const exact = results.filter((r, i) =>
    r.reportedCostMicroUsd !== undefined
      ? r.reportedCostMicroUsd === costs[i]!.micro
      : r.reportedCostUsd !== null && usdToMicro(r.reportedCostUsd) === costs[i]!.micro,
  ).length;
  const ms = summarize(results.filter((r) => r.ok).map((r) => r.ms));
  const failed = results.find((r) => !r.ok);
  return {
    scenario,
    key: system.key,
    label: system.label,
    n: results.length,
    succeeded: results.filter((r) => r.ok).length,
    calls: median(results.map((_, i) => callsOf(i).length)),
    callPattern: mostCommon(
      results.map((_, i) =>
        callsOf(i)
          .map((c) => `${c.model} ${c.status}`)
          .join(' → '),
      ),
    ),
    p50: round(ms.p50),
    p95: round(ms.p95),
    reportedCostUsd: reported.length === results.length ? median(reported) : null,
    trueCostUsd: median(costs.map((c) => c.usd)),
    exactCostRequests: exact,
    finalModel: mostCommon(results.map((r) => r.finalModel ?? '')),
    ...(failed && { firstError: failed.error?.slice(0, 300) }),
  };
}

export async function runScenarios(
  ctx: BenchContext,
  sizes: { warmup: number; rounds: number },
): Promise<ScenarioRow[]> {
  const systems: BenchSystem[] = [ctx.cascade.stock, ctx.cascade.tuned];
  const missing: Array<[string, string, string]> = [];
  if (isUnavailable(ctx.litellm)) missing.push(['litellm', 'LiteLLM Router', ctx.litellm.unavailable]);
  else systems.push(ctx.litellm.router);
  if (isUnavailable(ctx.portkey)) missing.push(['portkey', 'Portkey gateway', ctx.portkey.unavailable]);
  else systems.push(ctx.portkey.gateway);

  const rows: ScenarioRow[] = [];
  for (const scenario of Object.keys(SCENARIOS) as ScenarioName[]) {
    ctx.log(`scenarios: ${scenario}, ${systems.length} systems × ${sizes.rounds} rounds…`);
    await ctx.upstream.clearCalls();
    const markers = new Map<string, string[]>(systems.map((s) => [s.key, []]));
    const tagged = systems.map((system): BenchSystem => ({
      ...system,
      call: (request) => {
        markers.get(system.key)!.push(request.marker);
        return system.call(request);
      },
    }));
    const results = await interleave(tagged, { route: scenario, warmupRounds: sizes.warmup, rounds: sizes.rounds });
    const byMarker = groupByMarker(await ctx.upstream.calls());
    for (const system of systems) {
      // Warm-up requests were called (and tagged) first; the measured ones are the last `rounds`.
      const measured = markers.get(system.key)!.slice(-sizes.rounds);
      rows.push(rowOf(scenario, system, results.get(system.key)!, (i) => byMarker.get(measured[i]!) ?? []));
    }
    for (const [key, label, reason] of missing) {
      rows.push({
        scenario,
        key,
        label,
        n: 0,
        succeeded: 0,
        calls: Number.NaN,
        callPattern: '',
        p50: Number.NaN,
        p95: Number.NaN,
        reportedCostUsd: null,
        trueCostUsd: Number.NaN,
        exactCostRequests: 0,
        unavailable: reason,
      });
    }
  }
  return rows;
}
