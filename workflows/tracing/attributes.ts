/**
 * What a trace says about a cascade and about each of its attempts: span names and attributes, following the
 * OpenTelemetry GenAI semantic conventions (`gen_ai.*`) plus llm-cascade's own (`llm_cascade.*`). Pure and
 * sandbox-safe: the attempt's attributes are set by a worker-side activity interceptor, the cascade's by a workflow
 * interceptor inside the sandbox, and both are unit-tested here without Temporal or the OpenTelemetry SDK.
 * Prompt and answer text appear only with `logContent`.
 */
import { armLabel } from '../../routing/experiments';
import type { CallModelInput, CallModelResult } from '../definitions/call-model';
import { OUTCOME_BY_FAILURE_TYPE } from '../definitions/call-model';
import { tierPath, type CascadeResult } from '../definitions/ledger';
import { microToUsd } from '../../catalog/pricing';

/** An attribute value OpenTelemetry accepts (no nested objects). */
export type SpanAttributeValue = string | number | boolean | string[];
export type SpanAttributes = Record<string, SpanAttributeValue>;

/** GenAI operation of one provider call: a chat completion. */
export const CHAT_OPERATION = 'chat';

/** `chat <model>`: the GenAI conventions' span name, `{gen_ai.operation.name} {gen_ai.request.model}`. */
export function attemptSpanName(input: Pick<CallModelInput, 'candidate'>): string {
  return `${CHAT_OPERATION} ${input.candidate.model}`;
}

/** What an attempt's span says before the call: the model asked, the tier and why it ran. */
export function attemptStartAttributes(input: CallModelInput, tries: number, logContent: boolean): SpanAttributes {
  const attributes: SpanAttributes = {
    'gen_ai.operation.name': CHAT_OPERATION,
    'gen_ai.provider.name': input.candidate.provider,
    'gen_ai.request.model': input.candidate.model,
    'gen_ai.request.max_tokens': input.maxOutputTokens,
    'gen_ai.output.type': 'json',
    'llm_cascade.task': input.task,
    'llm_cascade.tier': input.tier,
    'llm_cascade.model_ref': input.candidate.ref,
    'llm_cascade.why': input.reason,
    // Temporal's retry of the same attempt (an unbilled 503, a 429): 1 on the first HTTP try.
    'llm_cascade.try': tries,
  };
  if (input.sessionId !== undefined) attributes['gen_ai.conversation.id'] = input.sessionId;
  if (input.step !== undefined) attributes['llm_cascade.step'] = input.step;
  if (input.batchItem !== undefined) attributes['llm_cascade.batch_item'] = input.batchItem;
  // Conversations sent by reference (claim checks) are not read again just to trace them.
  if (logContent && input.messages.length > 0) attributes['gen_ai.input.messages'] = JSON.stringify(input.messages);
  return attributes;
}

/**
 * What a billed call's span says after the provider answered: tokens, finish reason, cost and how the answer fared.
 * The response model is the model called (the provider's echo of its name is not kept by the activity).
 */
export function attemptResultAttributes(
  input: Pick<CallModelInput, 'candidate'>,
  result: CallModelResult,
  logContent: boolean,
): SpanAttributes {
  const attributes: SpanAttributes = {
    'gen_ai.response.model': input.candidate.model,
    'gen_ai.usage.input_tokens': result.usage.inputTokens,
    'gen_ai.usage.output_tokens': result.usage.outputTokens,
    'llm_cascade.cached_input_tokens': result.usage.cachedInputTokens,
    'llm_cascade.outcome': result.outcome,
    'llm_cascade.billed': true,
    'llm_cascade.cost_usd': microToUsd(result.costMicroUsd),
    'llm_cascade.estimated': result.estimated === true,
  };
  if (result.finishReason !== null) attributes['gen_ai.response.finish_reasons'] = [result.finishReason];
  if (logContent && result.rawText !== undefined) attributes['gen_ai.output.messages'] = result.rawText;
  return attributes;
}

/**
 * What an unbilled failure's span says: `error.type` is the failure's dotted type (`ModelInvocationError.ServerError`),
 * low-cardinality as the conventions ask, and the ledger outcome it becomes (`provider_error`).
 */
export function attemptFailureAttributes(failureType: string | undefined): SpanAttributes {
  const type = failureType ?? 'Error';
  return {
    'error.type': type,
    'llm_cascade.outcome': OUTCOME_BY_FAILURE_TYPE[type] ?? 'error',
    'llm_cascade.billed': false,
    'llm_cascade.cost_usd': 0,
  };
}

/** `cascade <task>`: the span of one cascade workflow, parent of its attempts. */
export function cascadeSpanName(task: string | undefined): string {
  return task ? `cascade ${task}` : 'cascade';
}

/**
 * What a finished cascade's span says: its outcome, totals and path. Token totals are `llm_cascade.*`, not
 * `gen_ai.usage.*`: GenAI-aware backends (Langfuse, Phoenix) add up `gen_ai.usage` over a trace's spans, and the
 * attempts' spans already carry every token once.
 */
export function cascadeResultAttributes(result: CascadeResult): SpanAttributes {
  const attributes: SpanAttributes = {
    'llm_cascade.outcome': 'ok',
    'llm_cascade.final_tier': result.finalTier,
    'llm_cascade.final_model': result.finalModel,
    'llm_cascade.attempts': result.totals.attempts,
    'llm_cascade.billed_attempts': result.totals.billedAttempts,
    'llm_cascade.input_tokens': result.totals.inputTokens,
    'llm_cascade.output_tokens': result.totals.outputTokens,
    'llm_cascade.cost_usd': result.totals.costUsd,
    'llm_cascade.estimated': result.attempts.some((attempt) => attempt.estimated === true),
    'llm_cascade.tier_path': tierPath(result.attempts).join('>'),
  };
  if (result.experiments?.length) attributes['llm_cascade.experiment'] = result.experiments.map(armLabel).join(',');
  return attributes;
}

/** What a failed cascade's span says: the failure's type (`BudgetExceededError`, `CascadeExhaustedError`). */
export function cascadeFailureAttributes(failureType: string | undefined): SpanAttributes {
  return { 'error.type': failureType ?? 'Error', 'llm_cascade.outcome': 'failed' };
}
