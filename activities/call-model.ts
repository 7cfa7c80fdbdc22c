/**
 * The `callModel` activity: one HTTP call of one candidate, then parse, validate, count tokens and price them.
 * Billed outcomes (valid or not) are RETURNED with their usage and cost, so nothing paid is lost; provider
 * errors are THROWN as ApplicationFailure so Temporal's retry policy does the durable retrying.
 */
import { Context, activityInfo } from '@temporalio/activity';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { costMicroUsd } from '../catalog/pricing';
import type { TokenUsage } from '../catalog/types';
import {
  FailureType,
  OUTCOME_BY_FAILURE_TYPE,
  type BilledOutcome,
  type CallModelInput,
  type CallModelResult,
  type JsonValue,
} from '../workflows/definitions';
import { buildRequest } from './build-request';
import { classifyProviderError, toApplicationFailure, type ProviderErrorClass } from './classify-error';
import type { CooldownTracker } from './cooldown';
import { MissingApiKeyError, type ProviderClients } from './providers';
import { recordAttempt } from './telemetry';
import { parseJsonAnswer, validateOutput } from './validate-output';

/** How much of a bad answer is kept in history for a repair re-ask. */
const MAX_RAW_TEXT = 16_000;
const HEARTBEAT_EVERY_MS = 2_000;
/** Failures that count towards a provider's cooldown: signs it is down or overloaded, not that we erred. */
const OUTAGE_TYPES: ReadonlySet<string> = new Set([
  FailureType.ServerError,
  FailureType.Timeout,
  FailureType.Connection,
  FailureType.RateLimit,
]);

/**
 * Whether a failure counts towards cooldown. A 429 that says when to come back (a Retry-After we will honour) is
 * back-pressure, not an outage: counting it would cool a busy provider down and fail a burst of batch items.
 */
export function countsTowardCooldown(classified: ProviderErrorClass): boolean {
  if (!OUTAGE_TYPES.has(classified.type)) return false;
  const backPressure =
    classified.type === FailureType.RateLimit && classified.retryAfterMs !== undefined && !classified.nonRetryable;
  return !backPressure;
}

export interface CallModelDeps {
  clients: ProviderClients;
  cooldown: CooldownTracker;
}

export function createCallModel({ clients, cooldown }: CallModelDeps) {
  return async function callModel(input: CallModelInput): Promise<CallModelResult> {
    const { provider } = input.candidate;
    const tries = activityInfo().attempt;
    const waitMs = cooldown.remainingMs(provider);
    if (waitMs > 0) {
      const classified: ProviderErrorClass = {
        type: FailureType.Cooldown,
        nonRetryable: true,
        // The cascade tries another candidate, or waits this long when none is left (never a terminal failure).
        retryAfterMs: waitMs,
        message: `provider ${provider} is cooling down for another ${Math.ceil(waitMs / 1000)} s after repeated failures`,
      };
      recordAttempt({ input, outcome: 'cooldown', costMicroUsd: 0, latencyMs: 0, error: classified.message });
      throw toApplicationFailure(classified, { tries, latencyMs: 0 });
    }

    const startedAt = Date.now();
    let completion: ChatCompletion;
    const heartbeat = setInterval(() => Context.current().heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      const client = clients.get(provider);
      completion = await client.chat.completions.create(buildRequest(input), {
        signal: Context.current().cancellationSignal,
        timeout: input.timeoutMs,
      });
    } catch (error) {
      throw failure(error, input, tries, Date.now() - startedAt, cooldown);
    } finally {
      clearInterval(heartbeat);
    }
    const latencyMs = Date.now() - startedAt;
    cooldown.recordSuccess(provider);

    const usage = usageOf(completion);
    const cost = costMicroUsd(usage, input.candidate.price);
    const judged = judge(completion, input);
    recordAttempt({
      input,
      outcome: judged.outcome,
      usage,
      costMicroUsd: cost,
      latencyMs,
      error: judged.validationErrors?.[0],
    });
    return { ...judged, usage, costMicroUsd: cost, latencyMs, tries };
  };
}

function failure(error: unknown, input: CallModelInput, tries: number, latencyMs: number, cooldown: CooldownTracker) {
  if (Context.current().cancellationSignal.aborted) return error; // let Temporal see the cancellation as it is
  const classified: ProviderErrorClass =
    error instanceof MissingApiKeyError
      ? { type: FailureType.Authentication, nonRetryable: true, message: error.message }
      : classifyProviderError(error, { maxRetryAfterMs: input.maxRetryAfterMs });
  if (countsTowardCooldown(classified)) cooldown.recordFailure(input.candidate.provider);
  recordAttempt({
    input,
    outcome: OUTCOME_BY_FAILURE_TYPE[classified.type] ?? 'provider_error',
    costMicroUsd: 0,
    latencyMs,
    status: classified.status,
    error: classified.message,
  });
  return toApplicationFailure(classified, { tries, latencyMs }, error);
}

/** Usage as the provider billed it. OpenAI's prompt_tokens include the cached ones. */
export function usageOf(completion: ChatCompletion): TokenUsage {
  const usage = completion.usage;
  const details = usage?.prompt_tokens_details as
    { cached_tokens?: number; cache_creation_tokens?: number } | undefined;
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    cachedInputTokens: details?.cached_tokens ?? 0,
    cacheWriteTokens: details?.cache_creation_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
  };
}

/** Decides what a billed answer is worth: ok, or which way it failed. */
export function judge(
  completion: ChatCompletion,
  input: Pick<CallModelInput, 'schema'>,
): Pick<CallModelResult, 'outcome' | 'output' | 'rawText' | 'validationErrors' | 'finishReason'> {
  const choice = completion.choices[0];
  const finishReason = choice?.finish_reason ?? null;
  const text = choice?.message.content ?? '';
  const rawText = text.slice(0, MAX_RAW_TEXT);
  const result = (outcome: BilledOutcome, extra: { output?: JsonValue; validationErrors?: string[] } = {}) => ({
    outcome,
    // The raw text of a bad answer is kept for a repair re-ask; a good one is already in `output`.
    rawText: outcome === 'ok' ? undefined : rawText,
    finishReason,
    ...extra,
  });
  if (choice?.message.refusal) return result('refusal', { validationErrors: [`refusal: ${choice.message.refusal}`] });
  if (finishReason === 'content_filter') return result('refusal', { validationErrors: ['content_filter'] });
  if (finishReason === 'length') return result('truncated', { validationErrors: ['finish_reason: length'] });
  if (!text.trim()) return result('empty', { validationErrors: ['empty answer'] });
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) return result('invalid_json', { validationErrors: [`invalid JSON: ${parsed.error}`] });
  const validation = validateOutput(input.schema.jsonSchema, parsed.value);
  if (!validation.valid) return result('schema_violation', { validationErrors: validation.errors });
  return result('ok', { output: parsed.value as JsonValue });
}
