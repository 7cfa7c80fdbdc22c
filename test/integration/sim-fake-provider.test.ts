// Component tests — the fake provider over real loopback HTTP, driven by the real openai SDK; no Temporal
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { countTokens } from 'gpt-tokenizer';
import { startFakeProvider, type FakeCall, type FakeProvider } from '../../sim/fake-provider';

const user = (content: string) => [{ role: 'user' as const, content }];

/** Run `fn`, which must reject, and return what it threw. */
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a rejection');
}

void describe('fake provider', () => {
  let provider: FakeProvider;
  let client: OpenAI;

  before(async () => {
    provider = await startFakeProvider({ models: { 'fixed-model': { kind: 'content', content: 'hello' } } });
    client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => provider.close());
  beforeEach(() => provider.clearCalls());

  void it('listens on loopback and serves /__health and /v1/models', async () => {
    assert.match(provider.baseURL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const health = (await (await fetch(`http://127.0.0.1:${provider.port}/__health`)).json()) as { ok: boolean };
    assert.equal(health.ok, true);
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === 'fixed-model'));
  });

  void it('answers a chat.completion with counted usage by default', async () => {
    const messages = user('Extract the invoice total from: total due 42 EUR');
    const completion = await client.chat.completions.create({ model: 'fixed-model', messages });
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    const choice = completion.choices[0];
    assert.equal(choice?.message.content, 'hello');
    assert.equal(choice?.message.refusal, null);
    assert.equal(choice?.finish_reason, 'stop');
    assert.equal(completion.usage?.completion_tokens, countTokens('hello'));
    // 3 priming + 4 per message + the text's own tokens.
    assert.equal(completion.usage?.prompt_tokens, 3 + 4 + countTokens(messages[0]?.content ?? ''));
    assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, 0);
  });

  void it('passes scripted usage with cached tokens, object content and finish_reason length', async () => {
    provider.setModel('m', {
      kind: 'content',
      content: { total: 42 },
      finishReason: 'length',
      usage: { promptTokens: 2000, completionTokens: 7, cachedTokens: 1536 },
    });
    const completion = await client.chat.completions.create({ model: 'm', messages: user('x') });
    assert.equal(completion.choices[0]?.message.content, '{"total":42}');
    assert.equal(completion.choices[0]?.finish_reason, 'length');
    assert.equal(completion.usage?.prompt_tokens, 2000);
    assert.equal(completion.usage?.completion_tokens, 7);
    assert.equal(completion.usage?.total_tokens, 2007);
    assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, 1536);
    assert.deepEqual(provider.calls[0]?.usage, { promptTokens: 2000, completionTokens: 7, cachedTokens: 1536 });
  });

  void it('sends refusals and empty answers as the real API does', async () => {
    provider.setModel('m', [{ kind: 'refusal', refusal: "I can't help with that." }, { kind: 'empty' }]);
    const refused = await client.chat.completions.create({ model: 'm', messages: user('x') });
    assert.equal(refused.choices[0]?.message.content, null);
    assert.equal(refused.choices[0]?.message.refusal, "I can't help with that.");
    const empty = await client.chat.completions.create({ model: 'm', messages: user('x') });
    assert.equal(empty.choices[0]?.message.content, '');
  });

  void it('surfaces 429 with retry-after as RateLimitError with Headers', async () => {
    provider.setModel('m', { kind: 'error', status: 429, headers: { 'retry-after': '2' } });
    const err = await thrown(() => client.chat.completions.create({ model: 'm', messages: user('x') }));
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.status, 429);
    assert.equal(err.code, 'rate_limit_exceeded');
    // openai 6: `headers` is a WHATWG Headers object, not a plain record.
    assert.ok(err.headers instanceof Headers);
    assert.equal(err.headers.get('retry-after'), '2');
    assert.match(err.requestID ?? '', /^req_/);
    assert.equal(provider.calls[0]?.status, 429);
  });

  void it('surfaces 503 as an APIError (InternalServerError) with status 503', async () => {
    provider.setModel('m', { kind: 'error', status: 503 });
    const err = await thrown(() => client.chat.completions.create({ model: 'm', messages: user('x') }));
    assert.ok(err instanceof OpenAI.InternalServerError);
    assert.ok(err instanceof OpenAI.APIError);
    assert.equal(err.status, 503);
    assert.equal(err.type, 'server_error');
    assert.match(err.message, /overloaded/);
  });

  void it('surfaces context_length_exceeded, unknown models and bad keys with OpenAI codes', async () => {
    provider.setModel('m', { kind: 'error', status: 400, code: 'context_length_exceeded', contextWindow: 8192 });
    const ctx = await thrown(() => client.chat.completions.create({ model: 'm', messages: user('x') }));
    assert.ok(ctx instanceof OpenAI.BadRequestError);
    assert.equal(ctx.code, 'context_length_exceeded');
    assert.match(ctx.message, /maximum context length is 8192 tokens/);

    const missing = await thrown(() => client.chat.completions.create({ model: 'nope', messages: user('x') }));
    assert.ok(missing instanceof OpenAI.NotFoundError);
    assert.equal(missing.code, 'model_not_found');
    assert.deepEqual(missing.error, {
      message: 'The model `nope` does not exist',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });

    const locked = await startFakeProvider({ apiKey: 'right', models: { m: { kind: 'empty' } } });
    try {
      const wrongKey = new OpenAI({ baseURL: locked.baseURL, apiKey: 'wrong', maxRetries: 0 });
      const auth = await thrown(() => wrongKey.chat.completions.create({ model: 'm', messages: user('x') }));
      assert.ok(auth instanceof OpenAI.AuthenticationError);
      assert.equal(auth.code, 'invalid_api_key');
    } finally {
      await locked.close();
    }
  });

  void it('turns reset into APIConnectionError and hang into APIConnectionTimeoutError', async () => {
    provider.setModel('reset', { kind: 'reset' });
    provider.setModel('hang', { kind: 'hang' });
    const reset = await thrown(() => client.chat.completions.create({ model: 'reset', messages: user('x') }));
    assert.ok(reset instanceof OpenAI.APIConnectionError);
    assert.ok(!(reset instanceof OpenAI.APIConnectionTimeoutError));
    assert.equal(reset.status, undefined);

    const started = Date.now();
    const hang = await thrown(() =>
      client.chat.completions.create({ model: 'hang', messages: user('x') }, { timeout: 300 }),
    );
    assert.ok(hang instanceof OpenAI.APIConnectionTimeoutError);
    assert.ok(Date.now() - started >= 250);
    const hung = provider.calls.find((c) => c.model === 'hang');
    assert.equal(hung?.reply, 'hang');
    assert.equal(hung?.status, 0);
  });

  void it('turns a caller abort into APIUserAbortError', async () => {
    provider.setModel('hang', { kind: 'hang' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await thrown(() =>
      client.chat.completions.create({ model: 'hang', messages: user('x') }, { signal: ac.signal }),
    );
    assert.ok(err instanceof OpenAI.APIUserAbortError);
    assert.ok(!(err instanceof OpenAI.APIConnectionError));
  });

  void it('consumes a reply queue one per call and repeats the last entry', async () => {
    provider.setModel('m', [
      { kind: 'error', status: 503 },
      { kind: 'content', content: 'first' },
      { kind: 'content', content: 'last' },
    ]);
    await thrown(() => client.chat.completions.create({ model: 'm', messages: user('x') }));
    const answers: Array<string | null | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const c = await client.chat.completions.create({ model: 'm', messages: user('x') });
      answers.push(c.choices[0]?.message.content);
    }
    assert.deepEqual(answers, ['first', 'last', 'last']);
    assert.deepEqual(
      provider.calls.map((c) => [c.status, c.reply]),
      [
        [503, 'error'],
        [200, 'content'],
        [200, 'content'],
        [200, 'content'],
      ],
    );
  });

  void it('gives behaviour functions the call index and prompt tokens, and honours delayMs', async () => {
    const seen: Array<[number, number]> = [];
    provider.setModel('m', (ctx) => {
      seen.push([ctx.callIndex, ctx.promptTokens]);
      return { kind: 'content', content: `call ${ctx.callIndex}`, delayMs: 80 };
    });
    const started = Date.now();
    const a = await client.chat.completions.create({ model: 'm', messages: user('x') });
    assert.ok(Date.now() - started >= 75);
    const b = await client.chat.completions.create({ model: 'm', messages: user('x') });
    assert.equal(a.choices[0]?.message.content, 'call 0');
    assert.equal(b.choices[0]?.message.content, 'call 1');
    assert.deepEqual(
      seen.map(([index]) => index),
      [0, 1],
    );
    assert.ok((seen[0]?.[1] ?? 0) > 0);
  });

  void it('records the request body, response_format and authorization; /__calls serves the log', async () => {
    const responseFormat = {
      type: 'json_schema' as const,
      json_schema: {
        name: 'invoice',
        strict: true,
        schema: { type: 'object', properties: {}, additionalProperties: false },
      },
    };
    await client.chat.completions.create({
      model: 'fixed-model',
      messages: user('x'),
      response_format: responseFormat,
    });
    const call = provider.calls[0];
    assert.equal(call?.model, 'fixed-model');
    assert.equal(call?.authorization, 'Bearer sk-test');
    assert.deepEqual((call?.body as { response_format?: unknown }).response_format, responseFormat);

    const url = `http://127.0.0.1:${provider.port}/__calls`;
    const overHttp = (await (await fetch(url)).json()) as FakeCall[];
    assert.equal(overHttp.length, 1);
    assert.equal(overHttp[0]?.seq, call?.seq);
    assert.deepEqual((overHttp[0]?.body as { response_format?: unknown }).response_format, responseFormat);
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 200);
    assert.equal(provider.calls.length, 0);
  });

  void it('close() ends hanging requests so nothing is left open', async () => {
    const other = await startFakeProvider({ models: { hang: { kind: 'hang' } } });
    const c = new OpenAI({ baseURL: other.baseURL, apiKey: 'x', maxRetries: 0, timeout: 10_000 });
    const pending = thrown(() => c.chat.completions.create({ model: 'hang', messages: user('x') }));
    while (other.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await other.close();
    const err = await pending;
    assert.ok(err instanceof OpenAI.APIConnectionError);
    assert.ok(Date.now() - started < 2000);
  });
});
