/**
 * An AI SDK call (`LanguageModelV4CallOptions`: prompt, tools, tool choice, response format) as one cascade's request:
 * the turn's contract and the conversation as chat messages. Pure and sandbox-safe. Settings a cascade does not take
 * (sampling, output limits) come back as the AI SDK's `unsupported` warnings, never silently dropped: the catalog's
 * tiers decide models and output limits.
 */
import type { LanguageModelV4CallOptions, LanguageModelV4Prompt, SharedV4Warning } from '@ai-sdk/provider';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { ChatMessage, JsonObject } from '../../workflows/definitions';
import {
  toolCallsText,
  toolResultsText,
  turnContract,
  type AnswerContract,
  type ToolMode,
  type TurnContract,
} from '../contract/turn';

/** A call prepared for a cascade. */
export interface PreparedCall {
  contract: TurnContract;
  messages: ChatMessage[];
  warnings: SharedV4Warning[];
  /** From an `Idempotency-Key` header on the call (`generateText({ headers })`). */
  idempotencyKey?: string;
}

const SAMPLING_SETTINGS = [
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'stopSequences',
  'seed',
] as const;

export function prepareCall(options: LanguageModelV4CallOptions): PreparedCall {
  const warnings: SharedV4Warning[] = [];
  for (const setting of SAMPLING_SETTINGS) {
    if (options[setting] !== undefined) {
      warnings.push({ type: 'unsupported', feature: setting, details: "the catalog's tiers decide models and limits" });
    }
  }
  if (options.reasoning !== undefined && options.reasoning !== 'provider-default') {
    warnings.push({ type: 'unsupported', feature: 'reasoning', details: "the catalog's tiers decide models" });
  }
  const contract = turnContract(toolsOf(options), toolModeOf(options), answerOf(options));
  const messages = chatMessages(options.prompt);
  if (contract.instructions) {
    const at = messages.findIndex((message) => message.role !== 'system');
    messages.splice(at < 0 ? messages.length : at, 0, { role: 'system', content: contract.instructions });
  }
  const key = Object.entries(options.headers ?? {}).find(([name]) => name.toLowerCase() === 'idempotency-key')?.[1];
  return { contract, messages, warnings, ...(key && { idempotencyKey: key }) };
}

function toolsOf(options: LanguageModelV4CallOptions) {
  return (options.tools ?? []).map((tool) => {
    if (tool.type !== 'function') {
      throw invalid(`provider tool "${tool.name}" (${tool.id}) cannot run in a cascade: declare function tools`);
    }
    return {
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      inputSchema: tool.inputSchema as JsonObject,
    };
  });
}

function toolModeOf(options: LanguageModelV4CallOptions): ToolMode {
  const choice = options.toolChoice;
  if (!choice) return { type: 'auto' };
  return choice.type === 'tool' ? { type: 'tool', toolName: choice.toolName } : { type: choice.type };
}

function answerOf(options: LanguageModelV4CallOptions): AnswerContract {
  const format = options.responseFormat;
  if (format?.type !== 'json') return { kind: 'text' };
  // A JSON answer without a schema (`output: 'no-schema'`): any JSON value validates.
  return { kind: 'json', schema: (format.schema ?? {}) as JsonObject, ...(format.name && { name: format.name }) };
}

/** The AI SDK prompt as chat messages: tool calls as the JSON action the model gave, tool results as a user turn. */
export function chatMessages(prompt: LanguageModelV4Prompt): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      messages.push({ role: 'system', content: message.content });
    } else if (message.role === 'user') {
      const text = message.content.map((part) => {
        if (part.type !== 'text') throw invalid('file parts cannot be sent through a cascade: send text');
        return part.text;
      });
      messages.push({ role: 'user', content: text.join('') });
    } else if (message.role === 'assistant') {
      const calls = message.content.flatMap((part) =>
        part.type === 'tool-call' ? [{ tool: part.toolName, arguments: part.input }] : [],
      );
      const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
      // Reasoning is the model's own; files and provider-executed results have no place in a cascade's prompt.
      if (calls.length > 0) messages.push({ role: 'assistant', content: toolCallsText(calls) });
      else if (text) messages.push({ role: 'assistant', content: text });
    } else {
      const results = message.content.flatMap((part) =>
        part.type === 'tool-result'
          ? [{ callId: part.toolCallId, tool: part.toolName, output: toolOutputText(part.output) }]
          : [],
      );
      if (results.length > 0) messages.push({ role: 'user', content: toolResultsText(results) });
    }
  }
  return messages;
}

type ToolOutput = Extract<LanguageModelV4Prompt[number], { role: 'tool' }>['content'][number] & { type: 'tool-result' };

function toolOutputText(output: ToolOutput['output']): string {
  switch (output.type) {
    case 'text':
      return output.value;
    case 'json':
      return JSON.stringify(output.value ?? null);
    case 'error-text':
      return JSON.stringify({ error: output.value });
    case 'error-json':
      return JSON.stringify({ error: output.value ?? null });
    case 'execution-denied':
      return JSON.stringify({ denied: true, ...(output.reason && { reason: output.reason }) });
    case 'content':
      return output.value.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('');
  }
}

function invalid(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}
