// Integration tests — payload encryption end to end on the real dev server: canaries in history, logs, CLI output and
// files; the codec server; mismatched keys failing clearly; key rotation and replay
// Longer than 250 lines because each case reads every payload of real histories, logs and CLI output for canaries, sharing one encrypted worker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { parseCatalog } from '../../catalog/node/parse';
import { runCascade, CascadeError } from '../../client/cascade-client';
import { runBatch } from '../../client/batch-client';
import { EncryptionKeyMismatchError } from '../../client/unreadable';
import { cascadeDataConverter } from '../../codec/data-converter';
import { EncryptionCodec } from '../../codec/encryption-codec';
import type { EncryptionOptions } from '../../codec/keys';
import { ENCRYPTION_MISMATCH_TYPE } from '../../codec/mismatch';
import { startCodecServer, type CodecServer } from '../../codec/server';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import type { FakeCallContext, FakeReply } from '../../sim/fake-types';
import { WORKFLOWS_PATH, workflowBundle } from '../../worker/bundle';
import { LlmModel, LlmTask } from '../../workflows/definitions/search-attributes';
import { CascadePlugin } from '../../worker/plugin';
import { installRuntime } from '../../worker/runtime';
import { runCli, tempFiles } from '../helpers/cli';
import {
  assertNoPlaintext as assertNoCanary,
  b64,
  isClearByDesign,
  isSearchAttribute,
  payloadsIn,
  temporalJson,
  type RawPayload,
} from '../helpers/encrypted-history';
import { connectClient, getTestServer, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

// The worker log of this process, through the production log formatter (one JSON line per entry).
const workerLog: string[] = [];
installRuntime({ write: (line) => workerLog.push(line) });

/** Recognisable values: neither may appear anywhere but as ciphertext (and the document in the results file). */
const KEY_CANARY = 'zz-canary-ZX81QQ77VV11'; // no known key shape: only the known-value scrub can catch it
const DOC_CANARY = 'DOCCANARY-5521-Q';
const isCascade = (id: string) => id.startsWith('cascade-');
const isBatch = (id: string) => id.startsWith('batch-');
const KEY_ENV = 'ENC_TEST_PROVIDER_KEY';
const key1 = randomBytes(32).toString('base64');
const key2 = randomBytes(32).toString('base64');
const KEYS_ENV = { ENC_TEST_KEY_1: key1, ENC_TEST_KEY_2: key2 };
const onlyKey1: EncryptionOptions = { keys: [{ id: 'k1', env: 'ENC_TEST_KEY_1' }] };
const rotated: EncryptionOptions = {
  keys: [
    { id: 'k2', env: 'ENC_TEST_KEY_2' },
    { id: 'k1', env: 'ENC_TEST_KEY_1' },
  ],
};
const onlyKey2: EncryptionOptions = { keys: [{ id: 'k1', env: 'ENC_TEST_KEY_2' }] }; // same id, other material
Object.assign(process.env, KEYS_ENV, { [KEY_ENV]: KEY_CANARY });

const assertNoPlaintext = (text: string, where: string) => assertNoCanary(text, where, [KEY_CANARY, DOC_CANARY]);

const schema = {
  type: 'object',
  properties: { title: { type: 'string' } },
  required: ['title'],
  additionalProperties: false,
};

/** economy: an auth error that echoes the key, then a refusal quoting the document; standard: the answer. */
function behaviors(): Record<string, (ctx: FakeCallContext) => FakeReply> {
  const failing = (ctx: FakeCallContext) => JSON.stringify(ctx.body).includes('FAILME');
  const echo: FakeReply = {
    kind: 'error',
    status: 401,
    code: 'invalid_api_key',
    message: `Incorrect API key provided: ${KEY_CANARY}. Authorization: Bearer ${KEY_CANARY}`,
  };
  return {
    m1: () => echo,
    m3: () => ({ kind: 'refusal', refusal: `I cannot process "${DOC_CANARY}" for you.` }),
    m2: (ctx) => (failing(ctx) ? echo : { kind: 'content', content: { title: DOC_CANARY } }),
  };
}

function catalogJson(baseURL: string) {
  const model = {
    contextWindow: 32_000,
    maxOutputTokens: 500,
    prices: [{ inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://example.test', effectiveFrom: '2025-01-01' }],
  };
  return {
    providers: {
      a: { baseURL, apiKeyEnv: KEY_ENV, structuredOutput: 'json_schema' },
      b: { baseURL, apiKeyEnv: KEY_ENV, structuredOutput: 'json_schema' },
      c: { baseURL, apiKeyEnv: KEY_ENV, structuredOutput: 'json_schema' },
    },
    models: { 'a/m1': model, 'c/m3': model, 'b/m2': model },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['a/m1', 'c/m3'] },
          { name: 'standard', candidates: ['b/m2'] },
        ],
      },
    },
    tierDefaults: { triesPerCandidate: 1, timeoutMs: 5_000, maxRetryAfterMs: 5_000, repairAttempts: 0 },
  };
}

