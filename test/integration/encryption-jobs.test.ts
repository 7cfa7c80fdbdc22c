// Integration tests — the canaries of the encryption test, for the other kinds of work: a multi-step pipeline
// (cascade() steps in a user's workflow) and an agent job with a tool, both with encryption on. The key and the
// document text appear nowhere in clear: not in history, memo, search attributes, summaries, nor in the worker log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import { parseCatalog } from '../../catalog/node/parse';
import type { Catalog } from '../../catalog/types';
import { startAgent } from '../../client/agent-client';
import { cascadeDataConverter } from '../../codec/data-converter';
import type { EncryptionOptions } from '../../codec/keys';
import { pipelineCatalog } from '../../examples/support-triage/catalog';
import type { supportTriageWorkflow } from '../../examples/support-triage/pipeline';
import { PIPELINE_WORKFLOWS_PATH } from '../../examples/support-triage/worker';
import { startFakeProvider, type FakeCallContext, type FakeProvider, type FakeReply } from '../../sim/fake-provider';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import { findFreePorts } from '../../server/free-port';
import { installRuntime } from '../../worker/runtime';
import { assertWorkflowHoldsNoPlaintext } from '../helpers/encrypted-history';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

// The worker log of this process and its Prometheus endpoint, searched for the canaries too.
const workerLog: string[] = [];
let metricsPort: number;

const KEY_CANARY = 'zz-canary-JOBS-44RR19';
const DOC_CANARY = 'DOCCANARY-JOBS-7731';
const KEY_ENV = 'ENC_JOBS_PROVIDER_KEY';
Object.assign(process.env, { ENC_JOBS_KEY: randomBytes(32).toString('base64'), [KEY_ENV]: KEY_CANARY });
const encryption: EncryptionOptions = { keys: [{ id: 'jobs', env: 'ENC_JOBS_KEY' }] };
const canaries = [KEY_CANARY, DOC_CANARY];

/** The pipeline's answers by schema name; the extracted invoice number is the document canary. */
const PIPELINE_ANSWERS: Record<string, unknown> = {
  classification: { kind: 'billing', urgency: 'high' },
  billing_fields: { invoiceNumber: DOC_CANARY, amount: 480, currency: 'EUR' },
  reply: { subject: 'Your refund', body: `We refunded ${DOC_CANARY}.` },
  summary: { summary: `Duplicate charge on ${DOC_CANARY} refunded.` },
};

function schemaName(ctx: FakeCallContext): string {
  const body = ctx.body as { response_format?: { json_schema?: { name?: string } } } | null;
  return String(body?.response_format?.json_schema?.name ?? '');
}

const content = (value: unknown): FakeReply => ({ kind: 'content', content: value });

