// Pure unit tests — the framework integrations' turn contract and conversions, no workers, no servers.
// Longer than 250 lines because it holds one small case per rule of the turn contract and per conversion of both
// frameworks (AI SDK, OpenAI Agents), sharing the tools and results they convert.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { ModelRequest } from '@openai/agents-core';
import { checkSchemaStrict, validateOutput } from '../../catalog/node/json-schema';
import { CascadeConfigError } from '../../catalog/errors';
import { nativeTools } from '../../prompts/agent';
import { readTurn, turnContract, TOOL_TURN_SCHEMA, type ToolContract } from '../../integrations/contract/turn';
import { cascadeMetadata, tierPath, type RunnerResult } from '../../integrations/contract/runner';
import { prepareCall } from '../../integrations/ai-sdk/prompt';
import { generateResult, streamParts, toolCallId, usageOf } from '../../integrations/ai-sdk/result';
import { outputItems, prepareRequest } from '../../integrations/openai-agents/items';
import type { AttemptRecord } from '../../workflows/definitions';

const LOOKUP: ToolContract = {
  name: 'lookup_email',
  description: 'Looks up an email',
  inputSchema: { type: 'object', properties: { person: { type: 'string' } }, required: ['person'] },
};
const NOTE: ToolContract = { name: 'note', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } };

function row(partial: Partial<AttemptRecord>): AttemptRecord {
  return {
    seq: 1,
    tier: 'economy',
    tierIndex: 0,
    candidateIndex: 0,
    ref: 'a/eco',
    provider: 'a',
    model: 'eco',
    reason: 'first',
    reasonDetail: 'first',
    outcome: 'ok',
    billed: true,
    usage: { inputTokens: 100, cachedInputTokens: 40, cacheWriteTokens: 5, outputTokens: 20 },
    costMicroUsd: 150,
    costUsd: 0.00015,
    latencyMs: 10,
    tries: 1,
    maxOutputTokens: 100,
    priceSource: 'https://example.test',
    priceEffectiveFrom: '2025-01-01',
    ...partial,
  };
}

function result(output: RunnerResult['output'], attempts = [row({})]): RunnerResult {
  const totals = {
    attempts: attempts.length,
    billedAttempts: attempts.length,
    costMicroUsd: attempts.reduce((sum, a) => sum + a.costMicroUsd, 0),
    costUsd: 0,
    inputTokens: attempts.reduce((sum, a) => sum + a.usage.inputTokens, 0),
    cachedInputTokens: attempts.reduce((sum, a) => sum + a.usage.cachedInputTokens, 0),
    outputTokens: attempts.reduce((sum, a) => sum + a.usage.outputTokens, 0),
  };
  return {
    output,
    attempts,
    totals,
    totalCostUsd: 0,
    baselineCostUsd: 0,
    finalTier: 'economy',
    finalModel: 'a/eco',
    workflowId: 'cascade-1',
  };
}

