/**
 * The `callModel` activity: one HTTP call of one candidate, then parse, validate, count tokens and price them.
 * Every 200 is RETURNED as a billed outcome (valid or not, malformed or over the byte cap) with its usage and
 * cost, so nothing paid is lost; when the provider's usage is missing or unusable the project's own token count
 * is priced and marked `estimated`. Provider errors are THROWN as ApplicationFailure so Temporal's retry policy
 * does the durable retrying; a timeout on a provider that may bill the abandoned call carries its estimated cost
 * (catalog/abandoned.ts) and is not retried, so each abandoned call is a ledger row of its own. The body is read with a byte cap, so a huge answer never reaches history.
 */
import type { MediaStore } from '../../blobs';
import { readMediaData } from './media';
import { withMediaTokens } from './usage';
import { Context, activityInfo } from '@temporalio/activity';
import { APIConnectionTimeoutError } from 'openai';
import { costMicroUsd } from '../../catalog/pricing';
import {
  FailureType,
  OUTCOME_BY_FAILURE_TYPE,
  billedRow,
  type AttemptRecord,
  type AttemptStoreContext,
  type CallModelInput,
  type CallModelResult,
  type ChatMessage,
} from '../../workflows/definitions';
import { verifierMessages } from '../../prompts/verifier';
import { claimed, type ClaimCheck } from '../claim-check/store';
import { buildRequest } from './build-request';
import { applyChecks } from '../checks/apply';
import { missingCustomChecks, type CheckFunction } from '../checks';
import { toApplicationFailure, type ProviderErrorClass } from './classify-error';
import { failure } from './call-failure';
import type { CandidateStats } from './candidate-stats';
import type { RetryStats } from './retry-stats';
import type { CooldownTracker } from './cooldown';
import { estimateUsage } from './estimate-usage';
import type { ProviderClients } from './providers';
import { answerSize, readAnswer, type ReadAnswer } from './read-answer';
import { judgeAnswer } from './judge';
import { readCapped, type CappedBody } from './read-capped';
import { errorKind, recordAttempt, verdictOf } from './telemetry';
import { usableUsage } from './usage';

const HEARTBEAT_EVERY_MS = 2_000;
/**
 * Largest answer body kept, in bytes. The answer travels back through Temporal as the activity result (and the
 * workflow result), whose payloads are limited to 2 MB; a body over this is `too_large`, billed, and dropped.
 */
export const DEFAULT_MAX_ANSWER_BYTES = 1_000_000;
/** 200s that are not a served answer: for the measured reliability, the provider failed these calls. */
const UNSERVED: ReadonlySet<string> = new Set(['malformed_response', 'too_large']);
export interface CallModelDeps {
  clients: ProviderClients;
  cooldown: CooldownTracker;
  /** Recent served/failed calls and latencies per candidate, read by the planner. @default not measured */
  stats?: CandidateStats;
  /** What this worker's more-tokens retries did per model, read by the planner. @default not measured */
  retryStats?: RetryStats;
  /** Byte cap of an answer body. @default DEFAULT_MAX_ANSWER_BYTES */
  maxAnswerBytes?: number;
  /** Checks registered on the plugin, referenced by name from task and request checks. */
  checks?: Readonly<Record<string, CheckFunction>>;
  /** Keep answer text in ledger messages and logs (refusals, non-JSON snippets, loop units). @default false */
  logContent?: boolean;
  /** Where conversations sent by reference (`messagesRef`) are read from. */
  claims?: ClaimCheck;
  /** Where the bytes of requests' images and PDFs are read from (the worker's blob store). */
  media?: MediaStore;
  /**
   * Records a billed answer in the ledger store the moment it arrived, before the activity completes: a worker that
   * dies in between leaves that paid answer in the store. Never throws, never waits (the worker's outbox).
   */
  recordBilled?: (row: AttemptRecord, where: BilledAnswerPlace) => void;
}

/** Which workflow's request a billed answer belongs to, as the ledger store files it. */
export interface BilledAnswerPlace {
  store: AttemptStoreContext;
  workflowId: string;
  runId: string;
  workflowType: string;
}

/** The call's conversation: inline, or read from the claim-check store (a verifier's prompt built on it). */
async function withMessages(input: CallModelInput, claims: ClaimCheck | undefined): Promise<CallModelInput> {
  if (!input.messagesRef) return input;
  const { messagesRef, verifierFor, ...rest } = input;
  const source = await claimed(claims).get<ChatMessage[]>(messagesRef);
  return { ...rest, messages: verifierFor === undefined ? source : verifierMessages(source, verifierFor) };
}

