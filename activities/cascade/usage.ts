/**
 * Provider usage blocks, read defensively: a 200 may carry no usage, or negative, string or NaN counts. Such a
 * block is not trusted (not even in part); the caller then prices the project's own token count instead.
 */
import type { TokenUsage } from '../../catalog/types';

type Counts = Record<string, unknown>;

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** An optional count: absent is 0, present must be a non-negative integer. */
function optionalCount(value: unknown): number | undefined {
  return value === undefined || value === null ? 0 : count(value);
}

/** OpenAI's usage block as TokenUsage (prompt_tokens include the cached ones), or undefined when it is unusable. */
export function usableUsage(raw: unknown): TokenUsage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const usage = raw as Counts;
  const details = (usage.prompt_tokens_details ?? {}) as Counts;
  if (typeof details !== 'object') return undefined;
  const inputTokens = count(usage.prompt_tokens);
  const outputTokens = count(usage.completion_tokens);
  const cachedInputTokens = optionalCount(details.cached_tokens);
  const cacheWriteTokens = optionalCount(details.cache_creation_tokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  if (cachedInputTokens === undefined || cacheWriteTokens === undefined) return undefined;
  if (cachedInputTokens + cacheWriteTokens > inputTokens) return undefined;
  return { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens };
}

/**
 * The usage block of a JSON body known only by its tail (the body was over the byte cap): the last `"usage": {…}`
 * outside any string, matched by braces. Undefined when the tail holds none or it does not parse.
 */
export function usageFromTail(tail: string): unknown {
  // A quote inside a JSON string is escaped, so an unescaped `"usage"` key is the block's own.
  const keys = [...tail.matchAll(/(?<!\\)"usage"\s*:\s*\{/g)];
  const key = keys.at(-1);
  if (!key) return undefined;
  const start = key.index + key[0].length - 1;
  let depth = 0;
  for (let index = start; index < tail.length; index++) {
    const char = tail[index];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      try {
        return JSON.parse(tail.slice(start, index + 1)) as unknown;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The usage with its media tokens apart from text: the provider's own count when it reports one
 * (`prompt_tokens_details.image_tokens`), else the planned count of the model's rule, capped at the input tokens.
 */
export function withMediaTokens(usage: TokenUsage, raw: unknown, planned: number | undefined): TokenUsage {
  if (usage.mediaTokens !== undefined || !planned) return usage;
  const details = (raw as { prompt_tokens_details?: Counts } | undefined)?.prompt_tokens_details;
  const reported = count(details?.image_tokens);
  const mediaTokens = Math.min(reported ?? planned, usage.inputTokens);
  return { ...usage, mediaTokens };
}
