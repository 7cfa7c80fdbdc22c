// Component tests — the simulated provider profile over real loopback HTTP with the openai SDK; no Temporal
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import OpenAI from 'openai';
import { z } from 'zod';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { embedSchemaInPrompt, extractRequestSchema, simulatedBehavior } from '../../sim/simulated-provider';

const schema = z.toJSONSchema(
  z.object({ title: z.string(), year: z.int().min(1900).max(2100), tags: z.array(z.string()) }),
);
const validate = addFormats(new Ajv2020()).compile(schema);
const nativeFormat = { type: 'json_schema' as const, json_schema: { name: 'book', strict: true, schema } };

void describe('simulated provider', () => {
  let provider: FakeProvider;
  let client: OpenAI;

  before(async () => {
    provider = await startFakeProvider();
    client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'x', maxRetries: 0 });
  });
  after(() => provider.close());

  const ask = (model: string, withNativeSchema = true) =>
    client.chat.completions.create({
      model,
      messages: withNativeSchema
        ? [{ role: 'user', content: 'Extract the book.' }]
        : [
            { role: 'system', content: embedSchemaInPrompt(schema) },
            { role: 'user', content: 'Extract the book.' },
          ],
      ...(withNativeSchema && { response_format: nativeFormat }),
    });

  void it('finds the schema in response_format or between the system-message markers', () => {
    assert.deepEqual(extractRequestSchema({ response_format: nativeFormat, messages: [] }), schema);
    const body = { messages: [{ role: 'system', content: `Be terse.\n${embedSchemaInPrompt(schema)}` }] };
    assert.deepEqual(extractRequestSchema(body), schema);
    assert.equal(extractRequestSchema({ messages: [{ role: 'user', content: 'hi' }] }), undefined);
  });

  void it('answers schema-valid JSON at passRate 1, either way the schema is sent', async () => {
    provider.setModel('good', simulatedBehavior({ passRate: 1, seed: 1 }));
    for (const native of [true, false]) {
      const c = await ask('good', native);
      assert.ok(validate(JSON.parse(c.choices[0]?.message.content ?? '')));
      assert.ok((c.usage?.prompt_tokens ?? 0) > 0 && (c.usage?.completion_tokens ?? 0) > 0);
    }
  });

  void it('answers broken JSON or schema violations at passRate 0', async () => {
    provider.setModel('broken', simulatedBehavior({ passRate: 0, invalidJsonRate: 1, lengthRate: 1, seed: 1 }));
    const broken = await ask('broken');
    assert.throws(() => JSON.parse(broken.choices[0]?.message.content ?? ''));
    assert.equal(broken.choices[0]?.finish_reason, 'length');
    provider.setModel('wrong', simulatedBehavior({ passRate: 0, invalidJsonRate: 0, seed: 1 }));
    const wrong = await ask('wrong');
    assert.equal(validate(JSON.parse(wrong.choices[0]?.message.content ?? '')), false);
  });

  void it('injects 503s and 429s with retry-after', async () => {
    provider.setModel('down', simulatedBehavior({ passRate: 1, errorRates: { status503: 1 } }));
    await assert.rejects(ask('down'), (err) => err instanceof OpenAI.InternalServerError && err.status === 503);
    provider.setModel('busy', simulatedBehavior({ passRate: 1, errorRates: { status429: 1, retryAfterSeconds: 3 } }));
    await assert.rejects(
      ask('busy'),
      (err) => err instanceof OpenAI.RateLimitError && err.headers.get('retry-after') === '3',
    );
  });

  void it('is deterministic per seed, model and call index', async () => {
    const profile = { passRate: 0.5, invalidJsonRate: 0.5, errorRates: { status503: 0.2 }, seed: 42 };
    const run = async (interleave: boolean) => {
      provider.setModel('a', simulatedBehavior(profile));
      provider.setModel('b', simulatedBehavior(profile));
      const out: string[] = [];
      for (let i = 0; i < 12; i++) {
        if (interleave) await ask('b').catch(() => undefined);
        out.push(
          await ask('a').then(
            (c) => c.choices[0]?.message.content ?? '',
            (e: Error) => e.constructor.name,
          ),
        );
      }
      return out;
    };
    const first = await run(false);
    assert.deepEqual(await run(true), first);
    assert.ok(new Set(first).size > 3, 'outcomes should vary across calls');
  });

  void it('adds latency around the configured mean', async () => {
    provider.setModel('slow', simulatedBehavior({ passRate: 1, latencyMs: { mean: 120, jitter: 20 } }));
    const started = Date.now();
    await ask('slow');
    assert.ok(Date.now() - started >= 95);
  });
});
