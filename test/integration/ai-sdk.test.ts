// Integration tests — the real `ai` package (7, and 6 through the v3 specification) with `cascadeModel` through a
// Temporal client, on the real dev server, a worker and the fake provider: a call is a whole cascade.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateObject, generateText, jsonSchema, Output, stepCountIs, streamObject, streamText, tool } from 'ai';
import * as ai6 from 'ai6';
import { z } from 'zod';
import { cascadeModel, createCascade } from '../../integrations/ai-sdk';
import type { AttemptRecord } from '../../workflows/definitions';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { CONTACT, VALID, toolTurnBehavior, type ToolScript } from '../helpers/tool-turns';

interface CascadeMetadata {
  workflowId: string;
  tierPath: string[];
  costMicroUsd: number;
  replayed: boolean;
  ledger: AttemptRecord[];
}

const metadataOf = (providerMetadata: unknown) => (providerMetadata as { cascade: CascadeMetadata }).cascade;

describe('AI SDK: a cascade as a language model', () => {
  let env: CascadeEnv;
  /** What the economy and standard models do on tool turns: set per test. */
  const script: ToolScript = { economy: [], standard: [] };

  before(async () => {
    // generateObject/streamObject are deprecated in ai 7 (still supported); keep the test output to the results.
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
    env = await startCascadeEnv({
      name: 'ai-sdk',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: toolTurnBehavior(script, 'economy', { name: 'Ada' }) }]],
        [
          'standard',
          [
            {
              ref: 'b/std',
              behavior: toolTurnBehavior(script, 'standard', VALID),
              inputUsdPerMTok: 3,
              outputUsdPerMTok: 9,
            },
          ],
        ],
      ],
    });
  });
  after(async () => {
    await env?.close();
  });

  const model = () => cascadeModel('extract', { client: env.temporal.client, taskQueue: env.taskQueue });

  it('generateObject: the schema is the cascade schema, usage is summed, the ledger equals the bill', async () => {
    env.provider.clearCalls();
    const result = await generateObject({
      model: model(),
      schema: z.object({ name: z.string(), email: z.string() }),
      prompt: 'Ada Lovelace <ada@example.com>',
    });
    assert.deepEqual(result.object, VALID);
    const cascade = metadataOf(result.providerMetadata);
    assert.deepEqual(cascade.tierPath, ['economy', 'standard']);
    assert.deepEqual(
      cascade.ledger.map((row) => [row.ref, row.outcome]),
      [
        ['a/eco', 'schema_violation'],
        ['b/std', 'ok'],
      ],
    );
    const sum = (pick: (row: AttemptRecord) => number) => cascade.ledger.reduce((total, row) => total + pick(row), 0);
    assert.equal(
      result.usage.inputTokens,
      sum((row) => row.usage.inputTokens),
    );
    assert.equal(
      result.usage.outputTokens,
      sum((row) => row.usage.outputTokens),
    );
    assert.equal(cascade.costMicroUsd, env.provider.bill().chatMicroUsd);
    assert.match(result.response.modelId, /^b\/std$/);
    // The AI SDK's schema reached the provider as the cascade's json_schema.
    const format = (env.provider.calls[0]!.body as { response_format: { json_schema: { schema: unknown } } })
      .response_format;
    assert.deepEqual(Object.keys((format.json_schema.schema as { properties: object }).properties), ['name', 'email']);
  });

  it("generateText with ai 7's structured output (Output.object) is the same cascade", async () => {
    const result = await generateText({
      model: model(),
      output: Output.object({ schema: z.object({ name: z.string(), email: z.string() }) }),
      prompt: 'Ada Lovelace <ada@example.com>',
    });
    assert.deepEqual(result.output, VALID);
    assert.deepEqual(metadataOf(result.providerMetadata).tierPath, ['economy', 'standard']);
  });

  it('generateText with tools: an invalid call escalates, the valid one runs, each step is a cascade', async () => {
    env.provider.clearCalls();
    script.economy = [{ call: { tool: 'lookup_email', arguments: { person: 42 } } }, { final: 'ada@example.com' }];
    script.standard = [{ call: { tool: 'lookup_email', arguments: { person: 'Ada Lovelace' } } }];
    const ran: unknown[] = [];
    const result = await generateText({
      model: model(),
      prompt: 'What is the email of Ada Lovelace?',
      tools: {
        lookup_email: tool({
          description: 'Looks up the email of a person',
          inputSchema: z.object({ person: z.string() }),
          execute: async ({ person }) => {
            ran.push(person);
            return { email: 'ada@example.com' };
          },
        }),
      },
      stopWhen: stepCountIs(4),
    });
    assert.deepEqual(ran, ['Ada Lovelace'], 'the tool ran once, with the arguments that validated');
    assert.equal(result.text, 'ada@example.com');
    assert.equal(result.steps.length, 2);
    const [first, second] = result.steps.map((step) => metadataOf(step.providerMetadata));
    assert.deepEqual(first!.tierPath, ['economy', 'standard']);
    assert.equal(first!.ledger[0]!.outcome, 'schema_violation');
    assert.deepEqual(second!.tierPath, ['economy']);
    assert.notEqual(first!.workflowId, second!.workflowId);
    // The second cascade saw the first call and its result.
    const lastCall = env.provider.calls[env.provider.calls.length - 1]!.body as { messages: { content: string }[] };
    assert.ok(lastCall.messages.some((message) => message.content.includes('Tool results:')));
    const billed = result.steps.reduce((total, step) => total + metadataOf(step.providerMetadata).costMicroUsd, 0);
    assert.equal(billed, env.provider.bill().chatMicroUsd);
    assert.equal(
      result.totalUsage.inputTokens,
      result.steps.reduce((total, step) => total + (step.usage.inputTokens ?? 0), 0),
    );
  });

  it('streamText and streamObject stream the validated answer', async () => {
    script.economy = [{ final: 'Ada Lovelace writes from ada@example.com.' }];
    const text = streamText({ model: model(), prompt: 'Summarise: Ada Lovelace <ada@example.com>' });
    let streamed = '';
    for await (const delta of text.textStream) streamed += delta;
    assert.equal(streamed, 'Ada Lovelace writes from ada@example.com.');
    assert.deepEqual(metadataOf(await text.providerMetadata).tierPath, ['economy']);

    const object = streamObject({
      model: model(),
      schema: jsonSchema<{ name: string; email: string }>(CONTACT),
      prompt: 'Ada Lovelace <ada@example.com>',
    });
    const partials: unknown[] = [];
    for await (const partial of object.partialObjectStream) partials.push(partial);
    assert.deepEqual(await object.object, VALID);
    assert.deepEqual(partials[partials.length - 1], VALID);
  });

  it('an Idempotency-Key header makes a retried call attach to its cascade: no second bill', async () => {
    const provider = createCascade({ client: env.temporal.client, taskQueue: env.taskQueue });
    const key = `ai-sdk-retry-${Date.now()}`;
    const call = () =>
      generateObject({
        model: provider.languageModel('cascade/extract'),
        schema: jsonSchema(CONTACT),
        prompt: 'Ada Lovelace <ada@example.com>',
        headers: { 'Idempotency-Key': key },
      });
    const once = await call();
    const calls = env.provider.calls.length;
    const again = await call();
    assert.equal(env.provider.calls.length, calls, 'no provider call for the retry');
    assert.deepEqual(again.object, VALID);
    const [first, second] = [metadataOf(once.providerMetadata), metadataOf(again.providerMetadata)];
    assert.equal(second.workflowId, first.workflowId);
    assert.equal(second.replayed, true);
  });

  it('ai 6 takes the model with specificationVersion v3: generateObject and a tool loop', async () => {
    script.economy = [{ call: { tool: 'lookup_email', arguments: { person: 'Ada' } } }, { final: 'done' }];
    // The type of ai 6's own @ai-sdk/provider 3 copy (this repository resolves @ai-sdk/provider to 4, for ai 7).
    const v3 = cascadeModel('extract', {
      client: env.temporal.client,
      taskQueue: env.taskQueue,
      specificationVersion: 'v3',
    }) as unknown as ai6.LanguageModel;
    const object = await ai6.generateObject({ model: v3, schema: ai6.jsonSchema(CONTACT), prompt: 'Ada Lovelace' });
    assert.deepEqual(object.object, VALID);
    const text = await ai6.generateText({
      model: v3,
      prompt: 'Email of Ada?',
      tools: {
        lookup_email: ai6.tool({
          inputSchema: ai6.jsonSchema<{ person: string }>({
            type: 'object',
            properties: { person: { type: 'string' } },
            required: ['person'],
          }),
          execute: async () => ({ email: 'ada@example.com' }),
        }),
      },
      stopWhen: ai6.stepCountIs(3),
    });
    assert.equal(text.text, 'done');
    assert.equal(text.steps.length, 2);
  });
});
