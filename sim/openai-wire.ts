/**
 * OpenAI Chat Completions wire format for the fake provider: token counting, `chat.completion`
 * bodies and error bodies shaped like the real API's, so the `openai` SDK parses them exactly as it
 * parses production traffic.
 */
import { randomBytes } from 'node:crypto';
import { countTextTokens } from '../catalog/node/tokens';
import type { FakeErrorReply } from './fake-types';

/** Chat formatting overhead per message and per reply priming, as in OpenAI's token-counting cookbook. */
const TOKENS_PER_MESSAGE = 4;
const REPLY_PRIMING_TOKENS = 3;

/** The project's token counter (o200k_base, special-token text counted as plain text). */
export { countTextTokens };

/** The text parts of a message's `content` (a string or an array of content parts). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join('');
}

/**
 * Prompt tokens of a Chat Completions request body: messages (text + per-message overhead) plus the
 * JSON Schema of `response_format`, which the real API also bills as prompt.
 */
export function countPromptTokens(body: unknown): number {
  const b = (body ?? {}) as { messages?: unknown; response_format?: { json_schema?: { schema?: unknown } } };
  const messages = Array.isArray(b.messages) ? (b.messages as Array<Record<string, unknown>>) : [];
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    total += TOKENS_PER_MESSAGE + countTextTokens(messageText(m.content));
    if (typeof m.name === 'string') total += countTextTokens(m.name);
  }
  const schema = b.response_format?.json_schema?.schema;
  if (schema !== undefined) total += countTextTokens(JSON.stringify(schema));
  return total;
}

/** A random id with OpenAI's look, e.g. `chatcmpl-…`, `req_…`. */
export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString('base64url');
}

/** Inputs for `completionBody`. */
export interface CompletionParts {
  model: string;
  content: string | null;
  refusal: string | null;
  finishReason: 'stop' | 'length' | 'content_filter';
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Of `promptTokens`, what images and PDF pages cost (reported when there were any). */
  imageTokens?: number;
}

/** A `chat.completion` object as the real API returns it (non-streaming). */
export function completionBody(p: CompletionParts): Record<string, unknown> {
  return {
    id: randomId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: p.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: p.content, refusal: p.refusal, annotations: [] },
        logprobs: null,
        finish_reason: p.finishReason,
      },
    ],
    usage: {
      prompt_tokens: p.promptTokens,
      completion_tokens: p.completionTokens,
      total_tokens: p.promptTokens + p.completionTokens,
      prompt_tokens_details: {
        cached_tokens: p.cachedTokens,
        audio_tokens: 0,
        ...(p.imageTokens ? { image_tokens: p.imageTokens } : {}),
      },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fake0001',
  };
}

/** OpenAI's error envelope. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * The error body for a scripted error reply, with the real API's wording and codes as defaults.
 * @param reply - the scripted error.
 * @param model - the requested model, quoted in some messages.
 * @param promptTokens - quoted in the `context_length_exceeded` message.
 */
export function errorBody(reply: FakeErrorReply, model: string, promptTokens: number): OpenAIErrorBody {
  const d = defaultError(reply, model, promptTokens);
  return {
    error: {
      message: reply.message ?? d.message,
      type: reply.type ?? d.type,
      param: d.param,
      code: reply.code ?? d.code,
    },
  };
}

function defaultError(reply: FakeErrorReply, model: string, promptTokens: number): OpenAIErrorBody['error'] {
  const e = (message: string, type: string, code: string | null = null, param: string | null = null) => ({
    message,
    type,
    param,
    code,
  });
  if (reply.code === 'context_length_exceeded' || reply.type === 'context_length_exceeded') {
    const limit = reply.contextWindow ?? 128000;
    return e(
      `This model's maximum context length is ${limit} tokens. However, your messages resulted in ` +
        `${Math.max(promptTokens, limit + 1)} tokens. Please reduce the length of the messages.`,
      'invalid_request_error',
      'context_length_exceeded',
      'messages',
    );
  }
  if (reply.code === 'insufficient_quota') {
    return e(
      'You exceeded your current quota, please check your plan and billing details.',
      'insufficient_quota',
      'insufficient_quota',
    );
  }
  switch (reply.status) {
    case 400:
      return e('Invalid request.', 'invalid_request_error');
    case 401:
      return e(
        'Incorrect API key provided: sk-fake***. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    case 403:
      return e(
        'You are not allowed to access this resource.',
        'invalid_request_error',
        'unsupported_country_region_territory',
      );
    case 404:
      return e(`The model \`${model}\` does not exist`, 'invalid_request_error', 'model_not_found');
    case 408:
      return e('Request timed out.', 'timeout');
    case 409:
      return e('Conflict: the request could not be completed, please retry.', 'conflict');
    case 429:
      return e(
        `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 60, Used 60, ` +
          'Requested 1. Please try again in 1s.',
        'requests',
        'rate_limit_exceeded',
      );
    case 500:
      return e('The server had an error while processing your request. Sorry about that!', 'server_error');
    case 502:
      return e('Bad gateway.', 'server_error');
    case 503:
      return e('The server is overloaded or not ready yet.', 'server_error');
    case 504:
      return e('Gateway timeout.', 'server_error');
    default:
      return e(`HTTP ${reply.status}`, reply.status >= 500 ? 'server_error' : 'invalid_request_error');
  }
}
