// Integration tests — the integrations' examples (examples/ai-sdk.ts, openai-agents.ts, opentelemetry.ts, grafana.ts)
// run as written, each a child process against a dev server of this file's own (their workers poll the default
// `llm-cascade` queue) with the simulated catalog, keyless; the traces go to a loopback OTLP receiver
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver';

const EXAMPLES = resolve(__dirname, '../../examples');

/** Runs `lib/examples/<name>.js` to its end: its exit code and everything it printed. */
function runExample(name: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(EXAMPLES, `${name}.js`)], { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('examples/: each integration example runs as written on the simulated catalog', () => {
  let server: DevServer;
  let receiver: OtlpReceiver;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await startDevServer({ uiPort: false });
    receiver = await startOtlpReceiver();
    env = {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    };
  });
  after(async () => {
    await receiver?.close();
    await server?.stop();
  });

  it('ai-sdk: generateText with Output.object on cascadeModel is one cascade, its ledger in providerMetadata', async () => {
    const { code, output } = await runExample('ai-sdk', env);
    assert.equal(code, 0, output);
    assert.match(output, /^output: \{"name":"[^"]+","email":"[^"]+"\}$/m);
    assert.match(output, /^usage: [1-9]\d* in, [1-9]\d* out \(every attempt\)$/m);
    assert.match(output, /^cascade cascade-extract-\S+: tiers \w+( → \w+)*, \$0\.\d{6}$/m);
  });

  it('openai-agents: a Runner on cascadeModelProvider; every model call a cascade', async () => {
    const { code, output } = await runExample('openai-agents', env);
    assert.equal(code, 0, output);
    assert.match(output, /^final output: "[^"]+"$/m);
    assert.match(output, /^model call = cascade cascade-extract-\S+: \w+( → \w+)*, \$0\.\d{6}$/m);
  });

  it('opentelemetry: the trace reaches the OTLP endpoint of OTEL_EXPORTER_OTLP_ENDPOINT, client span to attempt', async () => {
    const { code, output } = await runExample('opentelemetry', env);
    assert.equal(code, 0, output);
    const workflowId = /^trace of (cascade-extract-\S+) sent to (\S+)$/m.exec(output);
    assert.ok(workflowId, output);
    assert.equal(workflowId[2], `${receiver.endpoint}/v1/traces`);
    const spans = receiver.spans;
    const cascade = spans.find((span) => span.attributes['llm_cascade.workflow_id'] === workflowId[1]);
    assert.ok(cascade, `a cascade span for ${workflowId[1]}: ${spans.map((s) => s.name).join(', ')}`);
    const trace = spans.filter((span) => span.traceId === cascade.traceId);
    assert.ok(trace.some((span) => span.name === 'StartWorkflow:cascadeWorkflow' && !span.parentSpanId));
    const chats = trace.filter((span) => span.name.startsWith('chat '));
    assert.equal(chats.length, (output.match(/^span "chat /gm) ?? []).length);
    assert.ok(chats.every((span) => span.serviceName === 'llm-cascade-example'));
  });

  it('grafana: the worker exports the llm_cascade metrics the dashboard reads', async () => {
    const { code, output } = await runExample('grafana', { ...env, METRICS_PORT: String(await freePort()) });
    assert.equal(code, 0, output);
    assert.match(output, /^exported at \S+: .*llm_cascade_cost_micro_usd/m);
    for (const panel of ['Spend rate by task (USD/h)', 'Attempts by outcome', 'Attempt latency by model (p50, p95)']) {
      assert.match(output, new RegExp(`^  ${panel.replace(/[()]/g, '\\$&')}: its metrics are exported$`, 'm'));
    }
  });
});
