// Pure unit tests — `llm-cascade tune`'s arithmetic on synthetic ledgers whose right answer is known; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReportAttempt, ReportRun } from '../../cli/report/aggregate';
import { bestStart, expectFromStart } from '../../cli/tune/cascade-math';
import { proposeTask, type TuneRoute } from '../../cli/tune/propose';
import { editRoute } from '../../cli/tune/edit-config';
import { parseJsonc } from '../../catalog/node/jsonc';

const ROUTE: TuneRoute = {
  tiers: [
    { name: 'economy', candidates: ['e/a', 'e/b'] },
    { name: 'standard', candidates: ['s/a'] },
    { name: 'premium', candidates: ['p/a'] },
  ],
  startTier: 0,
};

function attempt(
  tier: string,
  ref: string,
  outcome: ReportAttempt['outcome'],
  cost: number,
  reason: ReportAttempt['reason'] = 'first',
): ReportAttempt {
  const billed = cost > 0;
  return {
    tier,
    ref,
    provider: ref.split('/')[0]!,
    reason,
    outcome,
    billed,
    usage: { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
    costMicroUsd: cost,
  };
}

function run(index: number, attempts: ReportAttempt[]): ReportRun {
  return {
    workflowId: `w${index}`,
    runId: 'r',
    workflowType: 'cascadeWorkflow',
    status: 'COMPLETED',
    startTime: '2026-11-30T00:00:00Z',
    task: 't',
    attempts,
    baselineMicroUsd: 0,
  };
}

/**
 * n requests that all start at economy: a share `pe` passes there (cost ce), the rest escalate to standard (ps, cs),
 * its failures to premium (always passes, cp). Deterministic: request i passes a tier by a fixed pattern.
 */
function ledgers(n: number, pe: number, ce: number, ps: number, cs: number, cp: number): ReportRun[] {
  const runs: ReportRun[] = [];
  let escalated = 0;
  for (let i = 0; i < n; i++) {
    const rows = [];
    if (i < Math.round(n * pe)) {
      rows.push(attempt('economy', 'e/a', 'ok', ce));
    } else {
      rows.push(attempt('economy', 'e/a', 'schema_violation', ce));
      const passes = escalated++ < Math.round((n - Math.round(n * pe)) * ps);
      rows.push(attempt('standard', 's/a', passes ? 'ok' : 'schema_violation', cs, 'escalation'));
      if (!passes) rows.push(attempt('premium', 'p/a', 'ok', cp, 'escalation'));
    }
    runs.push(run(i, rows));
  }
  return runs;
}

describe('cascade arithmetic', () => {
  it('E[cost], P(valid) and cost per valid from a start, as in bench/README.md', () => {
    const tiers = [
      { passRate: 0.7, costMicroUsd: 364 },
      { passRate: 0.9, costMicroUsd: 270 },
      { passRate: 0.99, costMicroUsd: 4_500 },
    ];
    const fromEconomy = expectFromStart(tiers, 0);
    assert.ok(Math.abs(fromEconomy.costMicroUsd - (364 + 0.3 * (270 + 0.1 * 4_500))) < 1e-9);
    assert.ok(Math.abs(fromEconomy.validRate - (1 - 0.3 * 0.1 * 0.01)) < 1e-12);
    assert.ok(Math.abs(expectFromStart(tiers, 2).costPerValidMicroUsd - 4_500 / 0.99) < 1e-9);
    assert.equal(expectFromStart([{ passRate: 0, costMicroUsd: 5 }], 0).costPerValidMicroUsd, Infinity);
    assert.equal(bestStart(tiers).best.start, 0);
    assert.equal(bestStart(tiers, [1, 2]).best.start, 1);
  });
});

describe('tune: the start tier the ledgers support', () => {
  it('economy rarely passes and costs nearly as much as standard → start at standard, with the saving', () => {
    // Economy 20 % at 1,000 µ$; standard 95 % at 1,200; premium 5,000. From economy ≈ 2,160; from standard ≈ 1,450.
    const proposal = proposeTask('t', ledgers(400, 0.2, 1_000, 0.95, 1_200, 5_000), ROUTE, { minSamples: 10 });
    assert.equal(proposal.startTier?.tier, 'standard');
    assert.ok(
      proposal.startTier!.saving > 0.3 && proposal.startTier!.saving < 0.36,
      String(proposal.startTier!.saving),
    );
    assert.equal(proposal.current.tier, 'economy');
    assert.deepEqual(
      proposal.tiers.map((tier) => [tier.tier, tier.entered, tier.passed, tier.started]),
      [
        ['economy', 400, 80, 400],
        ['standard', 320, 304, 0],
        ['premium', 16, 16, 0],
      ],
    );
    assert.deepEqual(proposal.notEnoughData, []);
  });
  it('economy passes often and is cheap → no change', () => {
    const proposal = proposeTask('t', ledgers(400, 0.8, 200, 1, 1_200, 5_000), ROUTE, { minSamples: 10 });
    assert.equal(proposal.startTier, undefined);
    assert.equal(proposal.starts.find((start) => start.tier === 'economy')?.start, 0);
  });
  it('too few requests → no proposal, and it says so plainly', () => {
    const proposal = proposeTask('t', ledgers(12, 0.2, 1_000, 0.95, 1_200, 5_000), ROUTE);
    assert.equal(proposal.startTier, undefined);
    assert.deepEqual(proposal.starts, []);
    assert.match(proposal.notEnoughData.join('\n'), /tier economy: 12 request\(s\) reached it, 20 needed/);
    assert.match(proposal.notEnoughData.join('\n'), /current start \(economy\) cannot be priced yet/);
  });
  it('a tier no request reached suggests an experiment', () => {
    const proposal = proposeTask('t', ledgers(100, 1, 100, 1, 1, 1), ROUTE, { minSamples: 10 });
    assert.match(proposal.notEnoughData.join('\n'), /tier standard: 0 request\(s\)[^\n]*experiment/);
    // Premium and standard are never reached (economy always passes): starting at economy is still priceable.
    assert.equal(proposal.current.expectation?.start, 0);
  });
  it('classifier calls are counted apart, not as tier attempts', () => {
    const runs = ledgers(40, 0.5, 100, 1, 300, 1_000).map((r) => ({
      ...r,
      attempts: [attempt('classify', 'c/small', 'ok', 7, 'classify'), ...r.attempts],
    }));
    const proposal = proposeTask('t', runs, ROUTE, { minSamples: 10 });
    assert.equal(proposal.classifierMicroUsd, 280);
    assert.equal(proposal.tiers[0]!.started, 40);
  });
});

describe('tune: candidate order within a tier', () => {
  const tierRuns = (rows: (i: number) => ReportAttempt[]) => Array.from({ length: 50 }, (_, i) => run(i, rows(i)));
  it('by cost per valid answer: a pricier candidate that passes more often can come first', () => {
    // e/a: 100 µ$, passes 1 in 2 → 200 per valid. e/b: 150 µ$, passes 9 in 10 → ~167 per valid.
    const runs = tierRuns((i) => [
      attempt('economy', 'e/a', i % 2 === 0 ? 'ok' : 'schema_violation', 100),
      attempt('economy', 'e/b', i % 10 === 0 ? 'schema_violation' : 'ok', 150, 'failover'),
    ]);
    const proposal = proposeTask('t', runs, ROUTE, { minSamples: 10 });
    assert.deepEqual(proposal.candidateOrders, [{ tier: 'economy', from: ['e/a', 'e/b'], to: ['e/b', 'e/a'] }]);
    const b = proposal.candidates.find((c) => c.ref === 'e/b')!;
    assert.deepEqual([b.firstAttempts, b.passRate, b.failureRate, b.meanCostMicroUsd], [50, 0.9, 0, 150]);
  });
  it('a candidate that often fails to answer (outages, 429s) goes last however cheap', () => {
    const runs = tierRuns((i) => [
      attempt('economy', 'e/a', i % 2 === 0 ? 'ok' : 'provider_error', i % 2 === 0 ? 100 : 0),
      attempt('economy', 'e/b', 'ok', 400, 'failover'),
    ]);
    // e/a: 50 % unanswered (over the 20 % bound) → after e/b, though its cost per valid answer is lower.
    assert.deepEqual(proposeTask('t', runs, ROUTE, { minSamples: 10 }).candidateOrders, [
      { tier: 'economy', from: ['e/a', 'e/b'], to: ['e/b', 'e/a'] },
    ]);
    const reversed = { ...ROUTE, tiers: [{ name: 'economy', candidates: ['e/b', 'e/a'] }, ...ROUTE.tiers.slice(1)] };
    assert.deepEqual(proposeTask('t', runs, reversed, { minSamples: 10 }).candidateOrders, []);
  });
  it('too few attempts on a candidate → the order stays', () => {
    const runs = tierRuns((i) =>
      i < 5 ? [attempt('economy', 'e/b', 'ok', 1)] : [attempt('economy', 'e/a', 'schema_violation', 500)],
    );
    assert.deepEqual(proposeTask('t', runs, ROUTE, { minSamples: 10 }).candidateOrders, []);
  });
});

describe('tune --apply: one route rewritten, the rest of the file as written', () => {
  const FILE = `{
  // the team's config: comments stay
  "extends": "default",
  "routes": {
    "invoice": {
      "tiers": [
        { "name": "economy", "candidates": ["a/x", "b/y"] }, // cheap first
        { "name": "premium", "candidates": ["c/z"] },
      ],
    },
    /* another task */
    "other": { "tiers": [{ "name": "only", "candidates": ["a/x"] }] }
  },
  "temporal": { "address": "localhost:7233" }
}
`;
  const spec = { tiers: [{ name: 'economy', candidates: ['a/x'] }] };
  it('replaces only routes[task]; comments and other routes stay', () => {
    const text = editRoute(FILE, 'invoice', spec, (route) => ({
      ...route,
      startTier: 'premium',
      tuned: '2026-11-30: x',
    }));
    assert.match(text, /\/\/ the team's config: comments stay/);
    assert.match(
      text,
      /\/\* another task \*\/\n {4}"other": \{ "tiers": \[\{ "name": "only", "candidates": \["a\/x"\] \}\] \}/,
    );
    const parsed = parseJsonc(text) as {
      routes: Record<string, { startTier?: string; tuned?: string; tiers: unknown[] }>;
    };
    assert.equal(parsed.routes.invoice!.startTier, 'premium');
    assert.equal(parsed.routes.invoice!.tuned, '2026-11-30: x');
    assert.equal(parsed.routes.invoice!.tiers.length, 2);
    assert.equal(parsed.routes.other!.startTier, undefined);
  });
  it('a task the file does not list (it comes from the built-in catalog) is added whole', () => {
    const text = editRoute(FILE, 'extract', spec, (route) => ({ ...route, startTier: 'economy' }));
    const parsed = parseJsonc(text) as { routes: Record<string, unknown> };
    assert.deepEqual(parsed.routes.extract, { ...spec, startTier: 'economy' });
    assert.deepEqual(Object.keys(parsed.routes), ['extract', 'invoice', 'other']);
    const empty = editRoute('{ "routes": {} }', 'extract', spec, (route) => route);
    assert.deepEqual((parseJsonc(empty) as { routes: unknown }).routes, { extract: spec });
  });
});
