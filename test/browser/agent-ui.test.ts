// Browser tests — the real Temporal Web UI in Debian's chromium (playwright-core) shows an agent job waiting for approval
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import type { AgentHandle } from '../../client/agent-client';
import type { DevServer } from '../../server/dev-server';
import type { FakeCallContext } from '../../sim/fake-provider';
import type { AgentStatus } from '../../workflows/agent/definitions';
import { ensureChromium, launchBrowser, serverWithUi, testOutputPath } from '../helpers/browser';
import { startAgentEnv, type AgentEnv } from '../helpers/agent-env';

const UI_TIMEOUT_MS = 60_000;
const SCREENSHOT = testOutputPath('ui-agent-waiting-for-approval.png');
/** The visibility query that lists "agent jobs waiting for approval" (search attributes are never encrypted). */
const WAITING = `LlmTask = "agent:payables" AND LlmOutcome = "waiting_approval"`;

describe('Temporal Web UI: an agent job waiting for approval', () => {
  let ownServer: DevServer | undefined;
  let uiUrl: string;
  let env: AgentEnv;
  let job: AgentHandle;
  let status: AgentStatus;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  before(async () => {
    ensureChromium();
    ({ uiUrl, ownServer } = await serverWithUi());
    const pay = tool({
      name: 'pay',
      description: 'Pays a vendor (a person approves)',
      input: z.object({ vendor: z.string(), amount: z.number() }),
      run: () => ({ paid: true }),
    });
    const model = (ctx: FakeCallContext) =>
      ctx.callIndex === 0
        ? {
            kind: 'content' as const,
            content: { action: 'call_tools', calls: [{ tool: 'pay', arguments: { vendor: 'Acme', amount: 1200 } }] },
          }
        : { kind: 'content' as const, content: { action: 'final', answer: { paid: ['Acme'] } } };
    env = await startAgentEnv({
      name: 'ui-agent',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: model }]]],
      tools: [pay],
    });
    job = await env.start({
      agent: {
        name: 'payables',
        instructions: 'Pay what we owe.',
        tools: ['pay'],
        task: 'agent',
        finalSchema: { type: 'object', properties: { paid: { type: 'array', items: { type: 'string' } } } },
        approval: { tools: ['pay'] },
      },
      goal: 'Pay Acme',
    });
    const until = Date.now() + 30_000;
    for (;;) {
      status = await job.status();
      if (status.state === 'waiting_approval') break;
      if (Date.now() > until) throw new Error(`never waited for approval: ${JSON.stringify(status)}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });
  after(async () => {
    await browser?.close();
    await job?.approve().catch(() => undefined);
    await job?.result().catch(() => undefined);
    await env?.close();
    await ownServer?.stop();
  });

  it('a visibility query lists the job among "agent jobs waiting for approval"', async () => {
    const until = Date.now() + 20_000;
    let ids: string[] = [];
    while (!ids.includes(job.workflowId) && Date.now() < until) {
      ids = [];
      for await (const run of env.temporal.client.workflow.list({ query: WAITING })) ids.push(run.workflowId);
      if (!ids.includes(job.workflowId)) await new Promise((done) => setTimeout(done, 300));
    }
    assert.ok(ids.includes(job.workflowId), `${WAITING} listed ${ids.join(', ')}`);
  });

  it('the UI lists it with the same query', async () => {
    await page.goto(`${uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(WAITING)}`);
    await page.getByText(job.workflowId).first().waitFor();
  });

  it('Current Details shows the pending call and the cost so far; screenshot saved', async () => {
    await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(job.workflowId)}`);
    await page.getByText(job.workflowId, { exact: true }).first().waitFor();
    await page.getByRole('tab', { name: 'User Metadata' }).first().click();
    const details = page.frameLocator('iframe#user-metadata-current-details');
    await details.getByText('Agent payables: waiting for approval').waitFor();
    // Arguments and the transcript are code spans: the UI's markdown turns straight quotes curly everywhere else.
    await details.getByText('pay(vendor="Acme", amount=1200)').first().waitFor();
    const shown = await details.locator('body').innerText();
    assert.doesNotMatch(shown, /[“”]/, 'no curly-quoted JSON');
    assert.doesNotMatch(shown, /\\n/, 'no literal \\n');
    assert.match(shown, /"action":"call_tools"/);
    // Every line of the panel inside it at this width (a long code span must wrap, not run off the edge).
    const frame = (await page.locator('iframe#user-metadata-current-details').boundingBox())!;
    for (const box of await details
      .locator('code')
      .evaluateAll((codes) => codes.map((code) => code.getBoundingClientRect().right)))
      assert.ok(box <= frame.width + 1, `a code span ends at ${box} px, past the panel's ${frame.width} px`);
    await details.getByText(`s1c1`).first().waitFor();
    assert.ok(status.costUsd > 0);
    await details.getByText(`cost $${status.costUsd.toFixed(6)}`, { exact: false }).waitFor();
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot of an agent job waiting for approval in the Temporal UI: ${SCREENSHOT}`);
  });
});
