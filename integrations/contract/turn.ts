/**
 * One model turn of a framework (the AI SDK, the OpenAI Agents SDK) as one cascade: the JSON Schema its answer must
 * validate against, and that answer read back as text, a JSON value or tool calls. Pure and sandbox-safe: the AI SDK
 * model runs inside workflows too.
 *
 * A turn that may call tools answers `{"action":"call_tools","calls":[{"tool":…,"arguments":{…}}]}` or
 * `{"action":"final","answer":…}`, each call's arguments checked against its tool's schema (`if`/`then` on the tool's
 * name, so ajv names the exact wrong argument): an invalid tool call is a billed `schema_violation` that repairs or
 * escalates like any other, and the framework never runs a tool with arguments that do not validate. The shape is
 * the agent step's (`prompts/agent.ts`), named {@link TOOL_TURN_SCHEMA}, so providers marked `toolCalling`
 * get the tools natively there too.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { JsonObject, JsonValue } from '../../workflows/definitions';

/** The agent step's schema name: what tells the model-call activity that a request may offer native tools. */
export const TOOL_TURN_SCHEMA = 'agent_step';

/** Most tool calls one turn may ask for. */
export const MAX_CALLS_PER_TURN = 8;

/** A function tool as a framework declares it: its name, what it does, its arguments' JSON Schema. */
export interface ToolContract {
  name: string;
  description?: string;
  inputSchema: JsonObject;
}

/** Which tools the model may or must call this turn (the AI SDK's `toolChoice`, the Agents SDK's `toolChoice`). */
export type ToolMode = { type: 'auto' } | { type: 'required' } | { type: 'none' } | { type: 'tool'; toolName: string };

/** What a final answer is: free text (sent as `{"text": …}`), or JSON validating against a schema. */
export type AnswerContract = { kind: 'text' } | { kind: 'json'; schema: JsonObject; name?: string };

/** The cascade's contract for one turn. */
export interface TurnContract {
  schemaName: string;
  schema: JsonObject;
  /** How the answer is wrapped: the answer itself, `{ text }`, or the tool-turn union. */
  shape: 'json' | 'text' | 'tools';
  /** Tools the answer may call (empty unless `shape` is `tools`). */
  tools: ToolContract[];
  /** A system message explaining the answer format, for tool turns (the schema alone does not say what to do). */
  instructions?: string;
}

/** A validated answer read back. */
export type Turn =
  | { kind: 'answer'; text: string; value: JsonValue }
  | { kind: 'tool_calls'; calls: { tool: string; arguments: JsonValue }[] };

const TEXT_SCHEMA: JsonObject = {
  type: 'object',
  properties: { text: { type: 'string', minLength: 1 } },
  required: ['text'],
  additionalProperties: false,
};

/** The contract of a turn with these tools, this tool mode and this kind of final answer. */
export function turnContract(tools: readonly ToolContract[], mode: ToolMode, answer: AnswerContract): TurnContract {
  const offered = offeredTools(tools, mode);
  if (offered.length === 0) {
    if (answer.kind === 'text') return { schemaName: 'text', schema: TEXT_SCHEMA, shape: 'text', tools: [] };
    return { schemaName: answer.name ?? 'output', schema: answer.schema, shape: 'json', tools: [] };
  }
  const mustCall = mode.type === 'required' || mode.type === 'tool';
  const answerSchema: JsonObject = answer.kind === 'text' ? { type: 'string', minLength: 1 } : answer.schema;
  return {
    schemaName: TOOL_TURN_SCHEMA,
    schema: toolTurnSchema(offered, answerSchema, mustCall),
    shape: 'tools',
    tools: offered,
    instructions: toolInstructions(offered, answer, mustCall),
  };
}

function offeredTools(tools: readonly ToolContract[], mode: ToolMode): ToolContract[] {
  if (mode.type === 'none') return [];
  if (mode.type !== 'tool') return [...tools];
  const named = tools.filter((tool) => tool.name === mode.toolName);
  if (named.length === 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `toolChoice names "${mode.toolName}", which is not among the tools (${tools.map((t) => t.name).join(', ') || 'none'})`,
    });
  }
  return named;
}

