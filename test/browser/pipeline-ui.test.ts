// Browser tests — the real Temporal Web UI in Debian's chromium shows a multi-step pipeline (cascade() steps in an
// ordinary workflow): each step's attempt summaries in the timeline, the job's step table and ledger in Current
// Details, and the job's cost as a search attribute equal to the ledger's total.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { parseCatalog } from '../../catalog/node/parse';
import { pipelineCatalog } from '../../examples/support-triage/catalog';
import type { SupportTriageResult, supportTriageWorkflow } from '../../examples/support-triage/pipeline';
import { pipelineBundle } from '../helpers/bundles';
import type { DevServer } from '../../server/dev-server';
import { startFakeProvider, type FakeCallContext, type FakeProvider, type FakeReply } from '../../sim/fake-provider';
import { CascadePlugin } from '../../worker/plugin';
import { ledgerQuery, type AttemptRecord } from '../../workflows/definitions';
import { ensureChromium, launchBrowser, serverWithUi, testOutputPath } from '../helpers/browser';
import { testCatalogJson } from '../helpers/cascade-env';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const UI_TIMEOUT_MS = 60_000;
const SCREENSHOT = testOutputPath('ui-pipeline.png');

const ANSWERS: Record<string, unknown> = {
  classification: { kind: 'billing', urgency: 'high' },
  billing_fields: { invoiceNumber: 'INV-7', amount: 480, currency: 'EUR' },
  reply: { subject: 'Your refund', body: 'We have refunded the duplicate charge.' },
  summary: { summary: 'Duplicate charge on INV-7 refunded.' },
};

function answer(ctx: FakeCallContext): FakeReply {
  const body = ctx.body as { response_format?: { json_schema?: { name?: string } } } | null;
  const content = ANSWERS[String(body?.response_format?.json_schema?.name ?? '')];
  return content === undefined ? { kind: 'error', status: 400 } : { kind: 'content', content };
}

describe('Temporal Web UI: a multi-step pipeline', () => {
  let ownServer: DevServer | undefined;
  let uiUrl: string;
  let provider: FakeProvider;
  let temporal: TestClient;
  let worker: Worker;
  let running: Promise<void>;
  let workflowId: string;
  let result: SupportTriageResult;
  let ledger: AttemptRecord[];
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  before(async () => {
    ensureChromium();
    ({ uiUrl, ownServer } = await serverWithUi());
    provider = await startFakeProvider({ models: { eco: answer, std: answer } });
    const json = testCatalogJson(provider.baseURL, {
      name: 'pipeline-ui',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: answer }]],
        ['standard', [{ ref: 'b/std', behavior: answer, inputUsdPerMTok: 3, outputUsdPerMTok: 6 }]],
      ],
    });
    const catalog = parseCatalog(pipelineCatalog(json as { routes: Record<string, { tiers: unknown[] }> }), 'ui');
    temporal = await connectClient();
    const taskQueue = uniqueTaskQueue('pipeline-ui');
    // The worker keeps running while the browser looks: the UI answers current details with a query.
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await pipelineBundle(),
      plugins: [new CascadePlugin({ catalog })],
    });
    running = worker.run();
    workflowId = `pipeline-ui-${Date.now()}`;
    const handle = await temporal.client.workflow.start<typeof supportTriageWorkflow>('supportTriageWorkflow', {
      taskQueue,
      workflowId,
      args: [{ email: 'Invoice INV-7 charged EUR 480.00 twice, please refund the duplicate.', maxCostUsd: 0.05 }],
    });
    result = await handle.result();
    ledger = (await handle.query(ledgerQuery)).attempts;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });
  after(async () => {
    await browser?.close();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await temporal?.close();
    await provider?.close();
    await ownServer?.stop();
  });

  it('ran four steps, each a cascade of this workflow', () => {
    assert.deepEqual(
      result.steps.map((s) => s.step),
      ['classify', 'extract billing', 'draft reply', 'summary'],
    );
    assert.equal(ledger.length, 4);
  });

  it("the timeline shows every step's attempt summary", async () => {
    const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
    const summaries = (history.events ?? [])
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'callModel')
      .map((e) => e.userMetadata?.summary?.data)
      .map((data) => (data ? (JSON.parse(Buffer.from(data).toString('utf8')) as string) : ''));
    assert.equal(summaries.length, 4, 'one model call per step');
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
    await page.getByText(workflowId, { exact: true }).first().waitFor();
    for (const summary of summaries) {
      assert.ok(summary.length > 0, 'every model call has a summary');
      await page.getByText(summary).first().waitFor({ state: 'visible' });
    }
  });

  it('Current Details shows the step table with each step and the job total; screenshot saved', async () => {
    await tab(page, 'User Metadata');
    const details = page.frameLocator('iframe#user-metadata-current-details');
    const totalUsd = result.totalCostMicroUsd / 1_000_000;
    await details
      .getByText(`job total $${totalUsd.toFixed(6)}`, { exact: false })
      .first()
      .waitFor();
    for (const step of result.steps) {
      const row = details.getByRole('row').filter({ hasText: step.step }).first();
      await row
        .getByText(`$${(step.costMicroUsd / 1_000_000).toFixed(6)}`)
        .first()
        .waitFor();
    }
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the pipeline's steps in the Temporal UI: ${SCREENSHOT}`);
  });

  it('Search Attributes shows the job cost, equal to the sum of the steps', async () => {
    await tab(page, 'Search Attributes');
    const totalUsd = result.totalCostMicroUsd / 1_000_000;
    assert.equal(
      result.steps.reduce((sum, s) => sum + s.costMicroUsd, 0),
      result.totalCostMicroUsd,
    );
    await page.getByText(`"LlmCostUsd": ${totalUsd}`).first().waitFor();
    // The job is listed by its own name, not by its last step's task.
    await page.getByText('"LlmTask": "job:supportTriageWorkflow"').first().waitFor();
  });

  it("at 1400 px every column of the job's tables is inside Current Details; no name wraps mid-word", async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
    await tab(page, 'User Metadata');
    const details = page.frameLocator('iframe#user-metadata-current-details');
    await details.getByRole('columnheader').first().waitFor();
    // Measured once the panel has rendered its tables (before, the frame may have no box yet).
    const box = await page.locator('iframe#user-metadata-current-details').boundingBox();
    assert.ok(box, 'the Current Details panel is on the page');
    const frame = box;
    // Runs in the page: a cell that wraps is taller than its row's one-line cells (the header's height).
    const cells = await details.locator('th, td').evaluateAll((all) =>
      all.map((cell) => ({
        text: cell.textContent ?? '',
        right: cell.getBoundingClientRect().right,
        height: cell.getBoundingClientRect().height,
      })),
    );
    const oneLine = Math.min(...cells.map((cell) => cell.height));
    assert.ok(cells.length > 20, `${cells.length} cells`);
    for (const cell of cells) {
      assert.ok(cell.right <= frame.width + 1, `"${cell.text}" ends at ${cell.right} px, past ${frame.width} px`);
      assert.ok(
        cell.height < oneLine * 1.5,
        `"${cell.text}" wraps (${cell.height} px high, one line is ${oneLine} px)`,
      );
    }
    await page.screenshot({ path: testOutputPath('ui-pipeline-1400.png') });
  });
});

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).first().click();
  await page.waitForURL(new RegExp(`/${name.toLowerCase().replace(/ /g, '-')}`));
}
