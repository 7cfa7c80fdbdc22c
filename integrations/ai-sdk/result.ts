/**
 * A finished cascade as the AI SDK's result: content (text, or tool calls), the finish reason, usage summed over every
 * attempt (failed ones included: they were billed), and the ledger in `providerMetadata.cascade`. For streaming, the
 * same as stream parts: a validated answer cannot be streamed token by token (the schema and the checks judge the
 * whole answer, and a failed one escalates), so the stream carries the final answer once the cascade is done.
 * Pure and sandbox-safe.
 */
import type {
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { cascadeMetadata, type RunnerResult } from '../contract/runner';
import { readTurn, type TurnContract } from '../contract/turn';

/** The key of llm-cascade's entry in `providerMetadata`. */
export const METADATA_KEY = 'cascade';

/** The id of a tool call: unique per cascade (its workflow id, or its step within a workflow) and call. */
export function toolCallId(result: Pick<RunnerResult, 'workflowId' | 'step'>, index: number): string {
  return `${result.workflowId}${result.step === undefined ? '' : `/${result.step}`}/call-${index + 1}`;
}

export function usageOf(result: RunnerResult): LanguageModelV4Usage {
  const { inputTokens, cachedInputTokens, outputTokens } = result.totals;
  let cacheWrite = 0;
  for (const attempt of result.attempts) cacheWrite += attempt.usage.cacheWriteTokens ?? 0;
  return {
    inputTokens: {
      total: inputTokens,
      noCache: inputTokens - cachedInputTokens,
      cacheRead: cachedInputTokens,
      cacheWrite,
    },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
    raw: { attempts: result.attempts.length, costMicroUsd: result.totals.costMicroUsd },
  };
}

export function contentOf(contract: TurnContract, result: RunnerResult): LanguageModelV4Content[] {
  const turn = readTurn(contract, result.output);
  if (turn.kind === 'answer') return [{ type: 'text', text: turn.text }];
  return turn.calls.map((call, index) => ({
    type: 'tool-call',
    toolCallId: toolCallId(result, index),
    toolName: call.tool,
    input: JSON.stringify(call.arguments),
  }));
}

function finishOf(content: readonly LanguageModelV4Content[]): LanguageModelV4FinishReason {
  return content.some((part) => part.type === 'tool-call')
    ? { unified: 'tool-calls', raw: 'tool_calls' }
    : { unified: 'stop', raw: 'stop' };
}

export function generateResult(
  contract: TurnContract,
  result: RunnerResult,
  warnings: SharedV4Warning[],
): LanguageModelV4GenerateResult {
  const content = contentOf(contract, result);
  return {
    content,
    finishReason: finishOf(content),
    usage: usageOf(result),
    providerMetadata: { [METADATA_KEY]: cascadeMetadata(result) },
    response: { id: result.workflowId, modelId: result.finalModel },
    warnings,
  };
}

/** The stream parts of a finished cascade, in the order the AI SDK expects them. */
export function streamParts(
  contract: TurnContract,
  result: RunnerResult,
  warnings: SharedV4Warning[],
): LanguageModelV4StreamPart[] {
  const content = contentOf(contract, result);
  const parts: LanguageModelV4StreamPart[] = [
    { type: 'stream-start', warnings },
    { type: 'response-metadata', id: result.workflowId, modelId: result.finalModel },
  ];
  for (const part of content) {
    if (part.type === 'text') {
      parts.push({ type: 'text-start', id: 'answer' }, { type: 'text-delta', id: 'answer', delta: part.text });
      parts.push({ type: 'text-end', id: 'answer' });
    } else if (part.type === 'tool-call') {
      parts.push({ type: 'tool-input-start', id: part.toolCallId, toolName: part.toolName });
      parts.push({ type: 'tool-input-delta', id: part.toolCallId, delta: part.input });
      parts.push({ type: 'tool-input-end', id: part.toolCallId }, part);
    }
  }
  parts.push({
    type: 'finish',
    usage: usageOf(result),
    finishReason: finishOf(content),
    providerMetadata: { [METADATA_KEY]: cascadeMetadata(result) },
  });
  return parts;
}