function toolTurnSchema(tools: readonly ToolContract[], answer: JsonObject, mustCall: boolean): JsonObject {
  const call: JsonObject = {
    type: 'object',
    properties: { tool: { enum: tools.map((tool) => tool.name) }, arguments: {} },
    required: ['tool', 'arguments'],
    additionalProperties: false,
    allOf: tools.map((tool) => ({
      if: { properties: { tool: { const: tool.name } }, required: ['tool'] },
      then: { properties: { arguments: tool.inputSchema } },
      // Read back by providers with native tool calling (prompts/agent.ts `nativeTools`).
      description: tool.description ?? '',
    })),
  };
  const branch = (action: string, properties: JsonObject): JsonObject => ({
    if: { properties: { action: { const: action } }, required: ['action'] },
    then: {
      properties: { action: {}, ...properties },
      required: ['action', ...Object.keys(properties)],
      additionalProperties: false,
    },
  });
  return {
    type: 'object',
    properties: { action: { enum: mustCall ? ['call_tools'] : ['final', 'call_tools'] } },
    required: ['action'],
    allOf: [
      ...(mustCall ? [] : [branch('final', { answer })]),
      branch('call_tools', { calls: { type: 'array', minItems: 1, maxItems: MAX_CALLS_PER_TURN, items: call } }),
    ],
  };
}

function toolInstructions(tools: readonly ToolContract[], answer: AnswerContract, mustCall: boolean): string {
  const lines = tools.map(
    (tool) =>
      `- ${tool.name}: ${tool.description ?? ''}\n  arguments (JSON Schema): ${JSON.stringify(tool.inputSchema)}`,
  );
  const final =
    answer.kind === 'text'
      ? '- {"action":"final","answer":"<your answer as text>"} when you can answer.'
      : `- {"action":"final","answer":<your answer>} when you can answer; the answer must validate against:\n  ${JSON.stringify(answer.schema)}`;
  return [
    'Answer with one JSON object and nothing else, one of:',
    '- {"action":"call_tools","calls":[{"tool":"<name>","arguments":{…}}, …]} to call tools (their results come back in the next message);',
    ...(mustCall ? ['You must call a tool now.'] : [final]),
    'Tools:',
    ...lines,
  ].join('\n');
}

/** Reads a validated answer of a turn back. */
export function readTurn(contract: Pick<TurnContract, 'shape'>, output: JsonValue): Turn {
  if (contract.shape === 'json') return { kind: 'answer', text: JSON.stringify(output), value: output };
  const object = (output ?? {}) as JsonObject;
  if (contract.shape === 'text') return { kind: 'answer', text: String(object.text), value: object.text ?? null };
  if (object.action === 'call_tools') {
    const calls = (object.calls ?? []) as { tool: string; arguments: JsonValue }[];
    return { kind: 'tool_calls', calls: calls.map((call) => ({ tool: call.tool, arguments: call.arguments })) };
  }
  const value = object.answer ?? null;
  return { kind: 'answer', text: typeof value === 'string' ? value : JSON.stringify(value), value };
}

/** A previous tool-calls answer as the JSON the model gave, for the conversation sent on the next turn. */
export function toolCallsText(calls: readonly { tool: string; arguments: unknown }[]): string {
  return JSON.stringify({
    action: 'call_tools',
    calls: calls.map((call) => ({ tool: call.tool, arguments: call.arguments })),
  });
}

/** Longest tool result kept in the conversation, in characters; the rest is cut with a note. */
export const MAX_RESULT_CHARS = 16_000;

/** Tool results as the user message of the next turn: one line per call, in the order given. */
export function toolResultsText(results: readonly { callId: string; tool: string; output: string }[]): string {
  const lines = results.map(({ callId, tool, output }) => {
    const text =
      output.length > MAX_RESULT_CHARS
        ? `${output.slice(0, MAX_RESULT_CHARS)}… (cut: ${output.length} characters)`
        : output;
    return `${callId} ${tool}: ${text}`;
  });
  return `Tool results:\n${lines.join('\n')}`;
}
