/**
 * The project's own token count of one call, priced when a provider's usage is missing or unusable. It goes
 * through the one counter the client also uses for budgets (`countPromptTokens`), so there is one home for
 * token counting; its per-message overhead makes the estimate err high, never low.
 */
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { abandonedEstimate, billsAbandoned } from '../../catalog/abandoned';
import type { TokenUsage } from '../../catalog/types';
import type { CandidatePlan } from '../../routing/types';
import { countPromptTokens } from '../../catalog/node/tokens';
import type { ChatMessage } from '../../workflows/definitions';
import { contentText } from './media';

/** Past this many characters an answer is counted on a sample and scaled (a megabyte would take seconds). */
const SAMPLE_CHARS = 65_536;

export interface AnswerSize {
  /** The answer as received (or its start, when it was cut). */
  text: string;
  /** Characters (or bytes) the whole answer had, when more than `text` holds. */
  totalLength?: number;
}

/** `mediaTokens`: what the call's images and PDFs cost by the model's rule (planned; absent: none). */
export function estimateUsage(
  request: ChatCompletionCreateParamsNonStreaming,
  answer: AnswerSize,
  mediaTokens = 0,
): TokenUsage {
  const messages: ChatMessage[] = request.messages.map((m) => ({
    role: m.role === 'system' || m.role === 'assistant' ? m.role : 'user',
    // Media parts are counted by the model's rule, not as the text of their data URLs.
    content:
      Array.isArray(m.content) && m.content.some((part) => part.type !== 'text')
        ? contentText(m.content)
        : typeof m.content === 'string'
          ? m.content
          : JSON.stringify(m.content ?? ''),
  }));
  const format = request.response_format;
  const schema = format?.type === 'json_schema' ? (format.json_schema.schema ?? {}) : {};
  return {
    inputTokens: countPromptTokens(messages, schema) + mediaTokens,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: estimateTextTokens(answer.text, answer.totalLength ?? answer.text.length),
    ...(mediaTokens > 0 && { mediaTokens }),
  };
}

function estimateTextTokens(text: string, totalLength: number): number {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (!sample) return 0;
  const tokens = countPromptTokens([{ content: sample }], {});
  return Math.ceil((tokens * Math.max(totalLength, sample.length)) / sample.length);
}

/**
 * What a call sent and then abandoned (timed out) may cost, by the rule of catalog/abandoned.ts: its input as counted
 * here plus all the output it allowed. Undefined when the catalog says the candidate does not bill abandoned calls.
 */
export function estimateAbandoned(
  request: ChatCompletionCreateParamsNonStreaming,
  candidate: Pick<CandidatePlan, 'price' | 'billsAbandoned' | 'maxOutputTokens' | 'mediaTokens'>,
): { usage: TokenUsage; costMicroUsd: number } | undefined {
  if (!billsAbandoned(candidate)) return undefined;
  const inputTokens = estimateUsage(request, { text: '' }, candidate.mediaTokens).inputTokens;
  return abandonedEstimate(candidate.price, inputTokens, request.max_tokens ?? candidate.maxOutputTokens);
}
