/**
 * An agent step's contract and prompt, as pure functions (no Temporal imports): the union schema of "call these
 * tools" / "final answer" / "ask the user" with every tool's argument schema embedded, and a prompt whose prefix
 * (instructions, tools, goal) never changes during a job, so providers' prompt caches keep serving it. Sandbox-safe:
 * the agent workflow builds steps with it, and the activities rebuild prompts that travel by reference with it.
 */
import type { ChatMessage, JsonObject, JsonValue } from '../workflows/definitions';
import type { AgentSpec, ToolCall, ToolSpec, Turn } from '../workflows/agent/definitions';

/** The model's answer to one step, once it validated against {@link stepSchema}. */
export type StepAction =
  | { action: 'call_tools'; calls: { tool: string; arguments: JsonValue }[] }
  | { action: 'final'; answer: JsonValue }
  | { action: 'ask_user'; question: string };

/** Most tool calls one step may ask for (they run in parallel). */
export const MAX_CALLS_PER_STEP = 8;

/**
 * The step's JSON Schema: a union of the three actions, discriminated by `action`, with each tool call discriminated
 * by its tool's name and validated against that tool's argument schema. `if`/`then` on the discriminator (rather than
 * `oneOf` branches) makes ajv report only the branch that applies, e.g. `/calls/0/arguments/limit must be integer`,
 * which is what a repair re-ask quotes: an invalid tool call is a billed `schema_violation` that repairs and
 * escalates like any other, and no tool ever sees invalid arguments.
 */