function catalogOf(baseURL: string): Catalog {
  const model = {
    contextWindow: 32_000,
    maxOutputTokens: 1_000,
    prices: [{ inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://example.test', effectiveFrom: '2025-01-01' }],
  };
  const json = pipelineCatalog({
    providers: { p: { baseURL, apiKeyEnv: KEY_ENV, structuredOutput: 'json_schema' } },
    models: { 'p/pipe': model, 'p/agent': model },
    routes: {
      extract: { tiers: [{ name: 'economy', candidates: ['p/pipe'] }] },
      agent: { tiers: [{ name: 'economy', candidates: ['p/agent'] }] },
    },
    tierDefaults: { triesPerCandidate: 1, timeoutMs: 5_000, maxRetryAfterMs: 5_000, repairAttempts: 0 },
  });
  return parseCatalog(json, 'encryption jobs catalog');
}

const Owed = z.object({ invoice: z.string(), owed: z.number() });

describe('encryption end to end: pipelines and agent jobs', () => {
  let provider: FakeProvider;
  let temporal: TestClient;
  let catalog: Catalog;
  let client: Client;
  const toolCalls: unknown[] = [];
  const lookup = tool({
    name: 'lookup_invoice',
    description: 'The amount owed on an invoice',
    input: z.object({ vendor: z.string() }),
    run: ({ vendor }) => {
      toolCalls.push(vendor);
      return { vendor, invoice: DOC_CANARY, owed: 480 };
    },
  });

  before(async () => {
    // The runtime goes in before any connection of this process.
    [metricsPort] = (await findFreePorts(1)) as [number];
    installRuntime({ write: (line) => workerLog.push(line), metricsPort });
    let agentStep = 0;
    provider = await startFakeProvider({
      models: {
        pipe: (ctx) => {
          const answer = PIPELINE_ANSWERS[schemaName(ctx)];
          return answer === undefined ? { kind: 'error', status: 400, message: 'no answer' } : content(answer);
        },
        // Step 1 calls the tool; step 2 answers with what the tool returned (the canary).
        agent: () =>
          ++agentStep === 1
            ? content({ action: 'call_tools', calls: [{ tool: 'lookup_invoice', arguments: { vendor: 'Acme' } }] })
            : content({ action: 'final', answer: { invoice: DOC_CANARY, owed: 480 } }),
      },
    });
    catalog = catalogOf(provider.baseURL);
    temporal = await connectClient();
    client = new Client({
      connection: temporal.connection,
      namespace: temporal.namespace,
      dataConverter: cascadeDataConverter(encryption),
    });
  });
  after(async () => {
    await temporal?.close();
    await provider?.close();
  });

  it("a pipeline: the user's workflow, its steps and their ledgers hold only ciphertext", async () => {
    const taskQueue = uniqueTaskQueue('enc-pipeline');
    // The user's own workflowsPath: the worker bundles it with the plugin's failure converter and interceptors.
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowsPath: PIPELINE_WORKFLOWS_PATH,
      plugins: [new CascadePlugin({ catalog, encryption })],
    });
    const workflowId = `enc-pipeline-${Date.now()}`;
    const result = await worker.runUntil(
      client.workflow.execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
        taskQueue,
        workflowId,
        args: [{ email: `Invoice ${DOC_CANARY} charged twice, please refund. ${KEY_CANARY}`, maxCostUsd: 0.05 }],
      }),
    );
    assert.equal(
      (result.fields as { invoiceNumber?: string }).invoiceNumber,
      DOC_CANARY,
      'the client with the keys reads the result',
    );
    assert.equal(result.steps.length, 4);
    await assertWorkflowHoldsNoPlaintext(workflowId, canaries);
    await assertLogClean();
  });

  it('an agent job: its steps, the tool call and its result hold only ciphertext', async () => {
    const taskQueue = uniqueTaskQueue('enc-agent');
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle({ encodeFailures: true }),
      plugins: [new CascadePlugin({ catalog, encryption, tools: [lookup] })],
    });
    const result = await worker.runUntil(async () => {
      const handle = await startAgent(
        client,
        {
          agent: {
            name: 'owed',
            instructions: 'You find what we owe.',
            tools: ['lookup_invoice'],
            task: 'agent',
            finalSchema: Owed,
          },
          goal: `What do we owe Acme for ${DOC_CANARY}?`,
        },
        { taskQueue },
      );
      return { ...(await handle.result()), workflowId: handle.workflowId };
    });
    assert.equal(result.ending, 'done');
    assert.deepEqual(result.answer, { invoice: DOC_CANARY, owed: 480 });
    assert.deepEqual(toolCalls, ['Acme']);
    await assertWorkflowHoldsNoPlaintext(result.workflowId, canaries);
    await assertLogClean();
  });
});

async function assertLogClean(): Promise<void> {
  const log = workerLog.join('');
  assert.ok(log.includes('llm_attempt'), 'the worker logged its attempts');
  for (const canary of canaries) assert.ok(!log.includes(canary), `${canary} in the worker log`);
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  assert.match(metrics, /llm_cascade_attempts/);
  for (const canary of canaries) assert.ok(!metrics.includes(canary), `${canary} in the metrics`);
}
