// Integration tests — OpenTelemetry traces of an escalated, failed-over cascade on the real dev server: the OTel SDK
// exports over OTLP/HTTP to a receiver this test runs on loopback; one trace from the client's StartWorkflow span
// through Temporal's workflow and activity spans to a GenAI span per attempt, no prompt text unless logContent is on
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import { parseCatalog } from '../../catalog/node/parse';
import { runCascade } from '../../client/cascade-client';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import type { CascadeResult } from '../../workflows/definitions';
import { createCascadeWorker } from '../../worker/create-worker';
import { CascadePlugin } from '../../worker/plugin';
import { TEST_TASK, testCatalogJson, type CascadeEnvOptions } from '../helpers/cascade-env';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const INPUT = 'Invoice INV-7 from Acme, total 120.50 EUR';
const ROUTE: CascadeEnvOptions = {
  name: 'tracing',
  tierDefaults: { triesPerCandidate: 1 },
  tiers: [
    [
      'economy',
      [{ ref: 'cheap/eco-1', behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 'lots' } } }],
    ],
    [
      'standard',
      [
        { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
        { ref: 'up/std-up', behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 120.5 } } },
      ],
    ],
  ],
};

/** A worker with tracing on, a client whose plugin traces too, and one escalated, failed-over cascade. */
async function tracedRun(temporal: TestClient, provider: FakeProvider, receiver: OtlpReceiver, logContent: boolean) {
  const catalog = parseCatalog(testCatalogJson(provider.baseURL, ROUTE), 'tracing test catalog');
  const taskQueue = uniqueTaskQueue(`tracing-${logContent}`);
  const telemetry = { otlpEndpoint: receiver.endpoint };
  const cascadeWorker = await createCascadeWorker({
    connection: temporal.nativeConnection,
    namespace: temporal.namespace,
    taskQueue,
    catalog,
    logContent,
    // The worker exports protobuf (what Arize Phoenix requires) and the client JSON: one run checks both encodings.
    telemetry: { ...telemetry, serviceName: 'tracing-test-worker', protocol: 'http/protobuf' },
  });
  const clientPlugin = new CascadePlugin({ catalog, telemetry: { ...telemetry, serviceName: 'tracing-test-client' } });
  const client = new Client({
    connection: temporal.connection,
    namespace: temporal.namespace,
    plugins: [clientPlugin],
  });
  const result = await cascadeWorker.worker.runUntil(
    runCascade(
      client,
      { task: TEST_TASK, schema: Invoice, input: INPUT, metadata: { sessionId: 'sess-otel' } },
      {
        catalog,
        taskQueue,
      },
    ),
  );
  await clientPlugin.tracing!.flush();
  // runUntil has stopped the worker, whose plugin flushed its spans on the way out; the sandbox's spans included.
  const spans = await receiver.waitFor(
    (all) => traceOf(all, result) !== undefined && chatSpans(traceOf(all, result)!).length === 3,
  );
  await cascadeWorker.close();
  await clientPlugin.tracing!.shutdown();
  return { result: result as CascadeResult, trace: traceOf(spans, result)! };
}

/** The spans of the trace whose cascade span names this run's workflow, once its client span has arrived too. */
function traceOf(spans: ReceivedSpan[], result: { workflowId: string }): ReceivedSpan[] | undefined {
  const cascade = spans.find((span) => span.attributes['llm_cascade.workflow_id'] === result.workflowId);
  if (!cascade) return undefined;
  const trace = spans.filter((span) => span.traceId === cascade.traceId);
  return trace.some((span) => span.name === 'StartWorkflow:cascadeWorkflow') ? trace : undefined;
}

function chatSpans(trace: ReceivedSpan[]): ReceivedSpan[] {
  return trace.filter((span) => span.name.startsWith('chat ')).sort((a, b) => (a.startNanos < b.startNanos ? -1 : 1));
}

