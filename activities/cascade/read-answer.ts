/**
 * Turns a 200's body, read with a byte cap, into what `callModel` judges and bills: the parsed completion (when
 * the body fit and parsed), the provider's usage block (from the tail when it did not fit), and how much answer
 * text there was, for an estimate when the usage is unusable.
 */
import type { CappedBody } from './read-capped';
import { usageFromTail } from './usage';

export type ReadAnswer =
  | { kind: 'parsed'; completion: unknown; rawUsage: unknown }
  | { kind: 'unparseable'; error: string; text: string }
  | { kind: 'too_large'; rawUsage: unknown; head: string; totalBytes: number };

export function readAnswer(body: CappedBody): ReadAnswer {
  if (!body.complete) {
    // A tail cut short (reading stopped at the drain limit) is not the end of the body: its usage is unknown.
    const rawUsage = body.drained ? usageFromTail(body.tail) : undefined;
    return { kind: 'too_large', rawUsage, head: body.head, totalBytes: body.totalBytes };
  }
  try {
    const completion = JSON.parse(body.head) as unknown;
    const rawUsage = isObject(completion) ? completion.usage : undefined;
    return { kind: 'parsed', completion, rawUsage };
  } catch (error) {
    return { kind: 'unparseable', error: (error as Error).message, text: body.head };
  }
}

/** The first choice's message of a parsed completion, when it has a usable one. */
export function firstMessage(
  completion: unknown,
): { message: Record<string, unknown>; finishReason: string | null } | undefined {
  if (!isObject(completion) || !Array.isArray(completion.choices)) return undefined;
  const choice: unknown = completion.choices[0];
  if (!isObject(choice) || !isObject(choice.message)) return undefined;
  const { content } = choice.message;
  if (content !== undefined && content !== null && typeof content !== 'string') return undefined;
  return {
    message: choice.message,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer text an estimate counts: the content (or refusal) when parsed, else what was read of the body. */
export function answerSize(answer: ReadAnswer): { text: string; totalLength?: number } {
  if (answer.kind === 'too_large') return { text: answer.head, totalLength: answer.totalBytes };
  if (answer.kind === 'unparseable') return { text: answer.text };
  const message = firstMessage(answer.completion)?.message;
  const text = message?.content ?? message?.refusal;
  return { text: typeof text === 'string' ? text : '' };
}
