// Integration tests — the ledger store on both engines (a SQLite file; a real PostgreSQL server started for the
// file): exactly-once writes, reports equal to the history report's arithmetic, windows, labels, prune
// Longer than 250 lines because every case runs on both engines (SQLite and a real PostgreSQL server) from one table of cases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateReport, type ReportGrouping, type ReportRow, type ReportRun } from '../../cli/report/aggregate';
import { armStats } from '../../cli/report/experiment';
import { taskStats } from '../../cli/tune/propose';
import { requestScope } from '../../store/keys';
import { connectEngine, openLedgerStore, type LedgerStore } from '../../store/store';
import { migrate } from '../../store/schema/migrate';
import { generateLedger, syntheticRequests, type SyntheticOptions, type SyntheticRequest } from '../../store/synthetic';
import type { LedgerTarget } from '../../store/config';
import { HOUR_MS } from '../../store/rollup/counters';
import { requestKey } from '../../store/keys';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

const START = Date.UTC(2026, 0, 1);
const OPTIONS: SyntheticOptions = {
  requests: 1500,
  startMs: START,
  endMs: START + 3 * 86_400_000,
  seed: 7,
  runningShare: 0.04,
};
const REQUESTS: SyntheticRequest[] = [...syntheticRequests(OPTIONS)];

function runOf(request: SyntheticRequest): ReportRun {
  const { context, end } = request;
  return {
    workflowId: `${context.workflowId}/${requestScope(context)}`,
    runId: context.runId,
    workflowType: 'cascadeWorkflow',
    status: end ? 'COMPLETED' : 'RUNNING',
    startTime: new Date(context.startedAtMs).toISOString(),
    task: context.task,
    sessionId: context.sessionId,
    userId: context.userId,
    gatewayKey: context.gatewayKey,
    attempts: request.attempts.map(({ tier, ref, provider, reason, outcome, billed, usage, costMicroUsd }) => ({
      tier,
      ref,
      provider,
      reason,
      outcome,
      billed,
      usage,
      costMicroUsd,
    })),
    baselineMicroUsd: end?.baselineMicroUsd ?? 0,
    ...(context.experiments && { experiments: [...context.experiments] }),
    ...(end && { latencyMs: end.finishedAtMs - context.startedAtMs }),
  };
}
const RUNS = REQUESTS.map(runOf);

function runsIn(window: { sinceMs?: number; untilMs?: number }, finishedOnly = false): ReportRun[] {
  return RUNS.filter((run) => {
    const at = Date.parse(run.startTime);
    return (
      (window.sinceMs === undefined || at >= window.sinceMs) &&
      (window.untilMs === undefined || at < window.untilMs) &&
      (!finishedOnly || run.status !== 'RUNNING')
    );
  });
}

/** The store's row against the history report's: request counts from finished requests, sums from every attempt. */
type Row = Pick<
  ReportRow,
  | 'attempts'
  | 'costMicroUsd'
  | 'inputTokens'
  | 'cachedInputTokens'
  | 'requests'
  | 'escalated'
  | 'validResults'
  | 'baselineMicroUsd'
>;
function assertSameRow(actual: Row | undefined, all: Row | undefined, finished: Row | undefined, label: string) {
  assert.ok(actual, `${label}: missing in the store's report`);
  const expected = {
    attempts: all?.attempts ?? 0,
    costMicroUsd: all?.costMicroUsd ?? 0,
    inputTokens: all?.inputTokens ?? 0,
    cachedInputTokens: all?.cachedInputTokens ?? 0,
    requests: finished?.requests ?? 0,
    escalated: finished?.escalated ?? 0,
    validResults: finished?.validResults ?? 0,
    baselineMicroUsd: finished?.baselineMicroUsd ?? 0,
  };
  const got = Object.fromEntries(Object.keys(expected).map((name) => [name, actual[name as keyof Row]]));
  assert.deepEqual(got, expected, label);
}

async function count(store: LedgerStore, table: string): Promise<number> {
  const [row] = await store.engine.all<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row!.n);
}

const engines: { name: string; target: () => LedgerTarget }[] = [];
let pg: PostgresServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-cascade-store-'));
  pg = await startPostgres();
});
after(async () => {
  await pg?.destroy();
  rmSync(dir, { recursive: true, force: true });
});
engines.push(
  {
    name: 'sqlite',
    target: () => ({ engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'outbox') }),
  },
  { name: 'postgres', target: () => ({ engine: 'postgres', url: pg.url, outboxDir: join(dir, 'outbox-pg') }) },
);

const reports: Record<string, unknown[]> = {};