function parentOf(trace: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan {
  const parent = trace.find((candidate) => candidate.spanId === span.parentSpanId);
  assert.ok(parent, `span ${span.name} has a parent in the trace`);
  return parent;
}

describe('OpenTelemetry traces of a cascade (OTLP/HTTP to a loopback receiver)', () => {
  let temporal: TestClient;
  let provider: FakeProvider;
  let receiver: OtlpReceiver;
  let run: { result: CascadeResult; trace: ReceivedSpan[] };

  before(async () => {
    temporal = await connectClient();
    provider = await startFakeProvider({
      models: Object.fromEntries(
        ROUTE.tiers.flatMap(([, models]) => models.map((m) => [m.ref.split('/')[1]!, m.behavior])),
      ),
    });
    receiver = await startOtlpReceiver();
    run = await tracedRun(temporal, provider, receiver, false);
  });
  after(async () => {
    await receiver?.close();
    await provider?.close();
    await temporal?.close();
  });

  it('the cascade escalated and failed over', () => {
    assert.deepEqual(
      run.result.attempts.map((attempt) => [attempt.reason, attempt.outcome]),
      [
        ['first', 'schema_violation'],
        ['escalation', 'provider_error'],
        ['failover', 'ok'],
      ],
    );
    assert.deepEqual(receiver.rejected, []);
  });

  it('the worker exported its spans as OTLP protobuf and the client as OTLP JSON, into one trace', () => {
    const encodings = (service: string) =>
      new Set(run.trace.filter((span) => span.serviceName === service).map((span) => span.encoding));
    assert.deepEqual([...encodings('tracing-test-worker')], ['protobuf']);
    assert.deepEqual([...encodings('tracing-test-client')], ['json']);
  });

  it('one trace: client StartWorkflow → RunWorkflow → cascade span → StartActivity → RunActivity → chat span per attempt', () => {
    const { trace } = run;
    const root = trace.find((span) => span.name === 'StartWorkflow:cascadeWorkflow')!;
    assert.equal(root.parentSpanId, undefined, 'the client span is the root');
    assert.equal(root.serviceName, 'tracing-test-client');
    const cascade = trace.find((span) => span.name === `cascade ${TEST_TASK}`)!;
    assert.ok(cascade, 'a cascade span');
    assert.equal(cascade.serviceName, 'tracing-test-worker');
    const runWorkflow = parentOf(trace, cascade);
    assert.equal(runWorkflow.name, 'RunWorkflow:cascadeWorkflow');
    assert.equal(parentOf(trace, runWorkflow).spanId, root.spanId);
    const chats = chatSpans(trace);
    assert.deepEqual(
      chats.map((span) => span.name),
      ['chat eco-1', 'chat std-down', 'chat std-up'],
    );
    for (const chat of chats) {
      const runActivity = parentOf(trace, chat);
      assert.equal(runActivity.name, 'RunActivity:callModel');
      const startActivity = parentOf(trace, runActivity);
      assert.equal(startActivity.name, 'StartActivity:callModel');
      assert.equal(parentOf(trace, startActivity).spanId, cascade.spanId, `${chat.name} is inside the cascade span`);
      assert.equal(chat.kind, 3, 'SPAN_KIND_CLIENT');
    }
  });

  it('each attempt span carries the GenAI attributes and the ledger row: model, tokens, finish reason, tier, why, cost', () => {
    const chats = chatSpans(run.trace);
    for (const [index, attempt] of run.result.attempts.entries()) {
      const attributes = chats[index]!.attributes;
      assert.equal(attributes['gen_ai.operation.name'], 'chat');
      assert.equal(attributes['gen_ai.provider.name'], attempt.provider);
      assert.equal(attributes['gen_ai.request.model'], attempt.model);
      assert.equal(attributes['gen_ai.conversation.id'], 'sess-otel');
      assert.equal(attributes['llm_cascade.tier'], attempt.tier);
      assert.equal(attributes['llm_cascade.why'], attempt.reason);
      assert.equal(attributes['llm_cascade.outcome'], attempt.outcome);
      assert.equal(attributes['llm_cascade.cost_usd'], attempt.costUsd);
      assert.equal(attributes['llm_cascade.billed'], attempt.billed);
      if (attempt.billed) {
        assert.equal(attributes['gen_ai.response.model'], attempt.model);
        assert.equal(attributes['gen_ai.usage.input_tokens'], attempt.usage.inputTokens);
        assert.equal(attributes['gen_ai.usage.output_tokens'], attempt.usage.outputTokens);
        assert.deepEqual(attributes['gen_ai.response.finish_reasons'], ['stop']);
        assert.equal(attributes['llm_cascade.estimated'], false);
        assert.equal(attributes['error.type'], undefined);
        assert.ok(attempt.usage.inputTokens > 0);
      }
    }
    const failed = chats[1]!;
    assert.equal(failed.attributes['error.type'], 'ModelInvocationError.ServerError');
    assert.equal(failed.status.code, 2, 'STATUS_CODE_ERROR');
    assert.equal(failed.attributes['gen_ai.usage.input_tokens'], undefined, 'an unbilled 503 has no usage');
  });

  it("the cascade span carries the cascade's outcome, totals and tier path", () => {
    const cascade = run.trace.find((span) => span.name === `cascade ${TEST_TASK}`)!;
    const { result } = run;
    assert.equal(cascade.attributes['llm_cascade.task'], TEST_TASK);
    assert.equal(cascade.attributes['llm_cascade.outcome'], 'ok');
    assert.equal(cascade.attributes['llm_cascade.final_tier'], 'standard');
    assert.equal(cascade.attributes['llm_cascade.final_model'], result.finalModel);
    assert.equal(cascade.attributes['llm_cascade.attempts'], 3);
    assert.equal(cascade.attributes['llm_cascade.billed_attempts'], 2);
    assert.equal(cascade.attributes['llm_cascade.cost_usd'], result.totals.costUsd);
    assert.equal(cascade.attributes['llm_cascade.input_tokens'], result.totals.inputTokens);
    assert.equal(cascade.attributes['llm_cascade.tier_path'], 'economy>standard');
    assert.equal(
      cascade.attributes['gen_ai.usage.input_tokens'],
      undefined,
      'tokens are counted once, on the attempts',
    );
  });

  it('no prompt or answer text in any span without logContent; with it, the attempt spans carry both', async () => {
    const text = JSON.stringify(run.trace.map((span) => span.attributes));
    assert.ok(!text.includes('INV-7'), 'no prompt or answer text');
    const withContent = await tracedRun(temporal, provider, receiver, true);
    const [first] = chatSpans(withContent.trace);
    assert.match(String(first!.attributes['gen_ai.input.messages']), /Invoice INV-7 from Acme/);
    assert.match(String(first!.attributes['gen_ai.output.messages']), /"total":\s*"lots"/);
  });
});