export function stepSchema(tools: readonly ToolSpec[], finalSchema: JsonObject): JsonObject {
  const names = tools.map((tool) => tool.name);
  const call: JsonObject = {
    type: 'object',
    properties: { tool: { enum: names }, arguments: {} },
    required: ['tool', 'arguments'],
    additionalProperties: false,
    allOf: tools.map((tool) => ({
      if: { properties: { tool: { const: tool.name } }, required: ['tool'] },
      then: { properties: { arguments: tool.inputSchema } },
      // Read back for providers with native tool calling (`nativeTools`).
      description: tool.description,
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
  const actions = ['final', 'ask_user', ...(names.length > 0 ? ['call_tools'] : [])];
  return {
    type: 'object',
    properties: { action: { enum: actions } },
    required: ['action'],
    allOf: [
      branch('final', { answer: finalSchema }),
      branch('ask_user', { question: { type: 'string', minLength: 1 } }),
      ...(names.length > 0
        ? [branch('call_tools', { calls: { type: 'array', minItems: 1, maxItems: MAX_CALLS_PER_STEP, items: call } })]
        : []),
    ],
  };
}

/** The fixed system prompt: instructions, the tools and how to answer. Identical on every step of a job. */
export function systemPrompt(agent: AgentSpec, tools: readonly ToolSpec[]): string {
  const toolLines = tools.map(
    (tool) => `- ${tool.name}: ${tool.description}\n  arguments (JSON Schema): ${JSON.stringify(tool.inputSchema)}`,
  );
  return [
    agent.instructions.trim(),
    '',
    'You work in steps. Each step, answer with one JSON object and nothing else, one of:',
    '- {"action":"call_tools","calls":[{"tool":"<name>","arguments":{…}}, …]} to call tools (several run in parallel);',
    '  their results come back in the next message.',
    '- {"action":"final","answer":<the final answer>} when you can answer the goal; the answer must validate against:',
    `  ${JSON.stringify(agent.finalSchema)}`,
    '- {"action":"ask_user","question":"…"} when only the person can tell you something.',
    '',
    tools.length > 0 ? 'Tools:' : 'There are no tools.',
    ...toolLines,
  ].join('\n');
}

/**
 * The messages of a step: the fixed prefix (system prompt, goal), then the summary of older turns when there is one,
 * then the recent turns.
 */
export function stepMessages(
  agent: AgentSpec,
  tools: readonly ToolSpec[],
  goal: string,
  turns: readonly Turn[],
  summary: string | undefined,
): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(agent, tools) },
    { role: 'user', content: `Goal: ${goal}` },
  ];
  if (summary) messages.push({ role: 'user', content: `Summary of the earlier steps:\n${summary}` });
  for (const turn of turns) messages.push({ role: turn.role, content: turn.content });
  return messages;
}

/** Longest tool result kept in the transcript, in characters; the rest is cut with a note. */
export const MAX_RESULT_CHARS = 16_000;

/** The tool-results turn: one line per call, in the order the model asked. */
export function toolResultsText(results: readonly { call: ToolCall; result: JsonValue }[]): string {
  const lines = results.map(({ call, result }) => {
    let text = JSON.stringify(result ?? null);
    if (text.length > MAX_RESULT_CHARS) text = `${text.slice(0, MAX_RESULT_CHARS)}… (cut: ${text.length} characters)`;
    return `${call.id} ${call.tool}: ${text}`;
  });
  return `Tool results:\n${lines.join('\n')}`;
}

/** Short form of a call for summaries and views: `search_documents(q="overdue")`. */
export function callLabel(call: Pick<ToolCall, 'tool' | 'arguments'>, max = 60): string {
  const args = call.arguments;
  const inner =
    args && typeof args === 'object' && !Array.isArray(args)
      ? Object.entries(args)
          .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
          .join(', ')
      : JSON.stringify(args);
  const text = `${call.tool}(${inner})`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The summarising step's schema. */
export const SUMMARY_SCHEMA: JsonObject = {
  type: 'object',
  properties: { summary: { type: 'string', minLength: 1 } },
  required: ['summary'],
  additionalProperties: false,
};

/** Messages of a compression step: the earlier summary and the turns to fold into it. */
export function compressionMessages(goal: string, summary: string | undefined, turns: readonly Turn[]): ChatMessage[] {
  const body = turns.map((turn) => `[${turn.role} · step ${turn.step} · ${turn.kind}] ${turn.content}`).join('\n');
  return [
    {
      role: 'system',
      content:
        "Summarise an agent job's earlier steps for its own later use. Keep every fact, number, identifier and " +
        'finding it will need to finish the goal; drop chatter. Answer {"summary":"…"}.',
    },
    {
      role: 'user',
      content: `Goal: ${goal}\n\n${summary ? `Summary so far:\n${summary}\n\n` : ''}Steps to fold in:\n${body}`,
    },
  ];
}

/** The schema name of agent steps: what tells the model-call activity a request may offer native tools. */
export const AGENT_STEP_SCHEMA = 'agent_step';

/** A tool as a provider's native tool calling takes it. */
export interface NativeTool {
  name: string;
  description: string;
  parameters: JsonObject;
}

/** The tools embedded in a step schema (see {@link stepSchema}), for native tool calling; [] when there are none. */
export function nativeTools(schema: JsonObject): NativeTool[] {
  const branches = (schema.allOf ?? []) as JsonObject[];
  const isCalls = (branch: JsonObject) =>
    (((branch.if as JsonObject | undefined)?.properties as JsonObject | undefined)?.action as JsonObject | undefined)
      ?.const === 'call_tools';
  const calls = branches.find(isCalls);
  const items = (((calls?.then as JsonObject)?.properties as JsonObject)?.calls as JsonObject)?.items as JsonObject;
  return ((items?.allOf ?? []) as JsonObject[]).map((entry) => ({
    name: String((((entry.if as JsonObject).properties as JsonObject).tool as JsonObject).const),
    description: typeof entry.description === 'string' ? entry.description : '',
    parameters: (((entry.then as JsonObject).properties as JsonObject).arguments ?? {}) as JsonObject,
  }));
}

/**
 * A native tool-calls answer as the step's JSON action, which the step schema then validates like any other: the
 * calls' arguments are parsed from their JSON text (text that is not JSON stays a string, and fails the schema).
 */
export function toolCallsAction(calls: readonly { name: string; arguments: string }[]): JsonObject {
  return {
    action: 'call_tools',
    calls: calls.map((call) => {
      let args: JsonValue = call.arguments;
      try {
        args = JSON.parse(call.arguments) as JsonValue;
      } catch {
        // kept as text: a schema violation, billed, repaired or escalated
      }
      return { tool: call.name, arguments: args };
    }),
  };
}
