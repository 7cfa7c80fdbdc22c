// Integration tests — every `llm-cascade agent` command against an encrypting worker, with the keys from --config: the
// goal, messages and approval notes appear nowhere in clear in history (every signal payload is ciphertext); a
// client without the keys, and a worker with other keys, say EncryptionKeyMismatchError. Real dev server, CLI processes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { tool } from '../../activities/agent/tools';
import { parseCatalog } from '../../catalog/node/parse';
import { getAgentHandle } from '../../client/agent-client';
import { cascadeDataConverter } from '../../codec/data-converter';
import type { EncryptionOptions } from '../../codec/keys';
import { startFakeProvider, type FakeCallContext, type FakeProvider, type FakeReply } from '../../sim/fake-provider';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import type { AgentStatus } from '../../workflows/agent/definitions';
import { runCli, tempFiles, type CliResult } from '../helpers/cli';
import { assertWorkflowHoldsNoPlaintext, b64, payloadsIn, temporalJson } from '../helpers/encrypted-history';
import { quietRuntime } from '../helpers/quiet-runtime';
import { connectClient, getTestServer, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const KEY_CANARY = 'zz-canary-AGENTCLI-5XQ1';
const GOAL_CANARY = 'GOALCANARY-8841';
const MESSAGE_CANARY = 'MSGCANARY-2207';
const NOTE_CANARY = 'NOTECANARY-6612';
const DENY_CANARY = 'DENYCANARY-3390';
const canaries = [KEY_CANARY, GOAL_CANARY, MESSAGE_CANARY, NOTE_CANARY, DENY_CANARY];
const KEY_ENV = 'ENC_AGENT_CLI_PROVIDER_KEY';
Object.assign(process.env, {
  ENC_AGENT_CLI_KEY: randomBytes(32).toString('base64'),
  ENC_AGENT_CLI_OTHER: randomBytes(32).toString('base64'),
  [KEY_ENV]: KEY_CANARY,
});
const encryption: EncryptionOptions = { keys: [{ id: 'k1', env: 'ENC_AGENT_CLI_KEY' }] };
/** Same key id, other key material: a worker deployed with the wrong secret. */
const otherKeys: EncryptionOptions = { keys: [{ id: 'k1', env: 'ENC_AGENT_CLI_OTHER' }] };

const content = (value: unknown): FakeReply => ({ kind: 'content', content: value });
const pay = (vendor: string) => content({ action: 'call_tools', calls: [{ tool: 'pay', arguments: { vendor } }] });
/** The payer asks which vendors, pays Acme (approved) and Globex (denied), then answers. The idler asks and waits. */
const PAYER: FakeReply[] = [
  content({ action: 'ask_user', question: 'Which vendors should I pay?' }),
  pay('Acme'),
  pay('Globex'),
  content({ action: 'final', answer: { paid: ['Acme'] } }),
];

function catalogJson(baseURL: string) {
  const model = {
    contextWindow: 32_000,
    maxOutputTokens: 1_000,
    prices: [{ inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://example.test', effectiveFrom: '2025-01-01' }],
  };
  return {
    providers: { p: { baseURL, apiKeyEnv: KEY_ENV, structuredOutput: 'json_schema' } },
    models: { 'p/payer': model, 'p/idler': model },
    routes: {
      payer: { tiers: [{ name: 'economy', candidates: ['p/payer'] }] },
      idler: { tiers: [{ name: 'economy', candidates: ['p/idler'] }] },
    },
    tierDefaults: { triesPerCandidate: 1, timeoutMs: 5_000, maxRetryAfterMs: 5_000, repairAttempts: 0 },
  };
}

const agentOf = (task: string) => ({
  instructions: 'Pay the vendors the person names.',
  tools: ['pay'],
  task,
  finalSchema: {
    type: 'object',
    properties: { paid: { type: 'array', items: { type: 'string' } } },
    required: ['paid'],
  },
  approval: { tools: ['pay'] },
});

describe('encrypted agent jobs from the CLI', () => {
  let provider: FakeProvider;
  let temporal: TestClient;
  let client: Client;
  let address: string;
  const workers: { shutdown(): void; done: Promise<void> }[] = [];
  const paid: string[] = [];

  async function startWorker(taskQueue: string, keys: EncryptionOptions) {
    const catalog = parseCatalog(catalogJson(provider.baseURL), 'agent CLI encryption catalog');
    const payTool = tool({
      name: 'pay',
      description: 'Pays a vendor',
      input: { type: 'object', properties: { vendor: { type: 'string' } }, required: ['vendor'] },
      run: (args) => {
        paid.push((args as { vendor: string }).vendor);
        return { paid: true };
      },
    });
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle({ encodeFailures: true }),
      plugins: [new CascadePlugin({ catalog, encryption: keys, tools: [payTool] })],
    });
    workers.push({ shutdown: () => worker.shutdown(), done: worker.run() });
  }

  /** A config file for the CLI: the catalog, the agents, the task queue and (optionally) the keys. */
  function configFile(taskQueue: string, keys?: EncryptionOptions): string {
    return tempFiles({
      'config.json': {
        ...catalogJson(provider.baseURL),
        temporal: { address, taskQueue },
        ...(keys && { encryption: keys }),
        agents: { payer: agentOf('payer'), idler: agentOf('idler') },
      },
    })['config.json']!;
  }

  async function until(workflowId: string, ok: (status: AgentStatus) => boolean): Promise<AgentStatus> {
    const handle = getAgentHandle(client, workflowId);
    for (let i = 0; i < 200; i++) {
      const status = await handle.status().catch(() => undefined);
      if (status && ok(status)) return status;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${workflowId} never reached the expected state`);
  }

  const ok = (result: CliResult, what: string) => assert.equal(result.code, 0, `${what}: ${result.stderr}`);

  before(async () => {
    quietRuntime();
    let payerStep = 0;
    provider = await startFakeProvider({
      models: {
        payer: () => PAYER[payerStep++] ?? content({ action: 'final', answer: { paid: [] } }),
        idler: (_ctx: FakeCallContext) => content({ action: 'ask_user', question: 'Anything to pay?' }),
      },
    });
    temporal = await connectClient();
    client = new Client({
      connection: temporal.connection,
      namespace: temporal.namespace,
      dataConverter: cascadeDataConverter(encryption),
    });
    address = (await getTestServer()).address;
  });
  after(async () => {
    for (const worker of workers) worker.shutdown();
    await Promise.all(workers.map((worker) => worker.done.catch(() => undefined)));
    await temporal?.close();
    await provider?.close();
  });

  it('start, status, send, pause, approve, resume, deny, watch and cancel: no goal, message or note in clear', async () => {
    const taskQueue = uniqueTaskQueue('enc-agent-cli');
    await startWorker(taskQueue, encryption);
    const config = configFile(taskQueue, encryption);
    const agent = (...args: string[]) => runCli(['agent', ...args, '-c', config]);

    const started = await agent('start', '-a', 'payer', '-g', `Pay who I name. Ref ${GOAL_CANARY}`);
    ok(started, 'start');
    const id = started.stdout.trim();
    await until(id, (s) => s.state === 'waiting_input');
    const status = await agent('status', id, '--json');
    ok(status, 'status');
    assert.equal((JSON.parse(status.stdout) as AgentStatus).question, 'Which vendors should I pay?');

    ok(await agent('send', id, `Acme and Globex (${MESSAGE_CANARY})`), 'send');
    await until(id, (s) => s.state === 'waiting_approval');
    ok(await agent('pause', id), 'pause');
    const approved = await agent('approve', id, '--call', 's2c1', '--note', `budget line ${NOTE_CANARY}`);
    ok(approved, 'approve');
    assert.match(approved.stdout, /approved s2c1/);
    await until(id, (s) => s.state === 'paused');
    assert.deepEqual(paid, ['Acme'], 'the approved call ran before the pause took effect');
    ok(await agent('resume', id), 'resume');
    await until(id, (s) => s.state === 'waiting_approval' && s.pendingApprovals[0]?.id === 's3c1');
    ok(await agent('deny', id, '--note', `not this month ${DENY_CANARY}`), 'deny');
    const watched = await agent('watch', id);
    ok(watched, 'watch');
    assert.deepEqual(JSON.parse(watched.stdout), { ending: 'done', answer: { paid: ['Acme'] }, steps: 4 });
    assert.deepEqual(paid, ['Acme'], 'the denied call never ran');

    const idler = await agent('start', '-a', 'idler', '-g', `Wait for me. ${GOAL_CANARY}`);
    ok(idler, 'start idler');
    const idlerId = idler.stdout.trim();
    await until(idlerId, (s) => s.state === 'waiting_input');
    ok(await agent('cancel', idlerId), 'cancel');
    assert.equal((await getAgentHandle(client, idlerId).result()).ending, 'cancelled');

    for (const workflowId of [id, idlerId]) {
      await assertWorkflowHoldsNoPlaintext(workflowId, canaries);
      // Every signal the CLI sent with a payload carries ciphertext only.
      const history = JSON.parse(await temporalJson(['workflow', 'show', '--workflow-id', workflowId])) as {
        events: Record<string, unknown>[];
      };
      const signals = history.events.filter((e) => e.workflowExecutionSignaledEventAttributes);
      const payloads = signals.flatMap((e) => payloadsIn(e.workflowExecutionSignaledEventAttributes));
      assert.ok(signals.length >= (workflowId === id ? 5 : 1), `${signals.length} signals`);
      assert.ok(payloads.length >= (workflowId === id ? 3 : 1), `${payloads.length} signal payloads`);
      for (const payload of payloads) assert.equal(b64(payload.metadata?.encoding), 'binary/encrypted', payload.path);
    }
  });

  it('without the keys: status says EncryptionKeyMismatchError (no keys), exit 1', async () => {
    const taskQueue = uniqueTaskQueue('enc-agent-cli-nokeys');
    await startWorker(taskQueue, encryption);
    const withKeys = configFile(taskQueue, encryption);
    const started = await runCli(['agent', 'start', '-c', withKeys, '-a', 'idler', '-g', `Wait. ${GOAL_CANARY}`]);
    ok(started, 'start');
    const id = started.stdout.trim();
    await until(id, (s) => s.state === 'waiting_input');
    const status = await runCli(['agent', 'status', id, '-c', configFile(taskQueue)]);
    assert.equal(status.code, 1, status.stderr);
    assert.match(status.stderr, /EncryptionKeyMismatchError: .*this client has no encryption keys/);
    assert.doesNotMatch(status.stderr, /\n\s+at /, 'one line, no stack trace');
    ok(await runCli(['agent', 'cancel', id, '-c', withKeys]), 'cancel');
  });

  it('start against a worker with other keys: EncryptionKeyMismatchError, not "Workflow execution failed"', async () => {
    const taskQueue = uniqueTaskQueue('enc-agent-cli-other');
    await startWorker(taskQueue, otherKeys);
    const started = await runCli([
      'agent',
      'start',
      '-c',
      configFile(taskQueue, encryption),
      '-a',
      'payer',
      '-g',
      `Pay. ${GOAL_CANARY}`,
    ]);
    assert.equal(started.code, 1, started.stderr);
    assert.match(started.stderr, /EncryptionKeyMismatchError: agent-payer-\S+ failed: .*different key material/);
    assert.doesNotMatch(started.stderr, /Workflow execution failed/);
    assert.equal(started.stdout, '', 'no workflow id printed for a job that could not start');
  });
});
