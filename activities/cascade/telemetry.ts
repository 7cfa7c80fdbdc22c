/**
 * One structured log line and a set of metrics per attempt (per HTTP try), billed or not, so a log pipeline or
 * Prometheus sees every dollar, including answers that failed validation.
 */
import { Context, activityInfo } from '@temporalio/activity';
import type { AttemptOutcome, CallModelInput, JsonValue } from '../../workflows/definitions';
import { problemLabel } from '../../catalog/checks';
import { microToUsd } from '../../catalog/pricing';
import type { TokenUsage } from '../../catalog/types';
import { redactSecrets } from '../../catalog/redact';

export interface AttemptEvent {
  input: CallModelInput;
  outcome: AttemptOutcome;
  usage?: TokenUsage;
  costMicroUsd: number;
  latencyMs: number;
  status?: number;
  error?: string;
  /** A verifier call's verdict on the answer it judged (`reason: verify`, outcome ok). */
  verdict?: { ok: boolean; problems: string[] };
}

/** Metric names as Prometheus exposes them (no `_total` suffix), documented in docs/metrics.md with PromQL examples. */
export const METRICS = {
  cost: 'llm_cascade_cost_micro_usd',
  attempts: 'llm_cascade_attempts',
  tokens: 'llm_cascade_tokens',
  latency: 'llm_cascade_attempt_latency_ms',
} as const;

export function recordAttempt(event: AttemptEvent): void {
  const context = Context.current();
  const info = activityInfo();
  const { input } = event;
  const tags = {
    provider: input.candidate.provider,
    model: input.candidate.ref,
    tier: input.tier,
    task: input.task,
    outcome: event.outcome,
    // Why the attempt ran (first, failover, escalation, repair, more_tokens): escalation rates need it.
    reason: input.reason,
  };
  const fields = {
    event: 'llm_attempt',
    ...tags,
    inputTokens: event.usage?.inputTokens ?? 0,
    cachedInputTokens: event.usage?.cachedInputTokens ?? 0,
    outputTokens: event.usage?.outputTokens ?? 0,
    costMicroUsd: event.costMicroUsd,
    costUsd: microToUsd(event.costMicroUsd),
    latencyMs: event.latencyMs,
    status: event.status,
    try: info.attempt,
    workflowId: info.workflowExecution?.workflowId,
    sessionId: input.sessionId,
    error: event.error === undefined ? undefined : redactSecrets(event.error),
    // The call itself is `ok` (it was paid and validated); whether it rejected the answer it judged is this:
    ...(event.verdict && { verdict: event.verdict.ok ? 'accepted' : 'rejected', problems: event.verdict.problems }),
  };
  // Configuration faults (bad key, unknown model, malformed request) are logged loudly: no retry will fix them.
  const loud = event.outcome === 'auth_error' || event.outcome === 'bad_request' || event.outcome === 'not_found';
  if (loud) context.log.error('llm_attempt: configuration fault', fields);
  else context.log.info('llm_attempt', fields);

  const meter = context.metricMeter;
  meter.createCounter(METRICS.attempts, 'attempts', 'LLM attempts by outcome').add(1, tags);
  if (event.costMicroUsd > 0) {
    meter.createCounter(METRICS.cost, 'micro-USD', 'Billed LLM cost in micro-USD').add(event.costMicroUsd, tags);
  }
  if (event.usage) {
    const tokens = meter.createCounter(METRICS.tokens, 'tokens', 'LLM tokens by kind');
    tokens.add(event.usage.inputTokens - event.usage.cachedInputTokens, { ...tags, kind: 'input' });
    tokens.add(event.usage.cachedInputTokens, { ...tags, kind: 'cached_input' });
    tokens.add(event.usage.outputTokens, { ...tags, kind: 'output' });
  }
  meter.createHistogram(METRICS.latency, 'int', 'ms', 'LLM attempt latency').record(event.latencyMs, tags);
}

/**
 * A verifier's `{ ok, problems }` answer (validated against the verdict schema), for the attempt's log line: the
 * fields its problems name, or their text when `logContent` is on (the text may quote the document).
 */
export function verdictOf(
  output: JsonValue | undefined,
  logContent: boolean,
): { ok: boolean; problems: string[] } | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output) || typeof output.ok !== 'boolean')
    return undefined;
  const problems = Array.isArray(output.problems) ? output.problems.map(String) : [];
  return { ok: output.ok, problems: logContent ? problems : problems.map((p) => problemLabel(p)) };
}

/** The part of an error before its first colon, e.g. `check grounded at total`, `refusal (212 characters)`. */
export function errorKind(error: string | undefined): string | undefined {
  return error?.split(':')[0]?.slice(0, 120);
}
