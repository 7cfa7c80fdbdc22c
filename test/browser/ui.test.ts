// Browser tests — the real Temporal Web UI in Debian's chromium (playwright-core) shows an escalated run: summaries, ledger, cost
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startBatch } from '../../client/batch-client';
import { z } from 'zod';
import type { DevServer } from '../../server/dev-server';
import type { CascadeResult } from '../../workflows/definitions';
import { memoAttempt } from '../../workflows/job/memo';
import { ensureChromium, launchBrowser, serverWithUi, testOutputPath } from '../helpers/browser';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
/** The UI loads data after the page shell, over a loaded 2-core CI box: wait generously, never sleep. */
const UI_TIMEOUT_MS = 60_000;
const SCREENSHOT = testOutputPath('ui-escalated-run.png');

const SUMMARIES = [
  'economy: cheap/eco-1, first try',
  'standard: down/std-down, escalation after schema_violation on cheap/eco-1',
  'standard: up/std-up, failover after provider_error 503 on down/std-down',
];

describe('Temporal Web UI: an escalated, failed-over cascade', () => {
  let ownServer: DevServer | undefined;
  let uiUrl: string;
  let env: CascadeEnv;
  let result: CascadeResult;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  before(async () => {
    // Install the browser first (apt, when it is missing): a machine without one fails here, before anything runs.
    ensureChromium();
    ({ uiUrl, ownServer } = await serverWithUi());
    // The worker keeps running while the browser looks: the UI answers current details with a query.
    env = await startCascadeEnv({
      name: 'ui-browser',
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [
            {
              ref: 'cheap/eco-1',
              behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 'lots' } },
              inputUsdPerMTok: 0.1,
              outputUsdPerMTok: 0.4,
            },
          ],
        ],
        [
          'standard',
          [
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            {
              ref: 'up/std-up',
              behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 120.5 } },
              inputUsdPerMTok: 0.5,
              outputUsdPerMTok: 1.5,
            },
          ],
        ],
        [
          'premium',
          [{ ref: 'top/prem-1', behavior: { kind: 'content', content: {} }, inputUsdPerMTok: 5, outputUsdPerMTok: 15 }],
        ],
      ],
    });
    result = await env.run({
      schema: Invoice,
      schemaName: 'Invoice',
      input: 'Invoice INV-7, total 120.50 EUR',
      metadata: { sessionId: 'sess-browser' },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });
  let workerStopped = false;
  after(async () => {
    await browser?.close();
    if (!workerStopped) await env?.close();
    await ownServer?.stop();
  });

  it('the run escalated and failed over', () => {
    assert.deepEqual(
      result.attempts.map((a) => a.reason),
      ['first', 'escalation', 'failover'],
    );
  });

  it('the run page shows every attempt summary in the timeline', async () => {
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(result.workflowId)}`);
    await page.getByText(result.workflowId, { exact: true }).first().waitFor();
    for (const summary of SUMMARIES) {
      await page.getByText(summary).first().waitFor({ state: 'visible' });
    }
  });

  it('User Metadata shows the static summary and the ledger (current details); screenshot saved', async () => {
    await tab(page, 'User Metadata');
    // The UI renders each markdown field in its own iframe.
    const summary = page.frameLocator('iframe#user-metadata-summary');
    // The client sends the request, not a route: the summary names the task and schema; the worker's planned route
    // is in Current Details with the ledger.
    await summary.getByText('extract → Invoice').waitFor();
    const details = page.frameLocator('iframe#user-metadata-current-details');
    await details.getByText('economy').first().waitFor();
    await details.getByText(`done: 3 attempts, 2 billed, total $${result.totals.costUsd.toFixed(6)}`).waitFor();
    // Two narrow tables keyed by the attempt's number: what happened, then tokens, cost and latency.
    for (const [index, attempt] of result.attempts.entries()) {
      const row = details.getByRole('row').filter({ hasText: attempt.ref });
      await row.getByText(attempt.reason, { exact: true }).waitFor();
      assert.equal((await row.getByRole('cell').first().innerText()).trim(), String(index + 1));
      const costRow = details.getByRole('row').filter({ hasText: `$${attempt.costUsd.toFixed(6)}` });
      assert.equal((await costRow.getByRole('cell').first().innerText()).trim(), String(index + 1));
    }
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot of the escalated run's ledger in the Temporal UI: ${SCREENSHOT}`);
  });

  it('at 1400 px wide every column of the ledger is inside Current Details (none clipped)', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.reload();
    const frame = page.locator('iframe#user-metadata-current-details');
    const details = page.frameLocator('iframe#user-metadata-current-details');
    await details.getByText('economy').first().waitFor();
    const headers = details.getByRole('columnheader');
    const names = (await headers.allInnerTexts()).map((text) => text.trim());
    for (const column of ['tier', 'model', 'outcome', 'cost', 'ms'])
      assert.ok(names.includes(column), names.join(', '));
    const box = (await frame.boundingBox())!;
    for (let i = 0; i < names.length; i++) {
      const cell = (await headers.nth(i).boundingBox())!;
      assert.ok(
        cell.x + cell.width <= box.x + box.width + 1,
        `column "${names[i]}" ends at ${cell.x + cell.width} px, past the panel's ${box.x + box.width} px`,
      );
    }
    await page.screenshot({ path: testOutputPath('ui-escalated-run-1400.png') });
  });

  it('Search Attributes shows the cost, equal to the ledger total', async () => {
    await tab(page, 'Search Attributes');
    await page.getByText(`"LlmCostUsd": ${result.totals.costUsd}`).first().waitFor();
    await page.getByText('"LlmModel": "up/std-up"').first().waitFor();
    await page.getByText('"LlmAttempts": 3').first().waitFor();
  });

  it("a batch's progress in Current Details is a table; its timeline names each item's attempts", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ui-batch-'));
    const input = join(dir, 'items.jsonl');
    writeFileSync(
      input,
      ['Invoice INV-1, total 10 EUR', 'Invoice INV-2, total 20 EUR']
        .map((text, i) => JSON.stringify({ id: `doc-${i}`, text }))
        .join('\n'),
    );
    const batch = await startBatch(
      env.temporal.client,
      { task: 'extract', schema: Invoice, input, output: join(dir, 'out.jsonl'), batchId: `ui-batch-${Date.now()}` },
      { taskQueue: env.taskQueue },
    );
    const report = await batch.result();
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(batch.workflowId)}`);
    await page.getByText(batch.workflowId, { exact: true }).first().waitFor();
    await tab(page, 'User Metadata');
    await page.screenshot({ path: testOutputPath('ui-batch.png') });
    const details = page.frameLocator('iframe#user-metadata-current-details');
    const headers = details.getByRole('columnheader');
    await headers.first().waitFor();
    const names = (await headers.allInnerTexts()).map((text) => text.trim());
    assert.deepEqual(names.slice(0, 5), ['ok', 'failed', 'retrying', 'in flight', 'left']);
    const cells = (await details.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).map((t) => t.trim());
    assert.equal(cells[0], String(report.ok));
    assert.equal(cells[1], String(report.failed));
    await page.screenshot({ path: testOutputPath('ui-batch.png') });
    // The items ran inline: the batch's timeline shows each one's attempts, each summary naming its item.
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(batch.workflowId)}`);
    for (const id of ['doc-0', 'doc-1']) {
      await page.getByText(`item ${id}: economy: cheap/eco-1, first try`).first().waitFor({ state: 'visible' });
    }
  });

  it("with no worker running, a finished run's Memo tab still shows its ledger at 1400 px", async () => {
    // Current Details is a query a worker answers; the memo is stored by the server (names and numbers only).
    workerStopped = true;
    await env.close();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(result.workflowId)}`);
    await tab(page, 'Memo');
    const total = `$${result.totals.costUsd.toFixed(6)} over 3 attempts (2 billed)`;
    await page.getByText(`"total": "${total}"`).first().waitFor();
    await page.getByText(`"costMicroUsd": ${result.totals.costMicroUsd}`).first().waitFor();
    for (const attempt of result.attempts) await page.getByText(memoAttempt(attempt)).first().waitFor();
    await page.screenshot({ path: testOutputPath('ui-memo-no-worker.png') });
  });
});

/** Opens a tab of the workflow page and waits for its URL. */
async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).first().click();
  await page.waitForURL(new RegExp(`/${name.toLowerCase().replace(/ /g, '-')}`));
}
