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
