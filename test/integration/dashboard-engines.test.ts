// Integration tests — the dashboard's JSON on both engines (a SQLite file; a real PostgreSQL server started for the
// file): its first view and breakdowns equal the store's reports over the same window, and both engines agree
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGroups, loadRequest, loadView, type DashboardContext } from '../../cli/dashboard/api';
import { parseDashboardQuery } from '../../cli/dashboard/params';
import type { LedgerTarget } from '../../store/config';
import { openLedgerStore, type LedgerStore } from '../../store/store';
import { generateLedger } from '../../store/synthetic';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

const START = Date.UTC(2026, 0, 1);
/** Three days of requests; "now" is the end of the third day, so every preset sees a known window. */
const NOW = START + 3 * 86_400_000;
const views: unknown[] = [];
let pg: PostgresServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-cascade-dashboard-'));
  pg = await startPostgres();
});
after(async () => {
  await pg?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const engines: { name: string; target: () => LedgerTarget }[] = [
  { name: 'sqlite', target: () => ({ engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'ob') }) },
  { name: 'postgres', target: () => ({ engine: 'postgres', url: pg.url, outboxDir: join(dir, 'ob-pg') }) },
];

for (const engine of engines) {
  describe(`dashboard on ${engine.name}`, () => {
    let store: LedgerStore;
    let context: DashboardContext;
    before(async () => {
      store = await openLedgerStore(engine.target());
      await generateLedger(store, { requests: 900, startMs: START, endMs: NOW, seed: 11, runningShare: 0.03 });
      context = {
        db: store.engine,
        storeName: engine.name,
        uiUrl: 'http://localhost:8233',
        namespace: 'default',
        keys: [{ id: 'key-1', budget: { dailyUsd: 1, monthlyUsd: 10 } }],
        tiers: ['economy', 'standard', 'premium'],
        now: () => NOW,
      };
    });
    after(() => store?.close());

    for (const range of ['24h', 'all'] as const) {
      it(`the first view over ${range} equals the reports over its window`, async () => {
        const query = parseDashboardQuery(new URLSearchParams({ range }), NOW);
        const view = await loadView(context, query);
        const window = { ...(query.sinceMs !== undefined && { sinceMs: query.sinceMs }) };
        const byTask = await store.report({ by: 'task', ...window });
        assert.ok(byTask.total.requests > 0);
        assert.deepEqual(view.total, byTask.total);
        assert.equal(view.inFlight, byTask.inFlight);
        assert.deepEqual(view.groups.task!.rows, byTask.groups);
        assert.deepEqual(view.groups.model!.rows, (await store.report({ by: 'model', ...window })).groups);
        // The series adds up to the totals, bucket by bucket, with no bucket missing.
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        assert.equal(sum(view.series.costMicroUsd), view.total.costMicroUsd);
        assert.equal(sum(view.series.requests), view.total.requests);
        const width = view.query.per === 'hour' ? 3_600_000 : 86_400_000;
        assert.ok(view.series.atMs.every((at, i) => i === 0 || at - view.series.atMs[i - 1]! === width));
        assert.deepEqual(view.tiers.tiers, ['economy', 'standard', 'premium']);
        assert.deepEqual(
          view.top.map((r) => r.workflowId),
          (await store.topRequests({ ...window, limit: 10 })).map((r) => r.context.workflowId),
        );
        assert.match(view.top[0]!.temporalUrl!, /^http:\/\/localhost:8233\/namespaces\/default\/workflows\/synthetic-/);
        assert.equal(
          view.failures.length,
          Math.min(10, (await store.failedRequests({ ...window, limit: 100 })).length),
        );
        assert.equal(view.budgets.length, 2);
        views.push({ engine: engine.name, range, view: { ...view, store: '' } });
      });
    }

    it('a breakdown on demand is the report by that grouping; a workflow has its ledger', async () => {
      const query = parseDashboardQuery(new URLSearchParams({ range: 'all', task: 'invoice' }), NOW);
      for (const by of ['key', 'session', 'experiment'] as const) {
        const groups = await loadGroups(context, query, by);
        const report = await store.report({ by, task: 'invoice' });
        assert.deepEqual(groups.rows, report.groups.slice(0, 50), by);
        assert.equal(groups.others.groups, Math.max(0, report.groups.length - 50), by);
      }
      const [dearest] = await store.topRequests({ limit: 1 });
      const ledger = await loadRequest(context, dearest!.context.workflowId);
      assert.equal(ledger.requests.length, (await store.requestLedger(dearest!.context.workflowId)).length);
      assert.equal(ledger.requests[0]!.ledger.length, ledger.requests[0]!.attempts);
      assert.ok(!('context' in ledger.requests[0]!.ledger[0]!), 'attempt rows without their repeated context');
    });
  });
}

describe('both engines', () => {
  it('give the same dashboard for the same rows', () => {
    assert.equal(views.length, 4);
    for (const range of ['24h', 'all']) {
      const [sqlite, postgres] = views.filter((entry) => (entry as { range: string }).range === range) as {
        view: unknown;
      }[];
      assert.deepEqual(postgres!.view, sqlite!.view, range);
    }
  });
});
