/**
 * The one token counter of the project (client checks, batch activities, the simulator), o200k_base.
 * Special-token text such as `<|endoftext|>` in a prompt is counted as the plain text it is (providers do the
 * same with user text) instead of throwing: gpt-tokenizer's default would fail the request on it.
 * Not for workflow code: gpt-tokenizer stays out of the sandbox bundle.
 */
import { countTokens } from 'gpt-tokenizer';

const NOTHING_DISALLOWED = new Set<string>();

export function countTextTokens(text: string): number {
  return countTokens(text, { disallowedSpecial: NOTHING_DISALLOWED });
}

/** Per-message overhead of the chat format, in tokens (OpenAI's published rule of thumb). */
const TOKENS_PER_MESSAGE = 4;

/** Prompt tokens of a request: its messages, plus the schema text (sent in the prompt where json_schema is not supported). */
export function countPromptTokens(messages: readonly { content: string }[], jsonSchema: object): number {
  const text = messages.map((m) => m.content).join('\n');
  // The schema travels in the prompt for providers without json_schema support: count it in the worst case.
  return (
    countTextTokens(text) + countTextTokens(JSON.stringify(jsonSchema)) + TOKENS_PER_MESSAGE * (messages.length + 1)
  );
}