for (const engine of engines) {
  describe(`ledger store on ${engine.name}`, () => {
    let store: LedgerStore;
    before(async () => {
      store = await openLedgerStore(engine.target());
      await generateLedger(store, { ...OPTIONS, chunk: 400 });
    });
    after(async () => {
      await store?.close();
    });

    it('migrations apply once, whoever opens the store', async () => {
      const again = await connectEngine(engine.target());
      try {
        assert.deepEqual(await migrate(again), []);
        const [row] = await again.all<{ v: number }>('SELECT MAX(version) AS v FROM ledger_schema');
        assert.equal(Number(row!.v), 1);
      } finally {
        await again.close();
      }
    });

    it('every row once: writing the same ledger again adds nothing, rollups included', async () => {
      const attempts = REQUESTS.reduce((sum, request) => sum + request.attempts.length, 0);
      assert.equal(await count(store, 'attempts'), attempts);
      assert.equal(await count(store, 'requests'), REQUESTS.length);
      const before = await store.report({ by: 'model' });
      const second = await generateLedger(store, { ...OPTIONS, chunk: 700 });
      assert.equal(second.attempts, attempts);
      assert.equal(await count(store, 'attempts'), attempts);
      assert.deepEqual(await store.report({ by: 'model' }), before);
      assert.equal(before.total.attempts, attempts);
      assert.equal(before.inFlight, REQUESTS.filter((request) => !request.end).length);
    });

    for (const by of ['task', 'model', 'tier', 'provider', 'session', 'user', 'key'] as const) {
      it(`report by ${by} over a window that is not on the hour equals the history report's figures`, async () => {
        const asked = { sinceMs: START + 7.3 * HOUR_MS, untilMs: START + 2 * 86_400_000 + 5.1 * HOUR_MS };
        const report = await store.report({ by, ...asked });
        const window = report.window;
        if (by === 'session' || by === 'user')
          assert.deepEqual(window, { sinceMs: START, untilMs: START + 3 * 86_400_000 });
        else assert.deepEqual(window, asked);
        const all = aggregateReport(runsIn(window), by as ReportGrouping);
        const finished = aggregateReport(runsIn(window, true), by as ReportGrouping);
        assert.equal(report.groups.length, all.groups.length);
        for (const group of report.groups)
          assertSameRow(
            group,
            all.groups.find((g) => g.key === group.key),
            finished.groups.find((g) => g.key === group.key),
            `${by} ${group.key}`,
          );
        assertSameRow(report.total, all.total, finished.total, `${by} total`);
        (reports[by] ??= []).push(report);
      });
    }

    it('a task filter and an open window agree with the rows', async () => {
      const report = await store.report({ by: 'model', task: 'invoice' });
      const runs = RUNS.filter((run) => run.task === 'invoice');
      assertSameRow(
        report.total,
        aggregateReport(runs, 'model').total,
        aggregateReport(
          runs.filter((run) => run.status !== 'RUNNING'),
          'model',
        ).total,
        'invoice total',
      );
    });

    it("experiment arms equal the history report's arm statistics", async () => {
      const window = { sinceMs: START + 13.5 * HOUR_MS };
      const [experiment] = await store.experiments(window);
      assert.equal(experiment?.experiment, 'start-standard');
      for (const arm of ['control', 'variant'] as const) {
        const runs = runsIn(window, true).filter((run) => run.experiments?.some((e) => e.arm === arm));
        const expected = armStats(arm, runs);
        const got: Record<string, unknown> = { ...experiment![arm] };
        const { medianLatencyMs, ...counts } = got as { medianLatencyMs: number | null };
        const { medianLatencyMs: exactMedian, ...expectedCounts } = expected;
        // Costs include the attempts of requests still running; arm statistics read finished requests only.
        assert.deepEqual(
          { ...counts, costMicroUsd: 0, costPerValidMicroUsd: 0 },
          { ...expectedCounts, costMicroUsd: 0, costPerValidMicroUsd: 0 },
        );
        assert.ok(exactMedian !== null && medianLatencyMs !== null);
        // The histogram covers the whole days around the window: within a few percent of the exact median.
        assert.ok(Math.abs(medianLatencyMs - exactMedian) / exactMedian < 0.05, `${medianLatencyMs} vs ${exactMedian}`);
      }
      (reports.experiments ??= []).push(experiment);
    });

    it("tune's inputs equal what tune computes from the ledgers", async () => {
      const inputs = await store.tuneInputs({});
      const route = {
        tiers: ['economy', 'standard', 'premium'].map((name) => ({ name, candidates: [] as string[] })),
        startTier: 0,
      };
      assert.ok(inputs.length >= 5);
      for (const task of inputs) {
        const expected = taskStats(
          RUNS.filter((run) => run.task === task.task),
          route,
          20,
        );
        assert.equal(task.requests, expected.requests, task.task);
        assert.equal(task.classifierMicroUsd, expected.classifierMicroUsd, task.task);
        for (const tier of expected.tiers.filter((t) => t.entered > 0)) {
          const got = task.tiers.find((t) => t.tier === tier.tier)!;
          assert.deepEqual(
            [got.entered, got.passed, got.started, got.costMicroUsd / got.entered],
            [tier.entered, tier.passed, tier.started, tier.meanCostMicroUsd],
            `${task.task} ${tier.tier}`,
          );
        }
        for (const candidate of expected.candidates) {
          const got = task.candidates.find((c) => c.tier === candidate.tier && c.ref === candidate.ref)!;
          assert.equal(got.first, candidate.firstAttempts);
          assert.equal(got.billed > 0 ? got.ok / got.billed : null, candidate.passRate);
          assert.equal(got.unbilled / got.first, candidate.failureRate);
        }
      }
      (reports.tune ??= []).push(inputs);
    });

    it('per day: spend and each tier first-attempt pass and escalation rates over time', async () => {
      const days = await store.spendSeries({ per: 'day' });
      assert.deepEqual(
        days.map((day) => day.atMs),
        [0, 1, 2].map((n) => START + n * 86_400_000),
      );
      assert.equal(
        days.reduce((sum, day) => sum + day.costMicroUsd, 0),
        (await store.totals()).costMicroUsd,
      );
      const rates = await store.tierRates({ per: 'day', sinceMs: START, untilMs: START + 86_400_000 });
      const economy = rates.find((r) => r.tier === 'economy')!;
      const runs = runsIn({ sinceMs: START, untilMs: START + 86_400_000 }, true);
      const firstAtEconomy = runs.filter(
        (run) => run.attempts.find((a) => a.reason !== 'classify')?.tier === 'economy',
      );
      assert.equal(economy.firstAttempts, firstAtEconomy.length);
      assert.equal(
        economy.firstPass,
        firstAtEconomy.filter((run) => run.attempts.find((a) => a.reason !== 'classify')?.outcome === 'ok').length,
      );
      (reports.rates ??= []).push(rates);
    });

    it("one workflow's ledger, the most expensive requests and the failures", async () => {
      const sample = REQUESTS.find((request) => request.attempts.length >= 3 && request.end)!;
      const ledger = await store.requestLedger(sample.context.workflowId);
      const mine = ledger.find((request) => request.key === requestKey(sample.context))!;
      assert.deepEqual(
        mine.attempts.map((a) => [a.seq, a.ref, a.outcome, a.costMicroUsd]),
        sample.attempts.map((a) => [a.seq, a.ref, a.outcome, a.costMicroUsd]),
      );
      const top = await store.topRequests({ limit: 5 });
      const costs = REQUESTS.filter((r) => r.end)
        .map((r) => r.attempts.reduce((sum, a) => sum + a.costMicroUsd, 0))
        .sort((a, b) => b - a)
        .slice(0, 5);
      assert.deepEqual(
        top.map((r) => r.costMicroUsd),
        costs,
      );
      const failed = await store.failedRequests({ limit: 10_000 });
      assert.equal(failed.length, REQUESTS.filter((r) => r.end?.outcome === 'failed').length);
      assert.ok(failed.every((r) => r.outcome === 'failed'));
    });

    it('labels: a verdict counts once, a changed verdict moves the counts', async () => {
      const labelled = REQUESTS.filter((r) => r.end?.outcome === 'ok').slice(0, 10);
      const verdicts = labelled.map((r, index) => ({ requestKey: requestKey(r.context), correct: index % 3 !== 0 }));
      await store.apply(verdicts.map((verdict) => ({ op: 'label', verdict })));
      await store.apply(verdicts.map((verdict) => ({ op: 'label', verdict })));
      let total = await store.totals();
      assert.deepEqual([total.labelled, total.correct], [10, 6]);
      await store.apply([{ op: 'label', verdict: { ...verdicts[0]!, correct: true } }]);
      total = await store.totals();
      assert.deepEqual([total.labelled, total.correct], [10, 7]);
      assert.equal(total.costPerCorrectMicroUsd, Math.round(total.costMicroUsd / 7));
    });

    it('prune deletes whole hours of rows (and their rollups unless kept); the rest reports as before', async () => {
      const cut = START + 36.5 * HOUR_MS;
      const later = { sinceMs: START + 37 * HOUR_MS };
      const before = await store.report({ by: 'task', ...later });
      const kept = await store.prune({ beforeMs: cut, keepRollups: true });
      assert.equal(kept.cutMs, START + 36 * HOUR_MS);
      assert.equal(kept.requests, runsIn({ untilMs: kept.cutMs }).length);
      assert.equal(kept.rollupRows, 0);
      assert.deepEqual(await store.report({ by: 'task', ...later }), before);
      // Rollups kept: whole hours before the cut still report, though their rows are gone.
      const early = await store.report({ by: 'task', sinceMs: START, untilMs: START + 24 * HOUR_MS });
      assert.equal(early.total.requests, runsIn({ sinceMs: START, untilMs: START + 24 * HOUR_MS }, true).length);
      const gone = REQUESTS.find((r) => !r.context.batchId && r.context.startedAtMs < kept.cutMs)!;
      assert.equal((await store.requestLedger(gone.context.workflowId)).length, 0);
      const dropped = await store.prune({ beforeMs: cut });
      assert.equal(dropped.requests, 0);
      assert.ok(dropped.rollupRows > 0);
      assert.equal(
        (await store.report({ by: 'task', sinceMs: START, untilMs: START + 24 * HOUR_MS })).total.requests,
        0,
      );
      assert.deepEqual(await store.report({ by: 'task', ...later }), before);
    });
  });
}

describe('both engines', () => {
  it('give the same figures for the same rows', () => {
    for (const [name, pair] of Object.entries(reports)) {
      assert.equal(pair.length, 2, name);
      assert.deepEqual(pair[1], pair[0], name);
    }
  });
});
