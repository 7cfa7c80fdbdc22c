/**
 * Section 4, cost per valid result: per-tier pass rates (economy 70 %, standard 90 %, premium 99 %), real prices,
 * fixed tokens per answer. The cascade against premium-only and economy-only, and the cascade's measured cost
 * against its analytical expectation:
 *   E[cost] = c_e + (1 − p_e)(c_s + (1 − p_s) c_p),  P(valid) = 1 − (1 − p_e)(1 − p_s)(1 − p_p),
 *   cost per valid = E[cost] / P(valid).
 */
import { pool } from '../util/pool';
import { round } from '../util/stats';
import { groupByMarker, trueCost } from '../util/true-cost';
import type { BenchContext } from '../setup/context';
import { PASS_RATES, SEED, priceOf, routeModels, type RouteName } from '../setup/fixtures';
import { nextMarker } from '../systems/request';
import { FIXED_USAGE, passSequence } from '../upstream/models';

export interface CostRow {
  route: RouteName;
  label: string;
  requests: number;
  valid: number;
  /** Sum of what llm-cascade's ledgers report, and what the upstream billed (its call log), micro-USD. */
  reportedMicroUsd: number;
  billedMicroUsd: number;
  /** Requests whose ledger total differs from what their own calls billed (micro-USD); must be 0. */
  costMismatches: number;
  costPerRequestUsd: number;
  costPerValidUsd: number;
  /** The same from the formula with the nominal pass rates. */
  expectedCostPerValidUsd: number;
  /** (measured − expected) / expected, percent. */
  differencePct: number;
  /** Pass rate each model showed in this run (calls that validated / calls). */
  realizedPassRates: Record<string, number>;
}

export interface CostResult {
  passRates: typeof PASS_RATES;
  usagePerAnswer: typeof FIXED_USAGE;
  /** Cost of one answer per tier, USD. */
  callCostUsd: Record<string, number>;
  rows: CostRow[];
  /** 1 − cascade / premium-only, cost per valid result, percent. */
  savingVsPremiumPct: number;
  targets: { maxDifferencePct: number; minSavingVsPremiumPct: number };
}

const ROUTE_LABELS: Partial<Record<RouteName, string>> = {
  cascade: 'cascade economy → standard → premium',
  premiumOnly: 'premium only (gpt-4o prices)',
  economyOnly: 'economy only (deepseek-chat prices)',
};

/** Cost of one answer of a model, USD (fixed usage × its real price). */
function answerCostUsd(model: Parameters<typeof priceOf>[0]): number {
  const price = priceOf(model);
  return (
    (FIXED_USAGE.promptTokens * price.inputUsdPerMTok + FIXED_USAGE.completionTokens * price.outputUsdPerMTok) / 1e6
  );
}

/** E[cost] and P(valid) of a route whose tiers are tried in order, each once, with its nominal pass rate. */
function expectation(route: RouteName): { cost: number; valid: number } {
  let reach = 1;
  let cost = 0;
  for (const model of routeModels(route)) {
    const p = model.spec.kind === 'pass_rate' ? model.spec.passRate : 1;
    cost += reach * answerCostUsd(model);
    reach *= 1 - p;
  }
  return { cost, valid: 1 - reach };
}

export async function runCostPerValid(
  ctx: BenchContext,
  sizes: { requests: number; concurrency: number },
): Promise<CostResult> {
  const rows: CostRow[] = [];
  for (const route of ['cascade', 'premiumOnly', 'economyOnly'] as RouteName[]) {
    ctx.log(`cost per valid result: ${route}, ${sizes.requests} requests at concurrency ${sizes.concurrency}…`);
    await ctx.upstream.clearCalls();
    const markers = Array.from({ length: sizes.requests }, () => nextMarker(`cpv-${route}`));
    const results = await pool(sizes.requests, sizes.concurrency, (i) =>
      ctx.cascade.tuned.call({ route, marker: markers[i]! }),
    );
    const calls = (await ctx.upstream.calls()).filter((c) => routeModels(route).some((m) => m.id === c.model));
    const billed = trueCost(calls);
    const byMarker = groupByMarker(calls);
    const mismatches = results.filter(
      (r, i) => r.reportedCostMicroUsd !== trueCost(byMarker.get(markers[i]!) ?? []).micro,
    ).length;
    const reportedMicroUsd = results.reduce((sum, r) => sum + (r.reportedCostMicroUsd ?? Number.NaN), 0);
    const valid = results.filter((r) => r.ok).length;
    const measuredPerValid = billed.usd / valid;
    const expected = expectation(route);
    const realizedPassRates: Record<string, number> = {};
    for (const model of routeModels(route)) {
      const count = calls.filter((c) => c.model === model.id).length;
      if (model.spec.kind !== 'pass_rate' || count === 0) continue;
      const passes = passSequence(model.spec.passRate, SEED, model.id);
      let passed = 0;
      for (let i = 0; i < count; i++) if (passes(i)) passed++;
      realizedPassRates[model.id] = round(passed / count, 4);
    }
    rows.push({
      route,
      label: ROUTE_LABELS[route] ?? route,
      requests: results.length,
      valid,
      reportedMicroUsd,
      billedMicroUsd: billed.micro,
      costMismatches: mismatches,
      costPerRequestUsd: round(billed.usd / results.length, 8),
      costPerValidUsd: round(measuredPerValid, 8),
      expectedCostPerValidUsd: round(expected.cost / expected.valid, 8),
      differencePct: round(
        ((measuredPerValid - expected.cost / expected.valid) / (expected.cost / expected.valid)) * 100,
        3,
      ),
      realizedPassRates,
    });
  }
  const perValid = (route: RouteName) => rows.find((r) => r.route === route)!.costPerValidUsd;
  const callCostUsd = Object.fromEntries(
    routeModels('cascade').map((m, i) => [['economy', 'standard', 'premium'][i]!, answerCostUsd(m)]),
  );
  return {
    passRates: PASS_RATES,
    usagePerAnswer: FIXED_USAGE,
    callCostUsd,
    rows,
    savingVsPremiumPct: round((1 - perValid('cascade') / perValid('premiumOnly')) * 100, 2),
    targets: { maxDifferencePct: 1, minSavingVsPremiumPct: 60 },
  };
}
