// Pure unit tests — the front door's OpenAI wire format: request checks and translation, answer shape; no I/O
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseGatewayConfig } from '../../gateway/config';
import { GatewayError } from '../../gateway/errors';
import { authenticate, RateLimiter, sha256Hex } from '../../gateway/keys';
import { canonicalJson, parseChatRequest } from '../../gateway/openai-request';
import { chatCompletion, streamEvents, tierPath } from '../../gateway/openai-response';
import type { CascadeResult } from '../../workflows/definitions';
import { route, row } from '../helpers/plans';

const SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const config = parseGatewayConfig({ tasks: { extract: { schema: SCHEMA, schemaName: 'contact' } } }, '/x/config.json');
const parse = (body: Record<string, unknown>) => parseChatRequest(body, config, ['extract', 'classify']);
const user = [{ role: 'user', content: 'Ada' }];

function rejects(body: Record<string, unknown>, status: number, param?: string) {
  assert.throws(
    () => parse(body),
    (error: unknown) => error instanceof GatewayError && error.status === status && (!param || error.param === param),
  );
}

describe('gateway wire: requests', () => {
  it('model names a task, bare or prefixed; response_format json_schema carries the schema', () => {
    const parsed = parse({
      model: 'cascade/classify',
      messages: [{ role: 'developer', content: 'be terse' }, ...user],
      response_format: { type: 'json_schema', json_schema: { name: 'label', schema: { type: 'object' } } },
    });
    assert.equal(parsed.task, 'classify');
    assert.deepEqual(parsed.request.schema, { type: 'object' });
    assert.equal(parsed.request.schemaName, 'label');
    assert.deepEqual(parsed.request.messages, [
      { role: 'system', content: 'be terse' },
      { role: 'user', content: 'Ada' },
    ]);
  });

  it("without response_format the task's default schema applies; a task without one is a 400", () => {
    const parsed = parse({ model: 'extract', messages: user });
    assert.deepEqual(parsed.request.schema, SCHEMA);
    assert.equal(parsed.request.schemaName, 'contact');
    rejects({ model: 'classify', messages: user }, 400, 'response_format');
  });

  it('text parts are joined; user and metadata become the request metadata', () => {
    const parsed = parse({
      model: 'extract',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Ada ' },
            { type: 'text', text: 'Lovelace' },
          ],
        },
      ],
      user: 'u-1',
      metadata: { session_id: 's-9', team: 'ops' },
    });
    assert.equal(parsed.request.messages?.[0]?.content, 'Ada Lovelace');
    assert.deepEqual(parsed.request.metadata, { userId: 'u-1', sessionId: 's-9', tags: ['team=ops'] });
  });

  it('refuses what a cascade cannot honour, with the parameter named', () => {
    rejects({ model: 'nope', messages: user }, 404, 'model');
    rejects({ model: 'extract', messages: [] }, 400, 'messages');
    rejects({ model: 'extract', messages: [{ role: 'tool', content: 'x' }] }, 400, 'messages[0].role');
    rejects({ model: 'extract', messages: [{ role: 'user', content: [{ type: 'image_url' }] }] }, 400);
    rejects({ model: 'extract', messages: user, tools: [{ type: 'function' }] }, 400, 'tools');
    rejects({ model: 'extract', messages: user, n: 2 }, 400, 'n');
    rejects({ model: 'extract', messages: user, metadata: { a: 1 } }, 400, 'metadata');
    rejects({ model: 'extract', messages: user, response_format: { type: 'json_schema', json_schema: {} } }, 400);
  });

  it('the fingerprint ignores key order and streaming options, not content', () => {
    const a = parse({ model: 'extract', messages: user, user: 'u' });
    const b = parse({
      user: 'u',
      stream: true,
      stream_options: { include_usage: true },
      messages: user,
      model: 'extract',
    });
    const c = parse({ model: 'extract', messages: [{ role: 'user', content: 'Bob' }], user: 'u' });
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
    assert.equal(b.stream, true);
    assert.equal(b.includeUsage, true);
    assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null }), '{"a":null,"b":[1,{"c":2,"d":1}]}');
  });
});

