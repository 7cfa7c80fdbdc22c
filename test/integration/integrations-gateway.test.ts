// Integration tests — the AI SDK model and the OpenAI Agents model through `llm-cascade serve` (startGateway on
// loopback, the real dev server, a worker, the fake provider): the same cascades over HTTP, with the ledger from the
// answer's `cascade` field, idempotent retries, and a failed cascade's ledger in the error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, Runner, tool } from '@openai/agents-core';
import { generateObject, generateText, jsonSchema, stepCountIs, tool as aiTool } from 'ai';
import { z } from 'zod';
import { CascadeError } from '../../client/cascade-client';
import { parseGatewayConfig } from '../../gateway/config';
import { sha256Hex } from '../../gateway/keys';
import { startGateway, type Gateway } from '../../gateway/server';
import { cascadeModel } from '../../integrations/ai-sdk';
import { CascadeModelError, cascadeModelProvider } from '../../integrations/openai-agents';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { CONTACT, VALID, toolTurnBehavior, type ToolScript } from '../helpers/tool-turns';

process.env.OPENAI_AGENTS_DISABLE_TRACING = '1';
const KEY = 'sk-integrations-team';
const BROKE_KEY = 'sk-integrations-broke';

interface CascadeData {
  workflowId: string;
  tierPath: string[];
  costMicroUsd: number;
  replayed: boolean;
}
const cascadeOf = (data: unknown) => (data as { cascade: CascadeData }).cascade;

describe('the integrations through the gateway', () => {
  let env: CascadeEnv;
  let gateway: Gateway;
  const script: ToolScript = { economy: [], standard: [] };

  before(async () => {
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
    env = await startCascadeEnv({
      name: 'integrations-gateway',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: toolTurnBehavior(script, 'economy', { name: 'Ada' }) }]],
        ['standard', [{ ref: 'b/std', behavior: toolTurnBehavior(script, 'standard', VALID) }]],
      ],
    });
    const config = parseGatewayConfig(
      {
        // Key ids are namespace-wide (one keyBudgetWorkflow per id, on the queue of the gateway that started it):
        // ids of their own, so another file's gateway with a key of the same id cannot hold this file's requests.
        keys: [
          { id: 'ai-team', sha256: sha256Hex(KEY), maxRequestUsd: 0.5 },
          { id: 'ai-broke', sha256: sha256Hex(BROKE_KEY), maxRequestUsd: 0.000001 },
        ],
      },
      'test-config.json',
    );
    gateway = await startGateway(
      { client: env.temporal.client, catalog: env.catalog, taskQueue: env.taskQueue, config },
      { host: '127.0.0.1', port: 0 },
    );
  });
  after(async () => {
    await gateway?.close();
    await env?.close();
  });

  const through = (apiKey = KEY) => ({ gateway: { baseURL: `${gateway.url}/v1`, apiKey } });

  it('AI SDK: generateObject escalates; the ledger in providerMetadata equals the bill', async () => {
    env.provider.clearCalls();
    const result = await generateObject({
      model: cascadeModel('extract', through()),
      schema: jsonSchema(CONTACT),
      prompt: 'Ada Lovelace <ada@example.com>',
    });
    assert.deepEqual(result.object, VALID);
    const cascade = cascadeOf(result.providerMetadata);
    assert.deepEqual(cascade.tierPath, ['economy', 'standard']);
    assert.match(cascade.workflowId, /^gw-ai-team-/);
    assert.equal(cascade.costMicroUsd, env.provider.bill().chatMicroUsd);
  });

  it('AI SDK: a tool loop over HTTP, and an Idempotency-Key retry that pays nothing', async () => {
    script.economy = [{ call: { tool: 'lookup_email', arguments: { person: 1 } } }, { final: 'ada@example.com' }];
    script.standard = [{ call: { tool: 'lookup_email', arguments: { person: 'Ada Lovelace' } } }];
    const looked: string[] = [];
    const result = await generateText({
      model: cascadeModel('extract', through()),
      prompt: 'Email of Ada Lovelace?',
      tools: {
        lookup_email: aiTool({
          inputSchema: z.object({ person: z.string() }),
          execute: async ({ person }) => {
            looked.push(person);
            return { email: 'ada@example.com' };
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    assert.equal(result.text, 'ada@example.com');
    assert.deepEqual(looked, ['Ada Lovelace']);
    assert.deepEqual(cascadeOf(result.steps[0]!.providerMetadata).tierPath, ['economy', 'standard']);

    const key = `integrations-${Date.now()}`;
    const ask = () =>
      generateObject({
        model: cascadeModel('extract', through()),
        schema: jsonSchema(CONTACT),
        prompt: 'Ada Lovelace',
        headers: { 'Idempotency-Key': key },
      });
    const first = await ask();
    const calls = env.provider.calls.length;
    const again = await ask();
    assert.equal(env.provider.calls.length, calls);
    assert.equal(cascadeOf(again.providerMetadata).replayed, true);
    assert.equal(cascadeOf(again.providerMetadata).workflowId, cascadeOf(first.providerMetadata).workflowId);
  });

  it('OpenAI Agents: a Runner over HTTP; the invalid call escalates and the tool runs once', async () => {
    script.economy = [{ call: { tool: 'lookup_email', arguments: { person: [] } } }, { final: 'ada@example.com' }];
    script.standard = [{ call: { tool: 'lookup_email', arguments: { person: 'Ada Lovelace' } } }];
    env.provider.clearCalls();
    const looked: string[] = [];
    const agent = new Agent({
      name: 'Contacts',
      model: 'cascade/extract',
      tools: [
        tool({
          name: 'lookup_email',
          description: 'Looks up an email',
          parameters: z.object({ person: z.string() }),
          execute: async ({ person }) => {
            looked.push(person);
            return 'ada@example.com';
          },
        }),
      ],
    });
    const result = await new Runner({ modelProvider: cascadeModelProvider(through()) }).run(agent, 'Email of Ada?');
    assert.equal(result.finalOutput, 'ada@example.com');
    assert.deepEqual(looked, ['Ada Lovelace']);
    const cascades = result.rawResponses.map((response) => cascadeOf(response.providerData));
    assert.deepEqual(cascades[0]!.tierPath, ['economy', 'standard']);
    const billed = cascades.reduce((total, cascade) => total + cascade.costMicroUsd, 0);
    assert.equal(billed, env.provider.bill().chatMicroUsd);
  });

  it('a key whose request budget fits no call: CascadeError (AI SDK) and CascadeModelError 402 (Agents)', async () => {
    const error = await generateObject({
      model: cascadeModel('extract', through(BROKE_KEY)),
      schema: jsonSchema(CONTACT),
      prompt: 'Ada',
      maxRetries: 0,
    }).then(
      () => assert.fail('no call fits the budget'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'BudgetExceededError');
    assert.match(error.workflowId, /^gw-ai-broke-/);

    const agent = new Agent({ name: 'A', model: 'cascade/extract', outputType: z.object({ name: z.string() }) });
    const agentError = await new Runner({ modelProvider: cascadeModelProvider(through(BROKE_KEY)) })
      .run(agent, 'Ada')
      .then(
        () => assert.fail('no call fits the budget'),
        (caught: unknown) => caught,
      );
    assert.ok(agentError instanceof CascadeModelError, String(agentError));
    assert.equal(agentError.status, 402);
  });
});
