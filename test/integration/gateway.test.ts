// Integration tests — the official `openai` Node SDK against `startGateway` on loopback, a real Temporal dev server,
// a worker and the fake provider: validated JSON with summed usage, idempotent retries, errors with the ledger, keys
// Longer than 250 lines because its 12 cases of the OpenAI wire share one gateway, worker and fake provider.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { join } from 'node:path';
import { costMicroUsd } from '../../catalog/pricing';
import { aggregateReport } from '../../cli/report/aggregate';
import { readRun } from '../../cli/report/source';
import { parseGatewayConfig } from '../../gateway/config';
import { sha256Hex } from '../../gateway/keys';
import { startGateway, type Gateway } from '../../gateway/server';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { runPython } from '../helpers/python-openai';
import { findProjectRoot } from '../../server/temporal-cli';

const CONTACT = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string' } },
  required: ['name', 'email'],
  additionalProperties: false,
};
const VALID = { name: 'Ada Lovelace', email: 'ada@example.com' };
const KEY = 'sk-gateway-test-team-a';
const BROKE_KEY = 'sk-gateway-test-broke';

describe('llm-cascade serve: the OpenAI-compatible front door', () => {
  let env: CascadeEnv;
  let gateway: Gateway;
  let openai: OpenAI;

  before(async () => {
    env = await startCascadeEnv({
      name: 'gateway',
      tiers: [
        // The economy model answers without the email on its first call: the cascade escalates once.
        [
          'economy',
          [
            {
              ref: 'a/eco',
              behavior: (ctx) =>
                ctx.callIndex === 0
                  ? { kind: 'content', content: { name: 'Ada' } }
                  : { kind: 'content', content: VALID },
            },
          ],
        ],
        [
          'premium',
          [{ ref: 'b/big', behavior: { kind: 'content', content: VALID }, inputUsdPerMTok: 5, outputUsdPerMTok: 15 }],
        ],
      ],
    });
    const config = parseGatewayConfig(
      {
        keys: [
          { id: 'team-a', sha256: sha256Hex(KEY), budget: { dailyUsd: 5 } },
          { id: 'broke', sha256: sha256Hex(BROKE_KEY), budget: { dailyUsd: 0.000001 } },
        ],
        tasks: { extract: { schema: CONTACT, schemaName: 'contact' } },
      },
      'test-config.json',
    );
    gateway = await startGateway(
      { client: env.temporal.client, catalog: env.catalog, taskQueue: env.taskQueue, config },
      { host: '127.0.0.1', port: 0 },
    );
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY, maxRetries: 0 });
  });
  after(async () => {
    await gateway?.close();
    await env?.close();
  });

  it('GET /v1/models lists the tasks of the catalog', async () => {
    const models = await openai.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['cascade/extract'],
    );
    assert.equal((await openai.models.retrieve('cascade/extract')).id, 'cascade/extract');
  });

  it('a chat completion is the validated JSON; usage is summed over the attempts; headers carry the ledger', async () => {
    const { data, response } = await openai.chat.completions
      .create({
        model: 'cascade/extract',
        messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }],
        response_format: { type: 'json_schema', json_schema: { name: 'contact', schema: CONTACT, strict: true } },
        user: 'user-7',
      })
      .withResponse();
    assert.deepEqual(JSON.parse(data.choices[0]!.message.content!), VALID);
    assert.equal(data.model, 'b/big', 'the model that answered');
    const calls = env.provider.calls.filter((c) => c.status === 200);
    assert.equal(calls.length, 2, 'economy (schema violation), then premium');
    const prompt = calls.reduce((sum, c) => sum + c.usage!.promptTokens, 0);
    const completion = calls.reduce((sum, c) => sum + c.usage!.completionTokens, 0);
    assert.equal(data.usage!.prompt_tokens, prompt);
    assert.equal(data.usage!.completion_tokens, completion);
    assert.equal(data.usage!.total_tokens, prompt + completion);
    assert.equal(response.headers.get('x-cascade-attempts'), '2');
    assert.equal(response.headers.get('x-cascade-tier-path'), 'economy,premium');
    const extra = (data as unknown as { cascade: { cost_usd: number; workflow_id: string; ledger: unknown[] } })
      .cascade;
    assert.equal(Number(response.headers.get('x-cascade-cost-usd')), extra.cost_usd);
    assert.ok(extra.cost_usd > 0);
    assert.equal(response.headers.get('x-cascade-workflow-id'), extra.workflow_id);
    assert.equal(extra.ledger.length, 2);
    const memo = (await env.temporal.client.workflow.getHandle(extra.workflow_id).describe()).memo;
    assert.equal(memo?.userId, 'user-7');
    assert.equal(memo?.gatewayKey, 'team-a');
  });

  it('the official openai Python package gets validated JSON with usage, and the same answer on a retry', async () => {
    const before = env.provider.calls.length;
    const output = await runPython(join(findProjectRoot(), 'test', 'fixtures', 'gateway', 'openai_client.py'), {
      GATEWAY_BASE_URL: `${gateway.url}/v1`,
      GATEWAY_API_KEY: KEY,
      GATEWAY_SCHEMA: JSON.stringify(CONTACT),
      GATEWAY_IDEMPOTENCY_KEY: `python-${Date.now()}`,
    });
    const { answers, models } = JSON.parse(output) as {
      answers: { content: unknown; usage: { total_tokens: number }; cost_usd: string; replayed: string | null }[];
      models: string[];
    };
    assert.deepEqual(answers[0]!.content, VALID);
    assert.ok(answers[0]!.usage.total_tokens > 0);
    assert.ok(Number(answers[0]!.cost_usd) > 0);
    assert.deepEqual(answers[1], { ...answers[0], replayed: 'true' });
    assert.equal(env.provider.calls.length, before + 1, 'one provider call for both');
    assert.deepEqual(models, ['cascade/extract']);
  });

  it("without response_format the task's default schema applies", async () => {
    const data = await openai.chat.completions.create({
      model: 'extract',
      messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }],
    });
    assert.deepEqual(JSON.parse(data.choices[0]!.message.content!), VALID);
  });

  it('the same Idempotency-Key returns the same answer without calling a provider again; another body is a 409', async () => {
    const body = {
      model: 'cascade/extract',
      messages: [{ role: 'user' as const, content: 'Ada, ada@example.com' }],
    };
    const headers = { 'Idempotency-Key': `retry-${Date.now()}` };
    const first = await openai.chat.completions.create(body, { headers }).withResponse();
    const callsAfterFirst = env.provider.calls.length;
    const second = await openai.chat.completions.create(body, { headers }).withResponse();
    assert.equal(env.provider.calls.length, callsAfterFirst, 'no new provider call');
    assert.deepEqual(second.data.choices, first.data.choices);
    assert.deepEqual(second.data.usage, first.data.usage);
    assert.equal(second.data.id, first.data.id);
    assert.equal(second.response.headers.get('x-cascade-replayed'), 'true');
    assert.equal(
      second.response.headers.get('x-cascade-workflow-id'),
      first.response.headers.get('x-cascade-workflow-id'),
    );

    await assert.rejects(
      openai.chat.completions.create({ ...body, messages: [{ role: 'user', content: 'Bob' }] }, { headers }),
      (error: unknown) =>
        error instanceof OpenAI.APIError && error.status === 409 && error.code === 'idempotency_key_reused',
    );
  });

  it('Prefer: respond-async answers 202 at once; the key is a 409 while its request runs, then returns the answer', async () => {
    env.provider.setModel('eco', { kind: 'content', content: VALID, delayMs: 1_500 });
    try {
      const body = { model: 'extract', messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }] };
      const headers = {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        'idempotency-key': `async-${Date.now()}`,
      };
      const send = (extra: Record<string, string> = {}) =>
        fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { ...headers, ...extra },
          body: JSON.stringify(body),
        });
      const accepted = await send({ prefer: 'respond-async' });
      assert.equal(accepted.status, 202);
      const running = await send({ prefer: 'respond-async' });
      assert.equal(running.status, 409);
      assert.equal(((await running.json()) as { error: { code: string } }).error.code, 'request_in_progress');
      const done = await send();
      assert.equal(done.status, 200);
      const answer = (await done.json()) as { choices: { message: { content: string } }[] };
      assert.deepEqual(JSON.parse(answer.choices[0]!.message.content), VALID);
    } finally {
      env.provider.setModel('eco', { kind: 'content', content: VALID });
    }
  });

  it('stream: true gets the validated answer as one chunk, with usage when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: 'cascade/extract',
      messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      content += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.deepEqual(JSON.parse(content), VALID);
    assert.equal(chunks, 3);
    assert.ok(usage && usage.total_tokens > 0);
  });

  it('x-cascade-mode: latency runs the attempts as local activities (no activity tasks in the history)', async () => {
    const messages = [{ role: 'user' as const, content: 'Ada Lovelace <ada@example.com>' }];
    const kinds = async (mode: string) => {
      const { data, response } = await openai.chat.completions
        .create({ model: 'extract', messages }, { headers: { 'x-cascade-mode': mode } })
        .withResponse();
      assert.deepEqual(JSON.parse(data.choices[0]!.message.content!), VALID);
      const history = await env.temporal.client.workflow
        .getHandle(response.headers.get('x-cascade-workflow-id')!)
        .fetchHistory();
      const events = history.events ?? [];
      return {
        activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
        // Local activities' markers (a patch marker, e.g. the ledger memo's, is no call).
        markers: events.filter(
          (e) => e.markerRecordedEventAttributes && e.markerRecordedEventAttributes.markerName !== 'core_patch',
        ).length,
      };
    };
    // One marker is the worker's planning (always a local activity); latency mode adds the call's.
    assert.deepEqual(await kinds('latency'), { activities: 0, markers: 2 });
    assert.deepEqual(await kinds('durable'), { activities: 1, markers: 1 });
    await assert.rejects(
      openai.chat.completions.create({ model: 'extract', messages }, { headers: { 'x-cascade-mode': 'fast' } }),
      (e: unknown) => e instanceof OpenAI.BadRequestError,
    );
  });

  it('OpenAI error shapes: 401 for a bad key, 404 for an unknown model, 400 for what a cascade cannot do', async () => {
    const stranger = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'sk-nope', maxRetries: 0 });
    await assert.rejects(stranger.models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    const messages = [{ role: 'user' as const, content: 'x' }];
    await assert.rejects(
      openai.chat.completions.create({ model: 'summarise', messages }),
      (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found',
    );
    await assert.rejects(
      openai.chat.completions.create({
        model: 'extract',
        messages,
        tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
      }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'tools',
    );
    await assert.rejects(
      openai.chat.completions.create({
        model: 'extract',
        messages,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'x', schema: { type: 'object', propertees: {} } },
        },
      }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && /unknown keyword/.test(e.message),
    );
  });

  it('a key over its budget gets 429 insufficient_quota before any provider call', async () => {
    const broke = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: BROKE_KEY, maxRetries: 0 });
    const before = env.provider.calls.length;
    await assert.rejects(
      broke.chat.completions.create({ model: 'extract', messages: [{ role: 'user', content: 'Ada' }] }),
      (e: unknown) => e instanceof OpenAI.RateLimitError && e.code === 'insufficient_quota',
    );
    assert.equal(env.provider.calls.length, before);
  });

  it('an exhausted route is a 502 whose body carries the ledger of what was paid', async () => {
    env.provider.setModel('eco', { kind: 'content', content: { name: 'Ada' } });
    env.provider.setModel('big', { kind: 'content', content: { name: 'Ada' } });
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'extract', messages: [{ role: 'user', content: 'Ada' }] }),
      });
      assert.equal(response.status, 502);
      assert.equal(response.headers.get('x-should-retry'), 'false');
      const body = (await response.json()) as {
        error: { type: string; code: string };
        cascade: { attempts: { outcome: string }[]; cost_usd: number };
      };
      assert.equal(body.error.code, 'route_exhausted');
      assert.deepEqual(
        body.cascade.attempts.map((a) => a.outcome),
        ['schema_violation', 'schema_violation'],
      );
      assert.ok(body.cascade.cost_usd > 0, 'the failed attempts were billed and are reported');
    } finally {
      env.provider.setModel('eco', { kind: 'content', content: VALID });
      env.provider.setModel('big', { kind: 'content', content: VALID });
    }
  });

  it("the key's durable spend is exactly what the provider billed for its requests", async () => {
    const spend = await gateway.budgets.spend('team-a');
    assert.ok(spend);
    const billed = env.provider.calls
      .filter((c) => c.status === 200)
      .reduce((sum, c) => {
        const model = env.catalog.models[c.model === 'eco' ? 'a/eco' : 'b/big']!;
        const usage = {
          inputTokens: c.usage!.promptTokens,
          cachedInputTokens: c.usage!.cachedTokens,
          cacheWriteTokens: 0,
          outputTokens: c.usage!.completionTokens,
        };
        return sum + costMicroUsd(usage, model.prices[0]!);
      }, 0);
    assert.equal(spend.dayMicroUsd, billed);
    assert.equal(spend.openReservations, 0);

    // `llm-cascade report --by key` reads the same spend back from the requests' histories.
    const runs = [];
    for await (const info of env.temporal.client.workflow.list({ query: `TaskQueue = "${env.taskQueue}"` })) {
      if (info.type === 'cascadeWorkflow') runs.push(await readRun(env.temporal.client, info));
    }
    const report = aggregateReport(runs, 'key');
    assert.deepEqual(
      report.groups.map((g) => [g.key, g.costMicroUsd]),
      [['team-a', billed]],
    );
  });
});