describe('turn contract', () => {
  it('no tools, text answer: a { text } object, read back as the text', () => {
    const contract = turnContract([], { type: 'auto' }, { kind: 'text' });
    assert.equal(contract.shape, 'text');
    assert.deepEqual(readTurn(contract, { text: 'hello' }), { kind: 'answer', text: 'hello', value: 'hello' });
    assert.equal(validateOutput(contract.schema, { text: '' }).valid, false);
  });

  it('no tools, JSON answer: the caller schema is the cascade schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    const contract = turnContract([], { type: 'auto' }, { kind: 'json', schema, name: 'thing' });
    assert.deepEqual([contract.schemaName, contract.schema, contract.shape], ['thing', schema, 'json']);
    assert.equal(readTurn(contract, { a: 1 }).kind, 'answer');
    assert.equal((readTurn(contract, { a: 1 }) as { text: string }).text, '{"a":1}');
  });

  it("tools: the agent step's shape, so native tool calling reads the tools back", () => {
    const contract = turnContract([LOOKUP, NOTE], { type: 'auto' }, { kind: 'text' });
    assert.equal(contract.schemaName, TOOL_TURN_SCHEMA);
    checkSchemaStrict(contract.schema);
    assert.deepEqual(
      nativeTools(contract.schema).map((tool) => [tool.name, tool.description, tool.parameters]),
      [
        ['lookup_email', 'Looks up an email', LOOKUP.inputSchema],
        ['note', '', NOTE.inputSchema],
      ],
    );
    assert.match(contract.instructions ?? '', /lookup_email: Looks up an email/);
  });

  it('tools: an invalid argument is a schema violation naming the argument; valid calls and answers pass', () => {
    const contract = turnContract([LOOKUP], { type: 'auto' }, { kind: 'text' });
    const bad = validateOutput(contract.schema, {
      action: 'call_tools',
      calls: [{ tool: 'lookup_email', arguments: { person: 42 } }],
    });
    assert.equal(bad.valid, false);
    assert.ok(
      bad.errors.some((error) => error.startsWith('/calls/0/arguments/person')),
      bad.errors.join('; '),
    );
    const call = { action: 'call_tools', calls: [{ tool: 'lookup_email', arguments: { person: 'Ada' } }] };
    assert.equal(validateOutput(contract.schema, call).valid, true);
    assert.deepEqual(readTurn(contract, call), {
      kind: 'tool_calls',
      calls: [{ tool: 'lookup_email', arguments: { person: 'Ada' } }],
    });
    assert.equal(
      validateOutput(contract.schema, { action: 'call_tools', calls: [{ tool: 'other', arguments: {} }] }).valid,
      false,
    );
    assert.deepEqual(readTurn(contract, { action: 'final', answer: 'done' }), {
      kind: 'answer',
      text: 'done',
      value: 'done',
    });
  });

  it('tool modes: required forbids a final answer, a named tool offers that tool only, none offers none', () => {
    const required = turnContract([LOOKUP, NOTE], { type: 'required' }, { kind: 'text' });
    assert.equal(validateOutput(required.schema, { action: 'final', answer: 'x' }).valid, false);
    const named = turnContract([LOOKUP, NOTE], { type: 'tool', toolName: 'note' }, { kind: 'text' });
    assert.deepEqual(
      named.tools.map((tool) => tool.name),
      ['note'],
    );
    assert.equal(turnContract([LOOKUP], { type: 'none' }, { kind: 'text' }).shape, 'text');
    assert.throws(
      () => turnContract([LOOKUP], { type: 'tool', toolName: 'nope' }, { kind: 'text' }),
      (error: unknown) => error instanceof CascadeConfigError && /"nope".*lookup_email/.test(error.message),
    );
  });

  it('tier path and metadata: repeats collapsed, no undefined fields', () => {
    const attempts = [row({ tier: 'economy' }), row({ tier: 'economy', seq: 2 }), row({ tier: 'premium', seq: 3 })];
    assert.deepEqual(tierPath(attempts), ['economy', 'premium']);
    const metadata = cascadeMetadata(result({ text: 'x' }, attempts));
    assert.deepEqual(metadata.tierPath, ['economy', 'premium']);
    assert.equal(metadata.costMicroUsd, 450);
    assert.ok(!JSON.stringify(metadata).includes('undefined'));
  });
});

