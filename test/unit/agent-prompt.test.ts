// Pure unit tests — the agent step's union schema (validated with ajv as the activity does), compression split, labels
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateOutput } from '../../catalog/node/json-schema';
import type { ToolSpec, Turn } from '../../workflows/agent/definitions';
import { callLabel, nativeTools, stepSchema, toolCallsAction, toolResultsText } from '../../prompts/agent';
import { shouldCompress, splitForCompression } from '../../workflows/agent/view';

const TOOLS: ToolSpec[] = [
  {
    name: 'search',
    description: 'search',
    inputSchema: {
      type: 'object',
      properties: { q: { type: 'string' } },
      required: ['q'],
      additionalProperties: false,
    },
  },
  {
    name: 'read',
    description: 'read',
    inputSchema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
  },
];
const FINAL = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };
const schema = stepSchema(TOOLS, FINAL);
const check = (value: unknown) => validateOutput(schema, value);

describe('agent step schema', () => {
  it('accepts each action with valid contents', () => {
    assert.ok(check({ action: 'final', answer: { total: 3 } }).valid);
    assert.ok(check({ action: 'ask_user', question: 'Which month?' }).valid);
    const calls = [
      { tool: 'search', arguments: { q: 'overdue' } },
      { tool: 'read', arguments: { id: 7 } },
    ];
    assert.ok(check({ action: 'call_tools', calls }).valid);
  });

  it('names the exact wrong argument of a tool call, and only that branch', () => {
    const result = check({
      action: 'call_tools',
      calls: [
        { tool: 'search', arguments: { q: 'x' } },
        { tool: 'read', arguments: { id: 'seven' } },
      ],
    });
    assert.equal(result.valid, false);
    assert.ok(result.errors.includes('/calls/1/arguments/id must be integer'), result.errors.join('\n'));
    assert.ok(!result.errors.some((line) => line.startsWith('/calls/0')), result.errors.join('\n'));
    assert.ok(result.errors.length <= 3, result.errors.join('\n'));
  });

  it('refuses unknown tools, extra arguments, an empty call list, a final answer off its schema and unknown actions', () => {
    assert.equal(check({ action: 'call_tools', calls: [{ tool: 'delete_all', arguments: {} }] }).valid, false);
    assert.equal(
      check({ action: 'call_tools', calls: [{ tool: 'search', arguments: { q: 'x', extra: 1 } }] }).valid,
      false,
    );
    assert.equal(check({ action: 'call_tools', calls: [] }).valid, false);
    assert.equal(check({ action: 'final', answer: { total: 'three' } }).valid, false);
    assert.equal(check({ action: 'final', answer: { total: 3 }, note: 'x' }).valid, false);
    assert.equal(check({ action: 'shrug' }).valid, false);
  });

  it('without tools, call_tools is not an action', () => {
    assert.equal(
      validateOutput(stepSchema([], FINAL), {
        action: 'call_tools',
        calls: [{ tool: 'search', arguments: { q: 'x' } }],
      }).valid,
      false,
    );
  });
});

describe('agent compression and views', () => {
  const turn = (kind: Turn['kind'], step: number): Turn => ({
    role: kind === 'action' ? 'assistant' : 'user',
    kind,
    content: kind,
    step,
  });
  const turns = [
    turn('action', 1),
    turn('tool_results', 1),
    turn('action', 2),
    turn('tool_results', 2),
    turn('action', 3),
    turn('tool_results', 3),
  ];

  it('keeps the recent turns and never starts them with results whose call was folded away', () => {
    assert.deepEqual(
      splitForCompression(turns, 2).keep.map((t) => t.step),
      [3, 3],
    );
    const odd = splitForCompression(turns, 3);
    assert.equal(odd.keep[0]!.kind, 'action');
    assert.equal(odd.fold.length + odd.keep.length, turns.length);
  });

  it('compresses only past the threshold and with turns old enough to fold', () => {
    const agent = {
      name: 'a',
      instructions: 'i',
      tools: [],
      task: 't',
      finalSchema: FINAL,
      compression: { thresholdTokens: 100, keepRecentTurns: 2 },
    };
    const carry = {
      startedAtMs: 0,
      steps: 3,
      run: 1,
      tools: [],
      turns,
      pending: [],
      ledger: [],
      compressions: 0,
      paused: false,
    };
    assert.equal(shouldCompress(agent.compression, carry.turns, 101), true);
    assert.equal(shouldCompress(agent.compression, carry.turns, 100), false);
    assert.equal(shouldCompress(agent.compression, turns.slice(0, 2), 1_000), false);
    assert.equal(shouldCompress(undefined, carry.turns, 1_000), false);
  });

  it('labels calls and results for summaries and the transcript', () => {
    assert.equal(callLabel({ tool: 'search', arguments: { q: 'overdue', limit: 5 } }), 'search(q="overdue", limit=5)');
    assert.equal(callLabel({ tool: 'search', arguments: { q: 'x'.repeat(100) } }, 20).length, 20);
    const text = toolResultsText([{ call: { id: 's1c1', tool: 'search', arguments: {} }, result: { hits: 2 } }]);
    assert.equal(text, 'Tool results:\ns1c1 search: {"hits":2}');
  });

  it('native tool calling: the step schema gives back each tool; tool_calls become an action the schema judges', () => {
    const schema = stepSchema(TOOLS, { type: 'object' });
    assert.deepEqual(
      nativeTools(schema).map((tool) => [tool.name, tool.description, tool.parameters]),
      TOOLS.map((tool) => [tool.name, tool.description, tool.inputSchema]),
    );
    assert.deepEqual(nativeTools(stepSchema([], { type: 'object' })), []);
    const good = toolCallsAction([{ name: 'read', arguments: '{"id":3}' }]);
    assert.equal(validateOutput(schema, good).valid, true);
    const notJson = toolCallsAction([{ name: 'read', arguments: '{"id":3' }]);
    assert.deepEqual(notJson, { action: 'call_tools', calls: [{ tool: 'read', arguments: '{"id":3' }] });
    assert.equal(validateOutput(schema, notJson).valid, false);
  });
});
