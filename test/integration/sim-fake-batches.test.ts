// Component tests — the fake provider's Files and Batches APIs over real loopback HTTP, driven by the real openai SDK
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';

const PRICE = {
  inputUsdPerMTok: 1,
  outputUsdPerMTok: 4,
  batchDiscount: 0.5,
  source: 'test',
  effectiveFrom: '2026-01-01',
};

function jsonl(count: number, model = 'm'): string {
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      custom_id: `item-${index}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model, messages: [{ role: 'user', content: `document ${index}` }] },
    }),
  ).join('\n');
}

async function until(client: OpenAI, id: string, done: (status: string) => boolean) {
  for (;;) {
    const batch = await client.batches.retrieve(id);
    if (done(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

void describe('fake provider: files and batches', () => {
  let provider: FakeProvider;
  let client: OpenAI;

  before(async () => {
    provider = await startFakeProvider({
      apiKey: 'sk-test',
      prices: { m: PRICE },
      models: {
        m: ({ body }) =>
          JSON.stringify(body.messages).includes('document 1')
            ? { kind: 'error', status: 500 }
            : { kind: 'content', content: { ok: true }, usage: { promptTokens: 100, completionTokens: 10 } },
      },
    });
    client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => provider.close());
  beforeEach(() => {
    provider.clearCalls();
    provider.setBatchBehavior('complete', { validatingMs: 10, inProgressMs: 30, finalizingMs: 10 });
  });

  void it('uploads, runs a batch through its statuses, and serves output and error files', async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl(3)), 'in.jsonl'), purpose: 'batch' });
    assert.equal(file.purpose, 'batch');
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { key: 'wf-1:0' },
    });
    assert.equal(created.status, 'validating');
    const seen = new Set<string>();
    const done = await until(client, created.id, (status) => (seen.add(status), status === 'completed'));
    assert.ok(seen.has('completed'));
    assert.deepEqual(done.request_counts, { total: 3, completed: 2, failed: 1 });
    const output = (await (await client.files.content(done.output_file_id!)).text()).trim().split('\n');
    const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n');
    assert.deepEqual(output.map((line) => JSON.parse(line).custom_id).sort(), ['item-0', 'item-2']);
    assert.equal(JSON.parse(output[0]!).response.body.usage.prompt_tokens, 100);
    assert.equal(JSON.parse(errors[0]!).response.status_code, 500);
    // Two billed lines at half of (100 × $1 + 10 × $4) per million tokens: 2 × 70 micro-USD.
    assert.deepEqual(provider.bill(), { chatMicroUsd: 0, batchMicroUsd: 140, totalMicroUsd: 140 });
    const kinds = provider.calls.map((call) => call.kind);
    assert.equal(kinds.filter((kind) => kind === 'file_upload').length, 1);
    assert.equal(kinds.filter((kind) => kind === 'batch_create').length, 1);
    assert.equal(kinds.filter((kind) => kind === undefined).length, 0, 'no chat calls');
  });

  void it('lists batches newest first with their metadata, page by page', async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl(1)), 'a.jsonl'), purpose: 'batch' });
    const ids: string[] = [];
    for (const key of ['a', 'b', 'c']) {
      const params = {
        input_file_id: file.id,
        endpoint: '/v1/chat/completions' as const,
        completion_window: '24h' as const,
      };
      ids.push((await client.batches.create({ ...params, metadata: { key } })).id);
    }
    const page = await client.batches.list({ limit: 2 });
    assert.deepEqual(
      page.data.map((batch) => batch.metadata?.key),
      ['c', 'b'],
    );
    const keys: string[] = [];
    for await (const batch of client.batches.list({ limit: 2 })) keys.push(String(batch.metadata?.key));
    assert.deepEqual(keys.slice(0, 3), ['c', 'b', 'a']);
    assert.ok(ids.every((id) => id.startsWith('batch_')));
  });

  void it('expires: every line comes back batch_expired in the error file, nothing billed', async () => {
    provider.setBatchBehavior('expire');
    const before = provider.bill().batchMicroUsd;
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl(2)), 'e.jsonl'), purpose: 'batch' });
    const params = {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions' as const,
      completion_window: '24h' as const,
    };
    const done = await until(client, (await client.batches.create(params)).id, (status) => status === 'expired');
    assert.equal(done.output_file_id, null);
    const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n');
    assert.deepEqual(
      errors.map((line) => JSON.parse(line).error.code),
      ['batch_expired', 'batch_expired'],
    );
    assert.equal(provider.bill().batchMicroUsd, before);
  });

  void it('cancels: cancelling, then cancelled with every line batch_cancelled', async () => {
    provider.setBatchBehavior('hold');
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl(2)), 'c.jsonl'), purpose: 'batch' });
    const params = {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions' as const,
      completion_window: '24h' as const,
    };
    const created = await client.batches.create(params);
    await until(client, created.id, (status) => status === 'in_progress');
    assert.equal((await client.batches.cancel(created.id)).status, 'cancelling');
    const done = await until(client, created.id, (status) => status === 'cancelled');
    const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n');
    assert.equal(JSON.parse(errors[0]!).error.code, 'batch_cancelled');
  });

  void it('fails validation on a duplicate custom_id, and refuses a wrong key', async () => {
    const twice = [jsonl(1), jsonl(1)].join('\n');
    const file = await client.files.create({ file: await toFile(Buffer.from(twice), 'd.jsonl'), purpose: 'batch' });
    const params = {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions' as const,
      completion_window: '24h' as const,
    };
    const done = await until(client, (await client.batches.create(params)).id, (status) => status === 'failed');
    assert.equal(done.errors?.data?.[0]?.code, 'duplicate_custom_id');
    const stranger = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(stranger.batches.list(), (error: unknown) => (error as { status?: number }).status === 401);
  });
});
