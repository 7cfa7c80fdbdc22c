/**
 * The one token counter of the project (client checks, batch activities, the simulator), o200k_base.
 * Special-token text such as `<|endoftext|>` in a prompt is counted as the plain text it is (providers do the
 * same with user text) instead of throwing: gpt-tokenizer's default would fail the request on it.
 *
 * Bounded in CPU whatever the input: byte-pair merging is quadratic in the length of one pre-tokenizer piece (a
 * run of 20,000 `a` takes 0.2 s, 1.5 MB of them twenty minutes), so a piece longer than
 * {@link MAX_EXACT_PIECE_CHARS} counts as its UTF-8 bytes, which no count can exceed (every token is at least one
 * byte): the count errs above, never below, what budgets rely on. Text is counted in slices cut at piece
 * boundaries (the same pieces as the whole, so the same count), and the async counters yield to the event loop
 * between slices, so a 1.5 MB prompt never holds a worker's or the gateway's event loop for long.
 * Not for workflow code: gpt-tokenizer stays out of the sandbox bundle.
 */
import { countTokens } from 'gpt-tokenizer';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/cjs/encodingParams/constants';

const NOTHING_DISALLOWED = new Set<string>();
/** Pieces longer than this (runs without a word break: `aaaa…`, base64) count as their bytes. Words are far shorter. */
export const MAX_EXACT_PIECE_CHARS = 1_000;
/** Characters counted between two yields to the event loop (about 20 ms of the worst text on 2 cores). */
const SLICE_CHARS = 8_000;

/** Counts `text` exactly as gpt-tokenizer does, for text without long pieces. */
function exact(text: string): number {
  return countTokens(text, { disallowedSpecial: NOTHING_DISALLOWED });
}

/** Slices of `text` cut at piece boundaries: `{ text }` counted exactly, `{ bytes }` for a piece too long for that. */
function* slices(text: string): Generator<{ text: string } | { bytes: number }> {
  if (text.length <= MAX_EXACT_PIECE_CHARS) {
    yield { text };
    return;
  }
  let start = 0;
  let end = 0;
  for (const match of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) {
    const piece = match[0];
    const at = match.index;
    if (piece.length > MAX_EXACT_PIECE_CHARS) {
      if (end > start) yield { text: text.slice(start, end) };
      yield { bytes: Buffer.byteLength(piece) };
      start = end = at + piece.length;
      continue;
    }
    end = at + piece.length;
    if (end - start >= SLICE_CHARS) {
      yield { text: text.slice(start, end) };
      start = end;
    }
  }
  if (end > start) yield { text: text.slice(start, end) };
}

function countSlice(slice: { text: string } | { bytes: number }): number {
  return 'bytes' in slice ? slice.bytes : exact(slice.text);
}

/** Tokens of `text`; synchronous, for short texts and callers that cannot wait (see the top comment). */
export function countTextTokens(text: string): number {
  let total = 0;
  for (const slice of slices(text)) total += countSlice(slice);
  return total;
}

/** Tokens of `text`, yielding to the event loop between slices: for inputs that may be large. */
export async function countTextTokensAsync(text: string): Promise<number> {
  let total = 0;
  for (const slice of slices(text)) {
    total += countSlice(slice);
    if (text.length > SLICE_CHARS) await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
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

/** {@link countPromptTokens}, yielding to the event loop while it counts a large prompt. */
export async function countPromptTokensAsync(
  messages: readonly { content: string }[],
  jsonSchema: object,
): Promise<number> {
  const text = messages.map((m) => m.content).join('\n');
  return (
    (await countTextTokensAsync(text)) +
    (await countTextTokensAsync(JSON.stringify(jsonSchema))) +
    TOKENS_PER_MESSAGE * (messages.length + 1)
  );
}