export function createCallModel({
  clients,
  cooldown,
  stats,
  retryStats,
  maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES,
  checks,
  logContent = false,
  claims,
  media,
  recordBilled,
}: CallModelDeps) {
  // provider/model pairs already warned about for unusable usage: once per worker, not once per call.
  const warnedEstimates = new Set<string>();
  return async function callModel(wireInput: CallModelInput): Promise<CallModelResult> {
    const input = await withMessages(wireInput, claims);
    const { provider } = input.candidate;
    const tries = activityInfo().attempt;
    const cooling = cooldown.blocking(input.candidate);
    if (cooling) {
      const seconds = Math.ceil(cooling.remainingMs / 1000);
      // A provider's outage rules the provider out for the request; a model's rate limits only that model's tier
      // slot, as a 429 does (the rest of the route still runs at once).
      const classified: ProviderErrorClass =
        cooling.scope.kind === 'provider'
          ? {
              type: FailureType.Cooldown,
              nonRetryable: true,
              // The cascade tries another candidate, or waits this long when none is left (never a terminal failure).
              retryAfterMs: cooling.remainingMs,
              message: `provider ${provider} is cooling down for another ${seconds} s after repeated failures`,
            }
          : {
              type: FailureType.RateLimit,
              nonRetryable: true,
              retryAfterMs: cooling.remainingMs,
              message: `model ${input.candidate.ref} is cooling down for another ${seconds} s after repeated rate limits`,
            };
      recordAttempt({
        input,
        outcome: OUTCOME_BY_FAILURE_TYPE[classified.type] ?? 'cooldown',
        costMicroUsd: 0,
        latencyMs: 0,
        error: classified.message,
      });
      throw toApplicationFailure(classified, { tries, latencyMs: 0 });
    }

    const missing = missingCustomChecks(input.checks ?? [], checks);
    if (missing.length > 0) {
      // A configuration fault found before any call is paid for: the same on every candidate, so said loudly.
      const message = `check(s) ${missing.join(', ')} not registered on this worker's CascadePlugin (registered: ${Object.keys(checks ?? {}).join(', ') || 'none'})`;
      throw toApplicationFailure(
        { type: FailureType.BadRequest, nonRetryable: true, message },
        { tries, latencyMs: 0 },
      );
    }

    const startedAt = Date.now();
    const request = buildRequest(input, await readMediaData(input.messages, media));
    let body: CappedBody;
    // A local activity (the cascade's latency mode) has no heartbeats: the workflow task's own timeout bounds it.
    const heartbeat = activityInfo().isLocal
      ? undefined
      : setInterval(() => Context.current().heartbeat(), HEARTBEAT_EVERY_MS);
    // The SDK's timeout stops at the response headers; this one also covers a body that stalls half-way.
    const deadline = new AbortController();
    const deadlineTimer = setTimeout(() => deadline.abort(), input.timeoutMs);
    try {
      const client = clients.get(provider);
      const signal = AbortSignal.any([Context.current().cancellationSignal, deadline.signal]);
      // asResponse(): the SDK still throws classified errors for non-2xx, but leaves the body to us to read capped.
      const response = await client.chat.completions.create(request, { signal, timeout: input.timeoutMs }).asResponse();
      body = await readCapped(response.body, { capBytes: maxAnswerBytes });
    } catch (error) {
      const cause = deadline.signal.aborted ? new APIConnectionTimeoutError() : error;
      throw failure(cause, input, tries, Date.now() - startedAt, { cooldown, stats, request });
    } finally {
      clearInterval(heartbeat);
      clearTimeout(deadlineTimer);
    }
    const latencyMs = Date.now() - startedAt;
    cooldown.recordSuccess(input.candidate);

    const answer = readAnswer(body);
    const judged = await applyChecks(judgeAnswer(answer, input, maxAnswerBytes, logContent), input, checks);
    stats?.record(input.candidate.ref, !UNSERVED.has(judged.outcome), latencyMs);
    if (input.reason === 'more_tokens') retryStats?.record(input.candidate.ref, judged.outcome === 'ok');
    const reported = usableUsage(answer.kind === 'unparseable' ? undefined : answer.rawUsage);
    const usage = withMediaTokens(
      reported ?? estimateUsage(request, answerSize(answer), input.candidate.mediaTokens),
      answer.kind === 'unparseable' ? undefined : answer.rawUsage,
      input.candidate.mediaTokens,
    );
    if (!reported) warnEstimate(input, answer, warnedEstimates);
    const cost = costMicroUsd(usage, input.candidate.price);
    recordAttempt({
      input,
      outcome: judged.outcome,
      usage,
      costMicroUsd: cost,
      latencyMs,
      // What failed, not what was written: answer text stays out of the logs unless logContent is on.
      error: logContent ? judged.validationErrors?.[0] : errorKind(judged.validationErrors?.[0]),
      verdict: input.reason === 'verify' && judged.outcome === 'ok' ? verdictOf(judged.output, logContent) : undefined,
    });
    const result: CallModelResult = {
      ...judged,
      usage,
      costMicroUsd: cost,
      ...(reported ? {} : { estimated: true }),
      latencyMs,
      tries,
    };
    // A standalone activity (no workflow) has no request in the store to file it under.
    const { workflowExecution, workflowType } = activityInfo();
    if (recordBilled && wireInput.store && workflowExecution && workflowType) {
      recordBilled(billedRow(wireInput.store.row, result), {
        store: wireInput.store,
        workflowId: workflowExecution.workflowId,
        runId: workflowExecution.runId,
        workflowType,
      });
    }
    return result;
  };
}

/** Logs, once per provider/model per worker, that a provider's usage could not be used and was estimated. */
function warnEstimate(input: CallModelInput, answer: ReadAnswer, warned: Set<string>): void {
  const { ref } = input.candidate;
  if (warned.has(ref)) return;
  warned.add(ref);
  const got = answer.kind === 'unparseable' ? 'an unparseable body' : JSON.stringify(answer.rawUsage ?? null);
  Context.current().log.warn(
    `${ref} answered without usable usage (${got.slice(0, 200)}); billing our own token count, marked estimated`,
    {
      provider: input.candidate.provider,
      model: ref,
    },
  );
}
