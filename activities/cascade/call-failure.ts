/**
 * A `callModel` call that got no billed answer: classified, the provider's cooldown and measured reliability told,
 * logged, and thrown as the ApplicationFailure Temporal's retry policy reads (the cause's message scrubbed of keys).
 * A timeout on a provider that may bill the abandoned call carries its estimate and is not retried.
 */
import { Context } from '@temporalio/activity';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { redactSecrets } from '../../catalog/redact';
import { FailureType, OUTCOME_BY_FAILURE_TYPE, type CallModelInput } from '../../workflows/definitions';
import type { CandidateStats } from './candidate-stats';
import { classifyProviderError, toApplicationFailure, type ProviderErrorClass } from './classify-error';
import { cooldownScope, type CooldownTracker } from './cooldown';
import { estimateAbandoned } from './estimate-usage';
import { MissingApiKeyError } from './providers';
import { recordAttempt } from './telemetry';

export function failure(
  error: unknown,
  input: CallModelInput,
  tries: number,
  latencyMs: number,
  { cooldown, stats, request }: { cooldown: CooldownTracker; stats?: CandidateStats; request: Request },
) {
  if (Context.current().cancellationSignal.aborted) return error; // let Temporal see the cancellation as it is
  const classified: ProviderErrorClass =
    error instanceof MissingApiKeyError
      ? { type: FailureType.Authentication, nonRetryable: true, message: error.message }
      : classifyProviderError(error, { maxRetryAfterMs: input.maxRetryAfterMs });
  // A provider's error body can echo the key it was sent: scrub it before it reaches the ledger, history or logs.
  classified.message = redactSecrets(classified.message);
  const scope = cooldownScope(classified, input.candidate);
  if (scope) {
    cooldown.recordFailure(scope);
    // The same signs of an outage count against the candidate's measured reliability (a config fault does not).
    stats?.record(input.candidate.ref, false, latencyMs);
  }
  const abandoned = abandonedCall(classified, input, request);
  recordAttempt({
    input,
    outcome: OUTCOME_BY_FAILURE_TYPE[classified.type] ?? 'provider_error',
    costMicroUsd: abandoned?.costMicroUsd ?? 0,
    latencyMs,
    status: classified.status,
    error: classified.message,
  });
  return toApplicationFailure(
    classified,
    { tries, latencyMs, ...(abandoned && { abandoned }) },
    redactedCause(error),
  );
}

type Request = ChatCompletionCreateParamsNonStreaming;

/** A timed-out call on a provider that may bill it: priced by the estimate rule, and not retried (could bill twice). */
function abandonedCall(classified: ProviderErrorClass, input: CallModelInput, request: Request) {
  const estimate = classified.type === FailureType.Timeout ? estimateAbandoned(request, input.candidate) : undefined;
  if (!estimate) return undefined;
  classified.nonRetryable = true;
  classified.message = `${classified.message}; the provider may bill it: recorded at an estimate`;
  return estimate;
}

/** The cause chain goes into history with the failure: keep its name and a scrubbed message, drop the rest. */
function redactedCause(error: unknown): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(redactSecrets(error.message));
  copy.name = error.name;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