describe('AI SDK conversions', () => {
  const options = (extra: Partial<LanguageModelV4CallOptions>): LanguageModelV4CallOptions => ({
    prompt: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Email of Ada?' }] },
    ],
    ...extra,
  });

  it('sampling settings are reported as unsupported, never silently dropped; Idempotency-Key is read', () => {
    const call = prepareCall(options({ temperature: 0.2, maxOutputTokens: 50, headers: { 'Idempotency-Key': 'k1' } }));
    assert.deepEqual(
      call.warnings.map((warning) => ('feature' in warning ? warning.feature : '')),
      ['maxOutputTokens', 'temperature'],
    );
    assert.equal(call.idempotencyKey, 'k1');
    assert.deepEqual(call.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Email of Ada?' },
    ]);
  });

  it('tool calls and results become the JSON action and a results turn; the tool instructions follow the system', () => {
    const call = prepareCall(
      options({
        tools: [{ type: 'function', name: 'lookup_email', inputSchema: LOOKUP.inputSchema }],
        prompt: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Email of Ada?' }] },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup_email', input: { person: 'Ada' } }],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'c1',
                toolName: 'lookup_email',
                output: { type: 'json', value: { email: 'ada@example.com' } },
              },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(
      call.messages.map((message) => message.role),
      ['system', 'system', 'user', 'assistant', 'user'],
    );
    assert.equal(
      call.messages[3]!.content,
      '{"action":"call_tools","calls":[{"tool":"lookup_email","arguments":{"person":"Ada"}}]}',
    );
    assert.equal(call.messages[4]!.content, 'Tool results:\nc1 lookup_email: {"email":"ada@example.com"}');
  });

  it('provider tools and file parts are refused with what to do instead', () => {
    assert.throws(
      () => prepareCall(options({ tools: [{ type: 'provider', id: 'openai.web_search', name: 'search', args: {} }] })),
      /provider tool "search".*function tools/,
    );
    assert.throws(
      () =>
        prepareCall(
          options({
            prompt: [
              {
                role: 'user',
                content: [
                  { type: 'file', mediaType: 'image/png', data: { type: 'url', url: new URL('https://x.test/a.png') } },
                ],
              },
            ],
          }),
        ),
      /file parts.*send text/,
    );
  });

  it('results: usage summed over attempts, tool calls with unique ids, stream parts in order', () => {
    const attempts = [row({ outcome: 'schema_violation' }), row({ seq: 2, tier: 'standard' })];
    const usage = usageOf(result({ text: 'x' }, attempts));
    assert.deepEqual(usage.inputTokens, { total: 200, noCache: 120, cacheRead: 80, cacheWrite: 10 });
    assert.equal(usage.outputTokens.total, 40);
    const contract = turnContract([LOOKUP], { type: 'auto' }, { kind: 'text' });
    const calls = {
      action: 'call_tools',
      calls: [
        { tool: 'lookup_email', arguments: { person: 'Ada' } },
        { tool: 'lookup_email', arguments: { person: 'Bob' } },
      ],
    };
    const generated = generateResult(contract, result(calls), []);
    assert.deepEqual(generated.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assert.deepEqual(
      generated.content.map((part) => (part.type === 'tool-call' ? part.toolCallId : part.type)),
      ['cascade-1/call-1', 'cascade-1/call-2'],
    );
    assert.equal(toolCallId({ workflowId: 'job-7', step: 'extract 2' }, 0), 'job-7/extract 2/call-1');
    const parts = streamParts(turnContract([], { type: 'auto' }, { kind: 'text' }), result({ text: 'hi' }), []);
    assert.deepEqual(
      parts.map((part) => part.type),
      ['stream-start', 'response-metadata', 'text-start', 'text-delta', 'text-end', 'finish'],
    );
  });
});

describe('OpenAI Agents conversions', () => {
  const request = (extra: Partial<ModelRequest>): ModelRequest =>
    ({
      systemInstructions: 'Be brief.',
      input: 'Email of Ada?',
      modelSettings: {},
      tools: [],
      handoffs: [],
      outputType: 'text',
      tracing: false,
      ...extra,
    }) as ModelRequest;

  it('items: function calls and their results as one action turn and one results turn', () => {
    const prepared = prepareRequest(
      request({
        tools: [
          {
            type: 'function',
            name: 'lookup_email',
            description: 'Looks up',
            parameters: LOOKUP.inputSchema,
            strict: true,
          },
        ],
        input: [
          { role: 'user', content: 'Email of Ada?' },
          {
            type: 'function_call',
            callId: 'c1',
            name: 'lookup_email',
            arguments: '{"person":"Ada"}',
            status: 'completed',
          },
          {
            type: 'function_call_result',
            callId: 'c1',
            name: 'lookup_email',
            status: 'completed',
            output: { type: 'text', text: 'ada@example.com' },
          },
        ],
      } as Partial<ModelRequest>),
    );
    assert.deepEqual(
      prepared.messages.map((message) => message.role),
      ['system', 'system', 'user', 'assistant', 'user'],
    );
    assert.equal(prepared.messages[4]!.content, 'Tool results:\nc1 lookup_email: ada@example.com');
  });

  it('handoffs are offered as tools; a JSON output type is the answer schema', () => {
    const prepared = prepareRequest(
      request({
        handoffs: [
          {
            toolName: 'transfer_to_billing',
            toolDescription: 'Billing questions',
            inputJsonSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
            strictJsonSchema: true,
          },
        ],
        outputType: {
          type: 'json_schema',
          name: 'contact',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string' } },
            required: ['name'],
            additionalProperties: false,
          },
        },
      }),
    );
    assert.deepEqual(
      prepared.contract.tools.map((tool) => tool.name),
      ['transfer_to_billing'],
    );
    const answer = { action: 'final', answer: { name: 'Ada' } };
    assert.equal(validateOutput(prepared.contract.schema, answer).valid, true);
    assert.deepEqual(outputItems(prepared.contract, result(answer)), [
      {
        type: 'message',
        role: 'assistant',
        status: 'completed',
        id: 'cascade-1',
        content: [{ type: 'output_text', text: '{"name":"Ada"}' }],
      },
    ]);
  });
});
