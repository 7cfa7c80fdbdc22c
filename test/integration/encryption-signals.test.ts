// Integration tests — with a codec configured, the signals, updates and queries of every other kind of work carry
// ciphertext: a batch's pause/resume/cancel and progress query, a gateway key's budget updates and spend query.
// Raw histories are searched for canaries; a client without the keys cannot read the query answers. Real dev server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { parseCatalog } from '../../catalog/node/parse';
import { startBatch } from '../../client/batch-client';
import { cascadeDataConverter } from '../../codec/data-converter';
import type { EncryptionOptions } from '../../codec/keys';
import { KeyBudgets, keyWorkflowId } from '../../gateway/key-budgets';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { workflowBundle } from '../../worker/bundle';
import { keySpendQuery } from '../../workflows/gateway/definitions';
import { CascadePlugin } from '../../worker/plugin';
import { tempFiles } from '../helpers/cli';
import { assertWorkflowHoldsNoPlaintext, b64, payloadsIn, temporalJson } from '../helpers/encrypted-history';
import { quietRuntime } from '../helpers/quiet-runtime';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const KEY_ENV = 'ENC_SIGNALS_PROVIDER_KEY';
const KEY_CANARY = 'zz-canary-SIGNALS-71QA';
const DOC_CANARY = 'DOCCANARY-SIGNALS-4409';
const REASON_CANARY = 'REASONCANARY-1180';
const REQUEST_CANARY = 'REQUESTCANARY-2931';
Object.assign(process.env, { ENC_SIGNALS_KEY: randomBytes(32).toString('base64'), [KEY_ENV]: KEY_CANARY });
const encryption: EncryptionOptions = { keys: [{ id: 's1', env: 'ENC_SIGNALS_KEY' }] };

/** The events of a raw history whose attributes carry what a client sent: signals and updates. */
async function sentPayloads(workflowId: string, attributes: string[]) {
  const history = JSON.parse(await temporalJson(['workflow', 'show', '--workflow-id', workflowId])) as {
    events: Record<string, unknown>[];
  };
  const events = history.events.filter((event) => attributes.some((name) => event[name]));
  return { events, payloads: events.flatMap((event) => payloadsIn(event)) };
}

describe('encrypted signals, updates and queries of batches and gateway keys', () => {
  let provider: FakeProvider;
  let temporal: TestClient;
  let client: Client;
  let plain: Client;
  let catalog: ReturnType<typeof parseCatalog>;
  const taskQueue = uniqueTaskQueue('enc-signals');
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    quietRuntime();
    // Each item's answer takes a moment, so the batch is still running while it is paused and cancelled.
    provider = await startFakeProvider({
      models: { slow: () => ({ kind: 'content', content: { title: DOC_CANARY }, delayMs: 1_500 }) },
    });
    const model = {
      contextWindow: 32_000,
      maxOutputTokens: 500,
      prices: [
        { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://example.test', effectiveFrom: '2025-01-01' },
      ],
    };
    catalog = parseCatalog(
      {
        providers: { p: { baseURL: provider.baseURL, apiKeyEnv: KEY_ENV, structuredOutput: 'json_schema' } },
        models: { 'p/slow': model },
        routes: { extract: { tiers: [{ name: 'economy', candidates: ['p/slow'] }] } },
        tierDefaults: { triesPerCandidate: 1, timeoutMs: 10_000, maxRetryAfterMs: 5_000, repairAttempts: 0 },
      },
      'encrypted signals catalog',
    );
    temporal = await connectClient();
    client = new Client({
      connection: temporal.connection,
      namespace: temporal.namespace,
      dataConverter: cascadeDataConverter(encryption),
    });
    plain = temporal.client;
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle({ encodeFailures: true }),
      plugins: [new CascadePlugin({ catalog, encryption })],
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await temporal?.close();
    await provider?.close();
  });

  it("a batch's pause, resume and cancel signals and its progress query carry ciphertext only", async () => {
    const items = Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `item-${i}`, text: `Title ${DOC_CANARY}` }));
    const files = tempFiles({ 'items.jsonl': items.join('\n') });
    const batch = await startBatch(
      client,
      {
        task: 'extract',
        schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
        input: files['items.jsonl']!,
        output: join(files.dir, 'out.jsonl'),
        concurrency: 1,
      },
      { taskQueue },
    );
    await batch.pause();
    for (let i = 0; i < 100 && (await batch.progress()).phase !== 'paused'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal((await batch.progress()).phase, 'paused');
    // The progress answer is encoded by the worker: a client without the keys cannot read it, and says why.
    await assert.rejects(
      plain.workflow.getHandle(batch.workflowId).query('progress'),
      /Unknown encoding: binary\/encrypted/,
    );
    await batch.resume();
    await batch.cancel(`stop now ${REASON_CANARY}`);
    const report = await batch.result();
    assert.equal(report.status, 'cancelled');
    assert.match(report.stopReason ?? '', new RegExp(REASON_CANARY), 'the client with the keys reads the reason');

    await assertWorkflowHoldsNoPlaintext(batch.workflowId, [KEY_CANARY, DOC_CANARY, REASON_CANARY]);
    const { events, payloads } = await sentPayloads(batch.workflowId, ['workflowExecutionSignaledEventAttributes']);
    assert.equal(events.length, 3, 'pause, resume, cancel');
    assert.ok(payloads.length >= 1, 'the cancel carries its reason');
    for (const payload of payloads) assert.equal(b64(payload.metadata?.encoding), 'binary/encrypted', payload.path);
  });

  it("a gateway key's budget updates and spend query carry ciphertext only", async () => {
    const key = { id: `enc-${Date.now()}`, sha256: '0'.repeat(64), budget: { dailyUsd: 1 }, maxRequestUsd: 0.01 };
    const budgets = new KeyBudgets(client, { taskQueue, defaultMaxRequestUsd: 1 });
    const requestId = `chatcmpl-${REQUEST_CANARY}`;
    assert.deepEqual(await budgets.reserve(key, requestId), {
      kind: 'granted',
      grantMicroUsd: 10_000,
      existing: false,
    });
    await budgets.settle(key, requestId, 2_500);
    assert.equal((await budgets.spend(key.id))?.dayMicroUsd, 2_500);
    const workflowId = keyWorkflowId(key.id);
    // The spend answer is encoded by the worker: unreadable without the keys.
    await assert.rejects(
      plain.workflow.getHandle(workflowId).query(keySpendQuery),
      /Unknown encoding: binary\/encrypted/,
    );

    await assertWorkflowHoldsNoPlaintext(workflowId, [REQUEST_CANARY]);
    const { events, payloads } = await sentPayloads(workflowId, [
      'workflowExecutionUpdateAcceptedEventAttributes',
      'workflowExecutionUpdateCompletedEventAttributes',
    ]);
    assert.ok(events.length >= 2, `${events.length} update events`);
    assert.ok(payloads.length >= 2, `${payloads.length} update payloads`);
    for (const payload of payloads) assert.equal(b64(payload.metadata?.encoding), 'binary/encrypted', payload.path);
  });
});
