/**
 * What a billed answer is worth: ok, or which way it failed (refusal, truncated, empty, invalid JSON, schema
 * violation), judged on the provider's completion. Shared by `callModel` and the provider-batch activities, so a
 * batch line is judged exactly as a synchronous answer is.
 */
import type { BilledOutcome, CallModelInput, CallModelResult, JsonValue } from '../../workflows/definitions';
import { toolCallsAction } from '../../prompts/agent';
import { parseJsonAnswer, validateOutput } from '../../catalog/node/json-schema';
import { firstMessage, type ReadAnswer } from './read-answer';
import { repetitionLoopUnit } from './repetition-loop';

/** How much of a bad answer is kept in history for a repair re-ask. */
const MAX_RAW_TEXT = 16_000;

export type Judged = Pick<
  CallModelResult,
  'outcome' | 'output' | 'rawText' | 'validationErrors' | 'finishReason' | 'repetitionLoop'
>;

/** A body that did not fit or did not parse is billed and moved past; a parsed one is judged on its answer. */
export function judgeAnswer(
  answer: ReadAnswer,
  input: Pick<CallModelInput, 'schema'>,
  maxAnswerBytes: number,
  logContent: boolean,
): Judged {
  if (answer.kind === 'too_large') {
    return {
      outcome: 'too_large',
      finishReason: null,
      validationErrors: [`answer body of ${answer.totalBytes} bytes is over the ${maxAnswerBytes}-byte cap`],
    };
  }
  if (answer.kind === 'unparseable') {
    return {
      outcome: 'malformed_response',
      finishReason: null,
      validationErrors: [`a 200 whose body is not JSON: ${logContent ? answer.error : withoutQuotes(answer.error)}`],
    };
  }
  return judge(answer.completion, input, logContent);
}

/** Decides what a billed answer is worth: ok, or which way it failed. */
export function judge(completion: unknown, input: Pick<CallModelInput, 'schema'>, logContent = false): Judged {
  const choice = firstMessage(completion);
  if (!choice) {
    return {
      outcome: 'malformed_response',
      finishReason: null,
      validationErrors: ['a 200 without a usable choice (no choices, or no message in the first)'],
    };
  }
  const { message, finishReason } = choice;
  const calls = nativeToolCalls(message);
  // Native tool calls become the step's JSON action, validated by the same schema as a JSON answer.
  const text =
    calls.length > 0
      ? JSON.stringify(toolCallsAction(calls))
      : typeof message.content === 'string'
        ? message.content
        : '';
  const rawText = text.slice(0, MAX_RAW_TEXT);
  const result = (outcome: BilledOutcome, extra: Partial<Judged> = {}): Judged => ({
    outcome,
    // The raw text of a bad answer is kept for a repair re-ask; a good one is already in `output`.
    rawText: outcome === 'ok' ? undefined : rawText,
    finishReason,
    ...extra,
  });
  if (typeof message.refusal === 'string' && message.refusal) {
    // Refusals often quote the document; they are not repaired, so the text is kept only when asked for.
    const said = logContent
      ? `: ${message.refusal}`
      : ` (${message.refusal.length} characters; logContent keeps the text)`;
    return result('refusal', { validationErrors: [`refusal${said}`] });
  }
  if (finishReason === 'content_filter') return result('refusal', { validationErrors: ['content_filter'] });
  if (finishReason === 'length') {
    const unit = repetitionLoopUnit(text);
    if (unit === undefined) return result('truncated', { validationErrors: ['finish_reason: length'] });
    const loop = logContent
      ? `repetition loop: the answer ends repeating ${JSON.stringify(unit.slice(0, 40))}`
      : `repetition loop: the answer ends repeating a ${unit.length}-character unit`;
    return result('truncated', { validationErrors: ['finish_reason: length', loop], repetitionLoop: true });
  }
  if (!text.trim()) return result('empty', { validationErrors: ['empty answer'] });
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) {
    return result('invalid_json', {
      validationErrors: [`invalid JSON: ${logContent ? parsed.error : withoutQuotes(parsed.error)}`],
    });
  }
  const validation = validateOutput(input.schema.jsonSchema, parsed.value);
  if (!validation.valid) return result('schema_violation', { validationErrors: validation.errors });
  return result('ok', { output: parsed.value as JsonValue });
}

/** The function calls of a message (`tool_calls`), as name and argument text. */
function nativeToolCalls(message: Record<string, unknown>): { name: string; arguments: string }[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.flatMap((call: unknown) => {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
    return typeof fn?.name === 'string'
      ? [
          {
            name: fn.name,
            arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
          },
        ]
      : [];
  });
}

/** A JSON.parse message without the quoted stretch of input it echoes (`Unexpected token 'h', "here is"... is`). */
function withoutQuotes(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '"…"').replace(/'[^']{2,}'/g, "'…'");
}
