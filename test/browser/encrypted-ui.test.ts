// Browser tests — `llm-cascade dev --encrypt`: the real Web UI (Debian's chromium) reads an encrypted run through the
// codec server; a UI without the codec endpoint shows the same run as ciphertext
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { parseCatalog } from '../../catalog/node/parse';
import { runCascade } from '../../client/cascade-client';
import { cascadeDataConverter } from '../../codec/data-converter';
import type { EncryptionOptions } from '../../codec/keys';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import { ensureChromium, launchBrowser, testOutputPath } from '../helpers/browser';
import { spawnCli, tempFiles } from '../helpers/cli';
import { quietRuntime } from '../helpers/quiet-runtime';
import { connectClient, getTestServer, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

quietRuntime();

const UI_TIMEOUT_MS = 60_000;
const DOC_CANARY = 'DOCCANARY-UI-4417';
const KEY_ENV = 'ENC_UI_TEST_KEY';
process.env[KEY_ENV] = randomBytes(32).toString('base64');
const encryption: EncryptionOptions = { keys: [{ id: 'ui-k1', env: KEY_ENV }] };
const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };

function catalogJson(baseURL: string, taskQueue: string) {
  return {
    temporal: { taskQueue },
    encryption,
    providers: { p: { baseURL, structuredOutput: 'json_schema' } },
    models: {
      'p/m': {
        contextWindow: 32_000,
        maxOutputTokens: 500,
        prices: [
          { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://example.test', effectiveFrom: '2025-01-01' },
        ],
      },
    },
    routes: { extract: { tiers: [{ name: 'economy', candidates: ['p/m'] }] } },
  };
}

/** Waits until the child printed `pattern` and returns the match. */
async function waitForOutput(child: ReturnType<typeof spawnCli>, pattern: RegExp, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(child.output());
    if (match) return match;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Temporal Web UI with `dev --encrypt`: decrypted through the codec server, ciphertext without it', () => {
  let provider: FakeProvider;
  let dev: ReturnType<typeof spawnCli>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let temporal: TestClient;

  before(async () => {
    ensureChromium();
    provider = await startFakeProvider({ models: { m: { kind: 'content', content: { title: DOC_CANARY } } } });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    temporal = await connectClient();
  });
  after(async () => {
    dev?.kill('SIGINT');
    await browser?.close();
    await temporal?.close();
    await provider?.close();
  });

  it('the dev UI shows the decrypted input and answer', async () => {
    const taskQueue = uniqueTaskQueue('enc-ui');
    const json = catalogJson(provider.baseURL, taskQueue);
    const files = tempFiles({ 'config.json': json });
    dev = spawnCli(['dev', '--encrypt', '--config', files['config.json']!]);
    const [, address] = await waitForOutput(dev, /Temporal dev server: (\S+)/);
    const [, uiUrl] = await waitForOutput(dev, /Web UI: (\S+)/);
    await waitForOutput(dev, /payloads encrypted; the UI decodes them through the codec server/);
    const connection = await Connection.connect({ address: address! });
    try {
      const client = new Client({ connection, dataConverter: cascadeDataConverter(encryption) });
      const catalog = parseCatalog({ providers: json.providers, models: json.models, routes: json.routes }, 'ui test');
      const result = await runCascade(
        client,
        { task: 'extract', schema, input: `Invoice title: ${DOC_CANARY}` },
        { catalog, taskQueue },
      );
      await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(result.workflowId)}`);
      await page.getByText(result.workflowId, { exact: true }).first().waitFor();
      await page.getByText(DOC_CANARY).first().waitFor({ state: 'visible' });
      const screenshot = testOutputPath('ui-encrypted-decoded.png');
      await page.screenshot({ path: screenshot });
      console.log(`screenshot of an encrypted run decoded by the codec server: ${screenshot}`);
    } finally {
      await connection.close();
    }
  });

  it('a UI without the codec endpoint shows the same kind of run as ciphertext', async () => {
    const { uiUrl } = await getTestServer();
    assert.ok(uiUrl, 'the test runner starts its dev server with a UI');
    const taskQueue = uniqueTaskQueue('enc-ui-plain');
    const catalog = parseCatalog(
      (({ providers, models, routes }) => ({ providers, models, routes }))(catalogJson(provider.baseURL, taskQueue)),
      'ui test',
    );
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle({ encodeFailures: true }),
      plugins: [new CascadePlugin({ catalog, encryption })],
    });
    const running = worker.run();
    try {
      const client = new Client({
        connection: temporal.connection,
        namespace: temporal.namespace,
        dataConverter: cascadeDataConverter(encryption),
      });
      const result = await runCascade(
        client,
        { task: 'extract', schema, input: `Invoice title: ${DOC_CANARY}` },
        { catalog, taskQueue },
      );
      await page.goto(`${uiUrl}/namespaces/${temporal.namespace}/workflows/${encodeURIComponent(result.workflowId)}`);
      await page.getByText(result.workflowId, { exact: true }).first().waitFor();
      // Input and result show as what the server holds: a base64 string of ciphertext.
      await page
        .getByText(/^\s*"[A-Za-z0-9+/]{200,}={0,2}"\s*$/)
        .first()
        .waitFor({ state: 'visible' });
      assert.equal(await page.getByText(DOC_CANARY).count(), 0, 'the document text is visible without the codec');
      await page.screenshot({ path: testOutputPath('ui-encrypted-ciphertext.png') });
    } finally {
      worker.shutdown();
      await running;
    }
  });
});
