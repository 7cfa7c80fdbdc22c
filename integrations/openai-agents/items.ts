/**
 * An OpenAI Agents SDK model request (instructions, input items, tools, handoffs, output type) as one cascade's
 * request, and the cascade's answer back as output items (an assistant message, or function calls). Pure. Handoffs are
 * offered as tools, as the Agents SDK offers them to any model: a call of a handoff's tool is the handoff.
 */
import type { AgentOutputItem, ModelRequest } from '@openai/agents-core';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { ChatMessage, JsonObject } from '../../workflows/definitions';
import type { RunnerResult } from '../contract/runner';
import {
  readTurn,
  toolCallsText,
  toolResultsText,
  turnContract,
  type ToolContract,
  type ToolMode,
  type TurnContract,
} from '../contract/turn';

export interface PreparedRequest {
  contract: TurnContract;
  messages: ChatMessage[];
}

export function prepareRequest(request: ModelRequest): PreparedRequest {
  const tools: ToolContract[] = [];
  for (const tool of request.tools) {
    if (tool.type !== 'function') {
      throw invalid(`the ${tool.type} tool "${tool.name}" cannot run in a cascade: give the agent function tools`);
    }
    tools.push({ name: tool.name, description: tool.description, inputSchema: tool.parameters as JsonObject });
  }
  for (const handoff of request.handoffs) {
    tools.push({
      name: handoff.toolName,
      description: handoff.toolDescription,
      inputSchema: handoff.inputJsonSchema as JsonObject,
    });
  }
  const output = request.outputType;
  const answer =
    output === 'text'
      ? ({ kind: 'text' } as const)
      : ({ kind: 'json', schema: output.schema as JsonObject, name: output.name } as const);
  const contract = turnContract(tools, toolModeOf(request.modelSettings.toolChoice), answer);
  const messages: ChatMessage[] = [];
  if (request.systemInstructions) messages.push({ role: 'system', content: request.systemInstructions });
  if (contract.instructions) messages.push({ role: 'system', content: contract.instructions });
  messages.push(...inputMessages(request.input));
  return { contract, messages };
}

function toolModeOf(choice: string | undefined): ToolMode {
  if (choice === undefined || choice === 'auto') return { type: 'auto' };
  if (choice === 'required' || choice === 'none') return { type: choice };
  return { type: 'tool', toolName: choice };
}

interface LooseItem {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
  callId?: string;
  arguments?: string;
  output?: unknown;
}

/** The run's items as chat messages; consecutive function calls (and their results) become one turn each. */
export function inputMessages(input: ModelRequest['input']): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: ChatMessage[] = [];
  let calls: { tool: string; arguments: unknown }[] = [];
  let results: { callId: string; tool: string; output: string }[] = [];
  const flush = () => {
    if (calls.length > 0) messages.push({ role: 'assistant', content: toolCallsText(calls) });
    if (results.length > 0) messages.push({ role: 'user', content: toolResultsText(results) });
    calls = [];
    results = [];
  };
  for (const item of input as LooseItem[]) {
    if (item.type === 'function_call') {
      if (results.length > 0) flush();
      calls.push({ tool: item.name ?? '', arguments: parseArguments(item.arguments ?? '') });
    } else if (item.type === 'function_call_result') {
      results.push({ callId: item.callId ?? '', tool: item.name ?? '', output: outputText(item.output) });
    } else if (item.role === 'user' || item.role === 'system' || item.role === 'assistant') {
      flush();
      const text = contentText(item.content);
      if (text) messages.push({ role: item.role, content: text });
    }
    // Reasoning and hosted-tool items are the provider's own bookkeeping: a cascade's models never see them.
  }
  flush();
  return messages;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: string; refusal?: string }) => {
      if (part.type === 'input_text' || part.type === 'output_text') return part.text ?? '';
      if (part.type === 'refusal') return part.refusal ?? '';
      throw invalid(`${part.type ?? 'non-text'} content cannot be sent through a cascade: send text`);
    })
    .join('');
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  const parts = Array.isArray(output) ? output : [output];
  return parts
    .map((part: { type?: string; text?: string }) =>
      part && (part.type === 'text' || part.type === 'input_text') ? (part.text ?? '') : `[${part?.type ?? 'output'}]`,
    )
    .join('');
}

/** The cascade's answer as the model's output items. */
export function outputItems(contract: TurnContract, result: RunnerResult): AgentOutputItem[] {
  const turn = readTurn(contract, result.output);
  if (turn.kind === 'answer') {
    return [
      {
        type: 'message',
        role: 'assistant',
        status: 'completed',
        id: result.workflowId,
        content: [{ type: 'output_text', text: turn.text }],
      },
    ];
  }
  return turn.calls.map((call, index) => ({
    type: 'function_call',
    callId: `${result.workflowId}/call-${index + 1}`,
    name: call.tool,
    arguments: JSON.stringify(call.arguments),
    status: 'completed',
  }));
}

function invalid(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}