async function startWorker(
  temporal: TestClient,
  taskQueue: string,
  catalog: ReturnType<typeof parseCatalog>,
  encryption?: EncryptionOptions,
  bundle: 'prebuilt' | 'workflowsPath' = 'prebuilt',
) {
  const worker = await Worker.create({
    connection: temporal.nativeConnection,
    namespace: temporal.namespace,
    taskQueue,
    // workflowsPath: the worker bundles itself, taking the failure converter and interceptor from the plugin.
    ...(bundle === 'workflowsPath'
      ? { workflowsPath: WORKFLOWS_PATH }
      : { workflowBundle: await workflowBundle({ encodeFailures: encryption !== undefined }) }),
    plugins: [new CascadePlugin({ catalog, encryption })],
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

const clientWith = (temporal: TestClient, encryption?: EncryptionOptions) =>
  new Client({
    connection: temporal.connection,
    namespace: temporal.namespace,
    dataConverter: cascadeDataConverter(encryption),
  });

describe('encryption end to end', () => {
  let provider: FakeProvider;
  let temporal: TestClient;
  let catalog: ReturnType<typeof parseCatalog>;
  let codecServer: CodecServer;
  const token = randomBytes(16).toString('hex');

  before(async () => {
    provider = await startFakeProvider({ models: behaviors() });
    catalog = parseCatalog(catalogJson(provider.baseURL), 'encryption test catalog');
    temporal = await connectClient();
    codecServer = await startCodecServer({
      codec: EncryptionCodec.fromOptions(rotated),
      port: 0,
      token,
      uiOrigins: ['http://127.0.0.1:8233'],
    });
  });
  after(async () => {
    await codecServer?.close();
    await temporal?.close();
    await provider?.close();
  });

  it('a cascade: history, memo and failures hold only ciphertext; search attributes stay readable; the log has no canary', async () => {
    const taskQueue = uniqueTaskQueue('enc-cascade');
    const worker = await startWorker(temporal, taskQueue, catalog, onlyKey1);
    try {
      const result = await runCascade(
        clientWith(temporal, onlyKey1),
        { task: 'extract', schema, schemaName: 'doc', input: `Invoice title: ${DOC_CANARY}. Amount 12.` },
        { catalog, taskQueue },
      );
      assert.deepEqual(result.output, { title: DOC_CANARY });
      assert.deepEqual(
        result.attempts.map((a) => a.outcome),
        ['auth_error', 'refusal', 'ok'],
      );
      // The ledger (decrypted by the client) carries the scrubbed error and no refusal text.
      const ledgerText = JSON.stringify(result.attempts);
      assert.ok(!ledgerText.includes(KEY_CANARY), ledgerText);
      assert.ok(!ledgerText.includes(DOC_CANARY), ledgerText);
      assert.match(ledgerText, /\[redacted\]/);

      const history = await temporalJson(['workflow', 'show', '--workflow-id', result.workflowId]);
      assertNoPlaintext(history, 'history');
      assert.match(history, /"message":\s*"Encoded failure"/);
      assert.doesNotMatch(history, /Incorrect API key/);
      const all = payloadsIn(JSON.parse(history));
      const clear = all.filter(isSearchAttribute);
      const payloads = all.filter((p) => !isClearByDesign(p));
      assert.ok(payloads.length >= 6, `${payloads.length} payloads`);
      for (const p of payloads) assert.equal(b64(p.metadata?.encoding), 'binary/encrypted', p.path);
      // What stays clear: task, tier, model, outcome, cost, counts.
      assert.ok(clear.length > 0);
      for (const p of clear)
        assert.match(b64(p.data), /^("?[\w./-]*"?|[\d.]+|\[("[\w./-]*",?)*\])$/, `${p.path}: ${b64(p.data)}`);
      assert.ok(payloads.every((p) => b64(p.metadata?.['encryption-key-id']) === 'k1'));

      const described = await temporalJson(['workflow', 'describe', '--workflow-id', result.workflowId]);
      assertNoPlaintext(described, 'describe (memo, search attributes, summaries)');
      // The memo is encrypted too (the SDK runs memos through the codec); a client with the keys reads it, and the
      // search attributes, which are never encrypted (names and numbers only, for visibility queries).
      const info = await clientWith(temporal, onlyKey1).workflow.getHandle(result.workflowId).describe();
      assert.equal((info.memo as { task?: string }).task, 'extract');
      assert.equal(info.typedSearchAttributes.get(LlmTask), 'extract');
      assert.equal(info.typedSearchAttributes.get(LlmModel), 'b/m2');
      const visible = clientWith(temporal, onlyKey1).workflow.list({
        query: `LlmTask = "extract" AND WorkflowId = "${result.workflowId}"`,
      });
      for await (const listed of visible) assert.equal(listed.typedSearchAttributes.get(LlmModel), 'b/m2');

      const log = workerLog.join('');
      assert.ok(log.includes('llm_attempt'), 'the worker logged its attempts');
      assert.ok(!log.includes(KEY_CANARY), 'key in the worker log');
      assert.ok(!log.includes(DOC_CANARY), 'document text in the worker log');

      // The codec server decodes the same history for the UI; it wants the token and the UI's origin.
      const input = payloads.find((p) => /workflowExecutionStartedEventAttributes\.input/.test(p.path))!;
      assert.ok(input, 'the workflow input is in the history');
      const post = (path: string, headers: Record<string, string> = {}) =>
        fetch(`${codecServer.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-namespace': temporal.namespace, ...headers },
          body: JSON.stringify({ payloads: [input] }),
        });
      const decoded = await post('/decode', { authorization: `Bearer ${token}` });
      assert.equal(decoded.status, 200);
      const [plain] = ((await decoded.json()) as { payloads: RawPayload[] }).payloads;
      assert.equal(b64(plain!.metadata?.encoding), 'json/plain');
      assert.ok(b64(plain!.data).includes(DOC_CANARY));
      assert.equal((await post(`/${token}/decode`)).status, 200, 'the token as the endpoint path (for the UI)');
      assert.equal((await post('/decode')).status, 401);
      assert.equal((await post('/decode', { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await post(`/${token}/decode`, { origin: 'https://evil.example' })).status, 403);
      const preflight = await fetch(`${codecServer.url}/${token}/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:8233', 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8233');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /x-namespace/);

      // Rotation: key 2 becomes current; the key-1 history still replays, and new payloads use key 2.
      const events = await clientWith(temporal, rotated).workflow.getHandle(result.workflowId).fetchHistory();
      await Worker.runReplayHistory(
        {
          workflowBundle: await workflowBundle({ encodeFailures: true }),
          plugins: [new CascadePlugin({ catalog, encryption: rotated })],
        },
        events,
        result.workflowId,
      );
    } finally {
      await worker.stop();
    }
  });

  it('rotation: with key 2 current, new payloads carry key id k2 and the old key still reads old ones', async () => {
    const taskQueue = uniqueTaskQueue('enc-rotated');
    // This worker bundles our workflows itself, as a user's worker with its own workflowsPath does.
    const worker = await startWorker(temporal, taskQueue, catalog, rotated, 'workflowsPath');
    try {
      const result = await runCascade(
        clientWith(temporal, rotated),
        { task: 'extract', schema, schemaName: 'doc', input: `Title ${DOC_CANARY}` },
        { catalog, taskQueue },
      );
      assert.deepEqual(result.output, { title: DOC_CANARY });
      const history = await temporalJson(['workflow', 'show', '--workflow-id', result.workflowId]);
      assertNoPlaintext(history, 'rotated history');
      // The failure converter came from the plugin into the worker's own bundle: failure messages are encrypted.
      assert.match(history, /"message":\s*"Encoded failure"/);
      assert.doesNotMatch(history, /Incorrect API key/);
      const encrypted = payloadsIn(JSON.parse(history)).filter((p) => !isClearByDesign(p));
      assert.ok(encrypted.every((p) => b64(p.metadata?.['encryption-key-id']) === 'k2'));
    } finally {
      await worker.stop();
    }
  });

  it('mismatched keys fail at once with a message naming the keys, not a hang', async () => {
    const taskQueue = uniqueTaskQueue('enc-mismatch');
    const worker = await startWorker(temporal, taskQueue, catalog, onlyKey1);
    const guard = uniqueTaskQueue('enc-guard');
    const plainWorker = await startWorker(temporal, guard, catalog, undefined);
    const request = { task: 'extract', schema, schemaName: 'doc', input: `Title ${DOC_CANARY}` };
    try {
      const started = Date.now();
      // Same key id, other key material.
      await assert.rejects(
        runCascade(clientWith(temporal, onlyKey2), request, { catalog, taskQueue }),
        (error: Error) => {
          assert.ok(error instanceof CascadeError, String(error));
          assert.equal(error.type, ENCRYPTION_MISMATCH_TYPE);
          assert.match(error.message, /different key material under the same id/);
          return true;
        },
      );
      // A worker without encryption meets an encrypted request.
      await assert.rejects(
        runCascade(clientWith(temporal, rotated), request, { catalog, taskQueue: guard }),
        (error: Error) => {
          assert.ok(error instanceof CascadeError, String(error));
          assert.equal(error.type, ENCRYPTION_MISMATCH_TYPE);
          assert.match(error.message, /key "k2", which this process does not have .*encryption is not configured/);
          return true;
        },
      );
      // A client without keys cannot read an encrypting worker's result, and says why.
      await assert.rejects(runCascade(clientWith(temporal), request, { catalog, taskQueue }), (error: Error) => {
        assert.ok(error instanceof CascadeError, String(error));
        assert.match(error.message, /this client has no encryption keys/);
        return true;
      });
      // The batch client without keys: its report is encrypted; it says why it cannot read it, not "Unknown encoding".
      const files = tempFiles({ 'items.jsonl': JSON.stringify({ id: 'one', text: `Title: ${DOC_CANARY}` }) });
      await assert.rejects(
        runBatch(
          clientWith(temporal),
          { task: 'extract', schema, input: files['items.jsonl']!, output: join(files.dir, 'out.jsonl') },
          { taskQueue },
        ),
        (error: Error) => {
          assert.ok(error instanceof EncryptionKeyMismatchError, String(error));
          assert.match(error.message, /cannot read the report of .*this client has no encryption keys/);
          return true;
        },
      );
      assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
    } finally {
      await worker.stop();
      await plainWorker.stop();
    }
  });

  it('activities on a worker with other keys: the workflow fails at once with a message naming both sides', async () => {
    const request = { task: 'extract', schema, schemaName: 'doc', input: `Title ${DOC_CANARY}` };
    // The workflow worker runs local activities only (route planning); model calls go to an activity-only worker.
    const split = async (activityKeys: EncryptionOptions) => {
      const taskQueue = uniqueTaskQueue('enc-split');
      const workflows = await Worker.create({
        connection: temporal.nativeConnection,
        namespace: temporal.namespace,
        taskQueue,
        workflowBundle: await workflowBundle({ encodeFailures: true }),
        enableNonLocalActivities: false,
        plugins: [new CascadePlugin({ catalog, encryption: onlyKey1 })],
      });
      const activities = await Worker.create({
        connection: temporal.nativeConnection,
        namespace: temporal.namespace,
        taskQueue,
        plugins: [new CascadePlugin({ catalog, encryption: activityKeys })],
      });
      const before = provider.calls.length;
      const started = Date.now();
      const outcome = await workflows.runUntil(
        activities.runUntil(
          runCascade(clientWith(temporal, onlyKey1), request, { catalog, taskQueue }).catch((e) => e),
        ),
      );
      return { error: outcome as Error, calls: provider.calls.length - before, ms: Date.now() - started };
    };
    // The activity worker cannot read its input (same key id, other material): nothing is sent to a provider.
    const input = await split(onlyKey2);
    assert.ok(input.error instanceof CascadeError, String(input.error));
    assert.equal(input.error.type, ENCRYPTION_MISMATCH_TYPE);
    assert.match(input.error.message, /activity callModel ran on a worker that cannot decrypt its input/);
    assert.equal(input.calls, 0, 'no provider call with an unreadable request');
    // The activity worker reads k1 but writes k2, which the workflow worker lacks: the result is unreadable there.
    const result = await split(rotated);
    assert.ok(result.error instanceof CascadeError, String(result.error));
    assert.equal(result.error.type, ENCRYPTION_MISMATCH_TYPE);
    assert.match(
      result.error.message,
      /cannot decrypt the result of activity callModel, which ran on a worker with other keys/,
    );
    assert.ok(input.ms + result.ms < 60_000, `took ${input.ms} + ${result.ms} ms`);
  });

  it('the CLI: run and batch with `encryption` in the config; no key anywhere, the document only in the results file', async () => {
    const { address } = await getTestServer();
    const taskQueue = uniqueTaskQueue('enc-cli');
    const files = tempFiles({
      'config.json': { ...catalogJson(provider.baseURL), temporal: { taskQueue }, encryption: onlyKey1 },
      'schema.json': schema,
      'doc.txt': `Invoice title: ${DOC_CANARY}. Amount 12.`,
      'items.jsonl': [
        { id: 'one', text: `Title: ${DOC_CANARY}` },
        { id: 'two', text: `Title: ${DOC_CANARY} FAILME` },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    });
    const common = ['--config', files['config.json']!, '--task', 'extract', '--schema', files['schema.json']!];
    const run = await runCli([
      'run',
      ...common,
      '--input',
      `@${files['doc.txt']}`,
      '--address',
      address,
      '--with-worker',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { output: unknown }).output, { title: DOC_CANARY });
    assert.ok(!`${run.stdout}${run.stderr}`.includes(KEY_CANARY), 'key in the CLI output');
    assert.ok(!run.stderr.includes(DOC_CANARY), 'document text in the CLI log');

    // `report` decrypts the ledgers with the config's keys and prints aggregates: no text of either kind.
    const { workflowId } = JSON.parse(run.stdout) as { workflowId: string };
    // From the history (--source temporal): its ledgers are what the config's keys decrypt.
    const reportArgs = [
      'report',
      '--source',
      'temporal',
      '--config',
      files['config.json']!,
      '--address',
      address,
      '--workflow-id',
      workflowId,
    ];
    let report = await runCli([...reportArgs, '--format', 'json']);
    // Visibility lags the run by a moment.
    for (let i = 0; i < 20 && !/"requests":\s*1/.test(report.stdout); i++) {
      await new Promise((r) => setTimeout(r, 500));
      report = await runCli([...reportArgs, '--format', 'json']);
    }
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /"requests":\s*1/);
    for (const canary of [KEY_CANARY, DOC_CANARY])
      assert.ok(!`${report.stdout}${report.stderr}`.includes(canary), `${canary} in report`);

    const out = join(files.dir, 'out.jsonl');
    const errors = join(files.dir, 'errors.jsonl');
    const batch = await runCli([
      'batch',
      ...common,
      '--input',
      files['items.jsonl']!,
      '--out',
      out,
      '--errors',
      errors,
      '--address',
      address,
      '--with-worker',
      '--json',
    ]);
    assert.equal(batch.code === 0 || batch.code === 1, true, batch.stderr);
    assert.ok(!`${batch.stdout}${batch.stderr}`.includes(KEY_CANARY), 'key in the batch output');
    assert.ok(!batch.stderr.includes(DOC_CANARY), 'document text in the batch log');
    assert.ok(readFileSync(out, 'utf8').includes(DOC_CANARY), 'the results file the user asked for has the answer');
    assert.ok(existsSync(errors), 'the failing item has an error line');
    const errorsText = readFileSync(errors, 'utf8');
    assert.match(errorsText, /"two"/);
    assert.ok(!errorsText.includes(KEY_CANARY), `key in the errors file: ${errorsText}`);
    assert.ok(!errorsText.includes(DOC_CANARY), `document text in the errors file: ${errorsText}`);

    // Every workflow the CLI started on this task queue: history and describe hold ciphertext only.
    // Visibility lags a moment behind: wait for the cascade and the batch (its items ran inline: their attempts,
    // documents and answers are in the batch's own history).
    const listed = async () => {
      const found: string[] = [];
      for await (const w of clientWith(temporal, onlyKey1).workflow.list({ query: `TaskQueue = "${taskQueue}"` }))
        found.push(w.workflowId);
      return found;
    };
    let ids = await listed();
    for (let i = 0; i < 40 && !(ids.some(isCascade) && ids.some(isBatch)); i++) {
      await new Promise((r) => setTimeout(r, 250));
      ids = await listed();
    }
    assert.ok(ids.some(isCascade) && ids.some(isBatch), `workflows: ${ids.join(', ')}`);
    for (const id of ids) {
      assertNoPlaintext(await temporalJson(['workflow', 'show', '--workflow-id', id]), `history of ${id}`);
      assertNoPlaintext(await temporalJson(['workflow', 'describe', '--workflow-id', id]), `describe of ${id}`);
    }
  });
});