describe('gateway wire: answers', () => {
  const plan = route([
    ['economy', ['a/small']],
    ['premium', ['p/big']],
  ]);
  const result: CascadeResult = {
    output: { name: 'Ada' },
    attempts: [
      row(plan, 0, 0, 'schema_violation'),
      row(plan, 0, 0, 'schema_violation', { reason: 'repair' }),
      row(plan, 1, 0, 'ok'),
    ],
    totals: {
      attempts: 3,
      billedAttempts: 3,
      costMicroUsd: 420,
      costUsd: 0.00042,
      inputTokens: 300,
      cachedInputTokens: 64,
      outputTokens: 30,
    },
    totalCostUsd: 0.00042,
    baselineCostUsd: 0.0004,
    finalTier: 'premium',
    finalModel: 'p/big',
    workflowId: 'gw-k-1',
  };

  it('a chat.completion whose content is the validated JSON, usage summed over the attempts', () => {
    const body = chatCompletion(result, 1700000000, false);
    assert.equal(body.model, 'p/big');
    assert.equal(body.choices[0]!.message.content, '{"name":"Ada"}');
    assert.deepEqual(body.usage, {
      prompt_tokens: 300,
      completion_tokens: 30,
      total_tokens: 330,
      prompt_tokens_details: { cached_tokens: 64 },
    });
    assert.deepEqual(body.cascade.tier_path, ['economy', 'premium']);
    assert.equal(body.cascade.attempts, 3);
    assert.equal(body.id, chatCompletion(result, 1, true).id, 'the id is stable across retries');
    assert.deepEqual(tierPath({ attempts: [] }), []);
  });

  it('streams the validated answer as one content chunk, a finish chunk, usage when asked, then [DONE]', () => {
    const events = streamEvents(result, 1, false, true).split('\n\n').filter(Boolean);
    assert.equal(events.length, 4);
    assert.equal(events[3], 'data: [DONE]');
    const chunks = events.slice(0, 3).map((e) => JSON.parse(e.slice('data: '.length)));
    assert.equal(chunks[0].choices[0].delta.content, '{"name":"Ada"}');
    assert.equal(chunks[1].choices[0].finish_reason, 'stop');
    assert.equal(chunks[2].usage.total_tokens, 330);
    assert.equal(streamEvents(result, 1, false, false).split('\n\n').filter(Boolean).length, 3);
  });
});

describe('gateway keys', () => {
  const key = { id: 'team-a', sha256: sha256Hex('sk-team-a'), rateLimit: { requestsPerMinute: 2 } };

  it('finds a key by the hash of its bearer token; a missing or wrong key is a 401', () => {
    assert.equal(authenticate([key], { authorization: 'Bearer sk-team-a' })?.id, 'team-a');
    assert.equal(authenticate([], {}), undefined, 'no keys configured: open');
    for (const headers of [{}, { authorization: 'Bearer sk-wrong' }, { authorization: 'Basic x' }]) {
      assert.throws(
        () => authenticate([key], headers),
        (e: unknown) => e instanceof GatewayError && e.status === 401,
      );
    }
  });

  it('rate limit: a bucket of requests per minute, refilled over time, 429 with Retry-After past it', () => {
    const limiter = new RateLimiter();
    limiter.take(key, 0);
    limiter.take(key, 0);
    assert.throws(
      () => limiter.take(key, 0),
      (e: unknown) => e instanceof GatewayError && e.status === 429 && e.headers['retry-after'] === '30',
    );
    limiter.take(key, 31_000);
  });

  it('config: hashes must be hex SHA-256, ids unique', () => {
    assert.throws(() => parseGatewayConfig({ keys: [{ id: 'a', sha256: 'sk-plain' }] }, 'c.json'), /SHA-256/);
    assert.throws(
      () => parseGatewayConfig({ keys: [key, key].map(({ id, sha256 }) => ({ id, sha256 })) }, 'c.json'),
      /appears twice/,
    );
    assert.equal(parseGatewayConfig(undefined, 'c.json').maxRequestUsd, 1);
  });
});
