// Integration tests — OpenTelemetry spans of inline cascades on the real dev server: a pipeline of four cascade()
// steps run by a tracing worker gives one `cascade <task>` span per step, under the job's RunWorkflow span and above
// its attempts' activity and chat spans, with the step's name and totals; a batch's inline items get one each too
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { parseCatalog } from '../../catalog/node/parse';
import { runBatch } from '../../client/batch-client';
import { pipelineCatalog } from '../../examples/support-triage/catalog';
import type { SupportTriageResult, supportTriageWorkflow } from '../../examples/support-triage/pipeline';
import { PIPELINE_WORKFLOWS_PATH } from '../../examples/support-triage/worker';
import { startFakeProvider, type FakeCallContext, type FakeProvider, type FakeReply } from '../../sim/fake-provider';
import { CascadePlugin } from '../../worker/plugin';
import { testCatalogJson } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { documentOfCall, request, writeItems } from './batch-env';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const EMAIL = 'Invoice INV-7 charged EUR 480.00 twice, please refund the duplicate. — Dana';
const ANSWERS: Record<string, unknown> = {
  classification: { kind: 'billing', urgency: 'high' },
  billing_fields: { invoiceNumber: 'INV-7', amount: 480, currency: 'EUR' },
  reply: { subject: 'Your refund', body: 'We have refunded the duplicate charge.' },
  summary: { summary: 'Duplicate charge on INV-7 refunded.' },
};

function answer(ctx: FakeCallContext): FakeReply {
  const body = ctx.body as { response_format?: { json_schema?: { name?: string } } } | null;
  const name = String(body?.response_format?.json_schema?.name ?? '');
  // A batch item's document (batch-env's items) is answered with its number.
  const item = /Document (\d+)/.exec(documentOfCall(ctx.body));
  const content = item ? { doc: `doc-${item[1]}`, n: Number(item[1]) } : ANSWERS[name];
  return content === undefined
    ? { kind: 'error', status: 400, message: `no answer for schema ${name}` }
    : { kind: 'content', content, usage: { promptTokens: 1_000, completionTokens: 100 } };
}

describe('OpenTelemetry spans of a pipeline’s inline cascade() steps', () => {
  let temporal: TestClient;
  let provider: FakeProvider;
  let receiver: OtlpReceiver;
  let result: SupportTriageResult;
  let trace: ReceivedSpan[];
  let batchSpans: ReceivedSpan[];
  let batchWorkflowId: string;

  before(async () => {
    temporal = await connectClient();
    provider = await startFakeProvider({ models: { eco: answer, std: answer } });
    receiver = await startOtlpReceiver();
    const json = testCatalogJson(provider.baseURL, {
      name: 'extract',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: answer }]],
        ['standard', [{ ref: 'b/std', behavior: answer }]],
      ],
    });
    const catalog = parseCatalog(pipelineCatalog(json as { routes: Record<string, { tiers: unknown[] }> }), 'steps');
    const telemetry = { otlpEndpoint: receiver.endpoint, serviceName: 'steps-worker' };
    const plugin = new CascadePlugin({ catalog, telemetry });
    const taskQueue = uniqueTaskQueue('tracing-steps');
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowsPath: PIPELINE_WORKFLOWS_PATH,
      plugins: [plugin],
    });
    const client = new Client({ connection: temporal.connection, namespace: temporal.namespace, plugins: [plugin] });
    const workflowId = `tracing-steps-${Date.now()}`;
    const dir = tempFiles({}).dir;
    const input = writeItems(dir, 3, () => 'ok');
    result = await worker.runUntil(async () => {
      const pipeline = await client.workflow.execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
        taskQueue,
        workflowId,
        args: [{ email: EMAIL, maxCostUsd: 0.05 }],
      });
      const batchId = `traced-${Date.now()}`;
      const report = await runBatch(client, request(input, `${dir}/out.jsonl`, { batchId }), { catalog, taskQueue });
      assert.equal(report.ok, 3);
      batchWorkflowId = `batch-${batchId}`;
      return pipeline;
    });
    await plugin.tracing!.flush();
    const ofWorkflow = (all: ReceivedSpan[], id: string) =>
      all.filter((span) => span.name.startsWith('cascade ') && span.attributes['llm_cascade.workflow_id'] === id);
    const spans = await receiver.waitFor(
      (all) => ofWorkflow(all, workflowId).length === 4 && ofWorkflow(all, batchWorkflowId).length === 3,
    );
    batchSpans = ofWorkflow(spans, batchWorkflowId);
    const traceId = spans.find((span) => span.attributes['llm_cascade.workflow_id'] === workflowId)!.traceId;
    trace = spans.filter((span) => span.traceId === traceId);
    await plugin.tracing!.shutdown();
  });
  after(async () => {
    await receiver?.close();
    await provider?.close();
    await temporal?.close();
  });

  const parentOf = (span: ReceivedSpan) => trace.find((candidate) => candidate.spanId === span.parentSpanId);

  it('one span per step, named by its task, children of the job’s RunWorkflow span, in the client’s trace', () => {
    const steps = trace.filter((span) => span.name.startsWith('cascade '));
    assert.deepEqual(
      steps
        .sort((a, b) => (a.startNanos < b.startNanos ? -1 : 1))
        .map((span) => [span.name, span.attributes['llm_cascade.step']]),
      [
        ['cascade classify', 'classify'],
        ['cascade extract', 'extract billing'],
        ['cascade draft', 'draft reply'],
        ['cascade summarize', 'summary'],
      ],
    );
    for (const step of steps) assert.equal(parentOf(step)?.name, 'RunWorkflow:supportTriageWorkflow');
    const root = trace.find((span) => span.name === 'StartWorkflow:supportTriageWorkflow');
    assert.ok(root, 'the client’s StartWorkflow span is in the trace');
  });

  it('each attempt’s chat span sits inside its step’s span; the step span carries the step’s totals', () => {
    const steps = trace.filter((span) => span.name.startsWith('cascade '));
    const chats = trace.filter((span) => span.name.startsWith('chat '));
    assert.equal(
      chats.length,
      result.steps.reduce((sum, step) => sum + step.attempts, 0),
    );
    for (const chat of chats) {
      let span: ReceivedSpan | undefined = chat;
      while (span && !span.name.startsWith('cascade ')) span = parentOf(span);
      assert.ok(span, `${chat.name} has a step span above it`);
      assert.equal(span.attributes['llm_cascade.step'], chat.attributes['llm_cascade.step']);
    }
    for (const stepCost of result.steps) {
      const span = steps.find((candidate) => candidate.attributes['llm_cascade.step'] === stepCost.step)!;
      assert.equal(span.attributes['llm_cascade.outcome'], 'ok');
      assert.equal(span.attributes['llm_cascade.final_model'], stepCost.finalModel);
      assert.equal(span.attributes['llm_cascade.attempts'], stepCost.attempts);
      assert.equal(Math.round(Number(span.attributes['llm_cascade.cost_usd']) * 1e6), stepCost.costMicroUsd);
    }
  });

  it('a batch’s inline items: one span per item, naming it, with the item’s attempt inside', () => {
    assert.deepEqual(batchSpans.map((span) => span.attributes['llm_cascade.batch_item']).sort(), [
      'item-1',
      'item-2',
      'item-3',
    ]);
    for (const span of batchSpans) {
      assert.equal(span.name, 'cascade extract');
      assert.equal(span.attributes['llm_cascade.outcome'], 'ok');
      assert.equal(span.attributes['llm_cascade.attempts'], 1);
    }
  });
});
