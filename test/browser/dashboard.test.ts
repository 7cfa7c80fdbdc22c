// Browser tests — `llm-cascade dashboard` in Debian's chromium at 1400×900, after a batch and single runs on the real
// dev server with the fake provider: the totals read off the page equal the store's, `report --source store`'s and
// the provider's bill; breakdowns, a workflow's ledger and the links into the real Temporal Web UI; screenshots.
// Longer than 250 lines because its cases read one page of one run (a batch, sessions, a failure, labels) and share it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { startBatch } from '../../client/batch-client';
import { runReport } from '../../cli/actions/report';
import { startDashboardServer, type DashboardServer } from '../../cli/dashboard/server';
import type { DevServer } from '../../server/dev-server';
import type { LedgerTarget } from '../../store/config';
import { createLedgerWriter, openLedgerStore, type LedgerStore } from '../../store/store';
import type { StoreReport } from '../../store/query/report';
import type { LedgerWriter } from '../../store/write/writer';
import type { FakeCallContext, FakeReply } from '../../sim/fake-types';
import { ensureChromium, launchBrowser, serverWithUi, testOutputPath } from '../helpers/browser';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const UI_TIMEOUT_MS = 60_000;
const TOKEN = 'dashboard-test-token';
const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });

/** Economy answers a document marked HARD with JSON that misses the schema (billed, then escalated). */
function economy(ctx: FakeCallContext): FakeReply {
  return JSON.stringify(ctx.body).includes('HARD')
    ? { kind: 'content', content: { invoiceNumber: 'INV', total: 'lots' } }
    : { kind: 'content', content: { invoiceNumber: 'INV-1', total: 10 } };
}

describe('the spend dashboard in a real browser', () => {
  let ownServer: DevServer | undefined;
  let uiUrl: string;
  let dir: string;
  let target: LedgerTarget & { engine: 'sqlite' };
  let writer: LedgerWriter;
  let env: CascadeEnv;
  let store: LedgerStore;
  let dashboard: DashboardServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let byTask: StoreReport;
  let failedWorkflowId: string;
  let batchWorkflowId: string;

  before(async () => {
    ensureChromium();
    const server = await serverWithUi();
    ({ uiUrl, ownServer } = server);
    dir = mkdtempSync(join(tmpdir(), 'dashboard-browser-'));
    target = { engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'ledger.db.outbox') };
    writer = createLedgerWriter(target);
    env = await startCascadeEnv({
      name: 'dashboard-browser',
      tierDefaults: { triesPerCandidate: 1 },
      ledger: writer,
      tiers: [
        ['economy', [{ ref: 'cheap/eco', behavior: economy, inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.1 }]],
        [
          'premium',
          [
            {
              ref: 'dear/top',
              behavior: { kind: 'content', content: { invoiceNumber: 'INV-1', total: 10 } },
              inputUsdPerMTok: 200,
              outputUsdPerMTok: 200,
            },
          ],
        ],
      ],
    });
    // A batch of six documents (two escalate), two single runs in a session, and one that runs out of budget.
    const input = join(dir, 'input.jsonl');
    const docs = ['INV-1 total 10', 'HARD INV-2', 'INV-3 total 30', 'INV-4 total 40', 'HARD INV-5', 'INV-6 total 60'];
    writeFileSync(input, docs.map((text, i) => JSON.stringify({ id: `doc-${i}`, text })).join('\n'));
    const batch = await startBatch(
      env.temporal.client,
      { task: 'extract', schema: Invoice, input, output: join(dir, 'out.jsonl'), batchId: `dash-batch-${Date.now()}` },
      { taskQueue: env.taskQueue },
    );
    batchWorkflowId = batch.workflowId;
    await batch.result();
    await env.run({ schema: Invoice, input: 'INV-7 total 70', metadata: { sessionId: 'sess-dash' } });
    await env.run({ schema: Invoice, input: 'HARD INV-8', metadata: { sessionId: 'sess-dash' } });
    const failed = await env.run({ schema: Invoice, input: 'HARD over budget', maxCostUsd: 0.001 }).then(
      () => assert.fail('expected BudgetExceededError'),
      (error: { workflowId?: string }) => error,
    );
    failedWorkflowId = failed.workflowId!;
    assert.equal(await writer.flush(), true, 'the outbox drained');
    store = await openLedgerStore(target);
    // Labels for three of the batch's items (two right, one wrong): cost per correct result appears.
    const items = await store.requestLedger(batchWorkflowId);
    await store.apply(
      items.slice(0, 3).map((item, i) => ({ op: 'label' as const, verdict: { requestKey: item.key, correct: i < 2 } })),
    );
    byTask = await store.report({ by: 'task' });
    dashboard = await startDashboardServer({
      db: store.engine,
      storeName: target.path,
      uiUrl,
      namespace: server.namespace,
      keys: [{ id: 'team-a', budget: { dailyUsd: 5, monthlyUsd: 50 } }],
      tiers: ['economy', 'premium'],
      port: 0,
      token: TOKEN,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
    await store?.close();
    await env?.close();
    await writer?.close();
    await ownServer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the store holds what the provider billed', () => {
    assert.equal(byTask.total.requests, 9);
    assert.equal(byTask.total.costMicroUsd, env.provider.bill().chatMicroUsd);
    assert.equal(byTask.total.labelled, 3);
  });

  it('without the token nothing is served; a page from another host name is refused', async () => {
    const base = dashboard.url.replace(`${TOKEN}/`, '');
    assert.equal((await fetch(`${base}api/view`)).status, 401);
    assert.equal((await fetch(`${dashboard.url}api/view?range=all`)).status, 200);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${dashboard.url}api/view`, { headers: { Host: `evil.example:${dashboard.port}` } });
      request.on('response', (response) => resolve(response.statusCode ?? 0)).on('error', reject);
      request.end();
    });
    assert.equal(status, 403);
  });

  it("the totals on the page equal the store's, report's and the bill; screenshot saved", async () => {
    await page.goto(`${dashboard.url}?range=all`);
    await page.locator('body[data-state="ready"]').waitFor();
    const total = byTask.total;
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...env.catalogJson, ledger: { path: 'ledger.db' } }));
    const report = JSON.parse(
      await runReport({ source: 'store', config, since: 'all', by: 'task', kind: 'all', format: 'json', limit: 1000 }),
    ) as { total: { costMicroUsd: number; requests: number; baselineMicroUsd: number } };
    assert.equal(report.total.costMicroUsd, total.costMicroUsd);

    const spend = await moneyOf(page, '[data-kpi="spend"] .value .money');
    assert.equal(spend.micro, total.costMicroUsd, 'the exact amount behind the figure');
    assert.equal(spend.micro, env.provider.bill().chatMicroUsd);
    assertShows(spend);
    assert.equal(await page.locator('[data-kpi="requests"] .value').innerText(), String(report.total.requests));
    const saved = await moneyOf(page, '[data-kpi="savings"] .value .money');
    assert.equal(saved.micro, report.total.baselineMicroUsd - report.total.costMicroUsd);
    assertShows(saved);
    assert.equal((await moneyOf(page, '[data-kpi="cost-per-valid"] .value .money')).micro, total.costPerValidMicroUsd);
    assert.equal(
      (await moneyOf(page, '[data-kpi="cost-per-correct"] .value .money')).micro,
      total.costPerCorrectMicroUsd,
    );
    assert.match(await page.locator('[data-kpi="cost-per-correct"] .note').innerText(), /^2 correct of 3 labelled$/);
    assert.equal(
      await page.locator('[data-kpi="escalation"] .value').innerText(),
      `${((total.escalated / total.requests) * 100).toFixed(1)}%`,
    );
    const task = await moneyOf(page, '#by-task li[data-key="extract"] .money');
    assert.equal(task.micro, byTask.groups.find((group) => group.key === 'extract')!.costMicroUsd);
    await page.screenshot({ path: testOutputPath('dashboard.png') });
    await page.screenshot({ path: testOutputPath('dashboard-full.png'), fullPage: true });
    console.log(`screenshots of the dashboard: ${testOutputPath('dashboard.png')}, dashboard-full.png`);
  });

  it('breakdowns by model (first view) and by tier and session (loaded on demand) equal report --by', async () => {
    for (const by of ['model', 'tier', 'session'] as const) {
      if (by !== 'model') await page.locator(`#tabs button[data-tab="${by}"]`).click();
      const rows = page.locator(`table[data-group="${by}"] tbody tr`);
      await rows.first().waitFor();
      const expected = (await store.report({ by })).groups;
      assert.equal(await rows.count(), expected.length, by);
      for (const group of expected) {
        const row = page.locator(`table[data-group="${by}"] tr[data-key="${group.key}"]`);
        assert.equal((await moneyOf(row, 'td.spend .money')).micro, group.costMicroUsd, `${by} ${group.key}`);
        assert.equal(await row.locator('td').nth(2).innerText(), String(group.requests), `${by} ${group.key}`);
      }
    }
    assert.equal(await page.locator('table[data-group="session"] tr[data-key="sess-dash"] td').nth(2).innerText(), '2');
  });

  it('budgets: the key with its limits and what is left', async () => {
    const rows = page.locator('#budgets tbody tr');
    assert.equal(await rows.count(), 2);
    assert.equal(
      (await moneyOf(page.locator('#budgets tr[data-key="team-a:day"]'), 'td:nth-child(5) .money')).micro,
      5_000_000,
    );
  });

  it("the dearest request and the failure link to their runs in the Temporal Web UI; a workflow's full ledger", async () => {
    const [dearest] = await store.topRequests({ limit: 1 });
    const first = page.locator('#top tbody tr').first();
    assert.equal(await first.getAttribute('data-workflow-id'), dearest!.context.workflowId);
    const link = `${uiUrl}/namespaces/default/workflows/${encodeURIComponent(dearest!.context.workflowId)}/${dearest!.context.runId}/history`;
    assert.equal(await first.locator('a.temporal').getAttribute('href'), link);
    const failure = page.locator(`#failures tr[data-workflow-id="${failedWorkflowId}"]`);
    assert.equal(await failure.locator('.badge').innerText(), 'BudgetExceededError');

    await failure.locator('button.link').click();
    await page.locator('#drawer-body table.ledger').first().waitFor();
    const [request] = await store.requestLedger(failedWorkflowId);
    assert.equal(await page.locator('#drawer-body table.ledger tbody tr').count(), request!.attempts.length);
    assert.equal(
      Number(await page.locator('#drawer-body .ledger-total').getAttribute('data-micro-usd')),
      request!.costMicroUsd,
    );
    await page.screenshot({ path: testOutputPath('dashboard-ledger.png') });
    await page.locator('#drawer-close').click();

    // The link leads to the run in the real Web UI.
    const ui = await browser.context.newPage();
    try {
      ui.setDefaultTimeout(UI_TIMEOUT_MS);
      await ui.goto(link);
      await ui.getByText(dearest!.context.workflowId, { exact: true }).first().waitFor();
    } finally {
      await ui.close();
    }
  });

  it('a filter on the task and a bad range keep the page readable', async () => {
    await page.goto(`${dashboard.url}?range=all&task=extract`);
    await page.locator('body[data-state="ready"]').waitFor();
    assert.equal((await moneyOf(page, '[data-kpi="spend"] .value .money')).micro, byTask.total.costMicroUsd);
    await page.goto(`${dashboard.url}?range=fortnight`);
    await page.locator('body[data-state="error"]').waitFor();
    assert.match(await page.locator('#error').innerText(), /range "fortnight": one of 1h, 6h, 24h/);
  });
});

interface Shown {
  micro: number;
  text: string;
}

async function moneyOf(scope: Page | ReturnType<Page['locator']>, selector: string): Promise<Shown> {
  const figure = scope.locator(selector).first();
  return { micro: Number(await figure.getAttribute('data-micro-usd')), text: await figure.innerText() };
}

/** The text is the amount in dollars, rounded to the digits it shows. */
function assertShows(shown: Shown): void {
  const match = /^(−?)\$([\d,]+)(?:\.(\d+))?$/.exec(shown.text);
  assert.ok(match, `a dollar amount: ${shown.text}`);
  const digits = match[3]?.length ?? 0;
  const value = Number(`${match[2]!.replace(/,/g, '')}.${match[3] ?? '0'}`) * (match[1] ? -1 : 1);
  assert.ok(
    Math.abs(value - shown.micro / 1e6) <= 0.5 * 10 ** -digits + 1e-12,
    `${shown.text} shows ${shown.micro} µ$`,
  );
  assert.ok(digits >= 2, `at least cents: ${shown.text}`);
}
