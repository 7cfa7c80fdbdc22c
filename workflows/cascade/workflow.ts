import { armLabel } from '../../catalog/experiments';
import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';
import type { CandidatePlan, TierPlan } from '../../catalog/types';
import type { createActivities } from '../../activities';
import { nextStep, type CallStep, type CascadeFailureKind, type WaitRecord } from './decide';
import { budgetMicroUsd, microToUsd, worstCaseMicroUsd } from '../../catalog/pricing';
import { formatCheckFailure } from '../../catalog/checks';
import { VERDICT_MAX_TOKENS, VERDICT_SCHEMA, agreementPartner, gateFailures, verifierMessages } from './gates';
import { gateDecision, recordGate } from './gate-telemetry';
import {
  FailureType,
  OUTCOME_BY_FAILURE_TYPE,
  type AttemptReason,
  type AttemptRecord,
  type GateReason,
  type CallFailureDetails,
  type CallModelInput,
  type CallModelResult,
  type CascadeFailureDetails,
  type CascadeInput,
  type CascadeRequestInput,
  type CascadeResult,
} from '../definitions';
import { isPlanned } from './planned';
import { stepLimitMicroUsd, type JobBudget } from '../job/budget';
import { jobRecorder, type Recorder } from '../job/recorder';
import { attemptSummary, baselineMicroUsd, ledgerCostMicroUsd, ledgerTotals, routeLine, routeMarkdown } from './ledger';
import { planRequest } from './plan';
import { CLASSIFY_TIER, classifiedStartTier, classifyCall, classifySchema } from '../../catalog/classify';

/** Marks histories whose cascades may run a classifier call before the first attempt. */
export const CLASSIFY_PATCH = 'llm-cascade-classify-start-tier';

/** Heartbeats let Temporal notice a dead worker long before a slow model's call timeout. */
const HEARTBEAT_TIMEOUT_MS = 10_000;
/** Extra time past the SDK's own timeout, so the activity reports a classified timeout first. */
const TIMEOUT_GRACE_MS = 5_000;

const FAILURE_TYPE_OF: Record<CascadeFailureKind, FailureType> = {
  budget: FailureType.BudgetExceeded,
  exhausted: FailureType.CascadeExhausted,
  unavailable: FailureType.CascadeUnavailable,
};

const { callModel } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '5 minutes' });
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '5 minutes' });

/**
 * Runs one LLM request as tiered attempts until an answer validates, the route is exhausted or the budget is spent.
 * The worker plans the request on its own catalog first (a local activity); an input that already carries its
 * route (histories recorded before the worker planned routes) runs as it is.
 */
export async function cascadeWorkflow(input: CascadeRequestInput | CascadeInput): Promise<CascadeResult> {
  const recorder = jobRecorder(); // the `ledger` query answers from the start, planning included
  const planned = isPlanned(input) ? (input as CascadeInput) : await planRequest(input, `plan ${input.task}`);
  return executeCascade(planned, { recorder });
}

/** Where a cascade runs: as a named step of a job (its rows carry the name), under the job's shared budget. */
export interface StepContext {
  step?: string;
  budget?: JobBudget;
  /**
   * The calling workflow's recorder: its `ledger` query, Current Details and search attributes. A `silentRecorder()`
   * for cascades whose workflow shows its own progress (a batch's inline items, an agent job's steps).
   */
  recorder: Recorder;
}

/**
 * The cascade itself, callable from any workflow (the batch item workflow and `cascade()` run it inline): its rows
 * join the calling workflow's ledger (the `ledger` query, Current Details, search attributes). Throws
 * `ApplicationFailure` (type `CascadeExhaustedError`, `BudgetExceededError` or `CascadeUnavailableError`,
 * details: `CascadeFailureDetails` with the whole job's ledger) when no answer validates.
 */
export async function executeCascade(input: CascadeInput, context: StepContext): Promise<CascadeResult> {
  const job = context.recorder;
  job.stepStarted();
  try {
    return await runAttempts(input, context);
  } finally {
    job.stepEnded();
  }
}

async function runAttempts(planned: CascadeInput, context: StepContext): Promise<CascadeResult> {
  // A job's step names its attempts (a report splits a job's history into its steps by it).
  let input: CascadeInput = context.step === undefined ? planned : { ...planned, step: context.step };
  const job = context.recorder;
  const ledger: AttemptRecord[] = [];
  const waits: WaitRecord[] = [];
  const own = input.maxCostUsd === undefined ? undefined : budgetMicroUsd(input.maxCostUsd);
  // The room for the next call: this request's own budget and, in a job, what the job has left.
  const limit = () => stepLimitMicroUsd(ledgerCostMicroUsd(ledger), own, context.budget);
  // The A/B arms the worker's planning put this request in, as `name:arm` keywords joined by commas.
  const experiments = input.experiments?.length ? input.experiments.map(armLabel).join(',') : undefined;
  const add = (row: AttemptRecord) => {
    if (context.step !== undefined) row.step = context.step;
    if (experiments) row.experiments = experiments;
    ledger.push(row);
    job.add(row);
  };
  const publish = (status: string) =>
    job.publish(status, {
      task: input.task,
      step: context.step,
      sessionId: input.metadata?.sessionId,
      ...(experiments && { experiments }),
      searchAttributes: input.searchAttributes,
    });
  let startedBy = '';
  // A cascade that goes on from a provider batch's line has its start already: the batch tier ran.
  if (input.classify && !input.prior?.attempts.length && patched(CLASSIFY_PATCH)) {
    const decision = await classifyStart(input, ledger, { limit, add, budget: context.budget });
    input = { ...input, route: { ...input.route, startTier: decision.tierIndex } };
    startedBy = ` (${decision.detail})`;
  }
  // The route the worker planned: one line per step in a job, the table with prices for a single cascade.
  job.note(
    context.step ?? input.task,
    context.step
      ? `**${context.step}** ${routeLine(input.route)}${startedBy}`
      : `${routeLine(input.route)}${startedBy}\n\n${routeMarkdown(input.route)}`,
  );
  let lastResult: CallModelResult | undefined = input.prior?.last;
  let lastRepair: CallModelInput['repair'];
  for (const row of input.prior?.attempts ?? []) add({ ...row, seq: ledger.length + 1 });
  const priorLast = ledger[ledger.length - 1];
  // A line that never ran or was refused inside a provider batch (expired, 5xx, 429) was not the provider being down
  // now: a zero wait forgives it, so the tier runs again synchronously instead of being skipped.
  if (priorLast && !priorLast.billed) waits.push({ afterSeq: ledger.length, ms: 0 });

  for (;;) {
    const step = nextStep({
      route: input.route,
      ledger,
      estimatedInputTokens: input.estimatedInputTokens,
      budgetMicroUsd: limit(),
      waits,
      maxWaitMs: input.maxWaitMs,
    });
    if (step.kind === 'done') break;
    if (step.kind === 'wait') {
      // Every candidate left is down for the moment: a durable timer, not a failure (survives any restart).
      publish(step.message);
      waits.push({ afterSeq: ledger.length, ms: step.ms });
      job.waiting({ message: step.message, untilMs: Date.now() + step.ms });
      await sleep(step.ms);
      job.waiting(undefined);
      continue;
    }
    if (step.kind === 'fail') {
      publish(`failed: ${step.failure}`);
      // The whole job's ledger: a step that cannot go on reports everything the job has spent.
      const details: CascadeFailureDetails = {
        attempts: job.rows,
        totals: ledgerTotals(job.rows),
        reason: step.message,
        waitsMs: waits.map((wait) => wait.ms),
        ...(context.step !== undefined && { step: context.step }),
      };
      throw ApplicationFailure.create({
        type: FAILURE_TYPE_OF[step.failure],
        message: context.step !== undefined ? `${context.step}: ${step.message}` : step.message,
        nonRetryable: true,
        details: [details],
      });
    }
    const repair = repairFor(step, lastResult, lastRepair);
    const held = context.budget?.reserve(step.reservedMicroUsd);
    const calling = input.route.tiers[step.tierIndex]?.candidates[step.candidateIndex];
    job.calling(calling && { ref: calling.ref, provider: calling.provider });
    const { record, result } = await attempt(input, step, ledger.length + 1, repair);
    job.calling(undefined);
    if (held) context.budget!.settle(held, record.costMicroUsd);
    lastResult = result;
    lastRepair = repair;
    add(record);
    if (
      record.outcome === 'ok' &&
      result &&
      (await passesGates(input, step, record, result, ledger, { limit, add, budget: context.budget }))
    ) {
      publish('done');
      break;
    }
    publish(record.outcome === 'ok' ? 'done' : 'running');
  }
  // The answer's row, not a gate's (a verifier's row may come last).
  const final = [...ledger].reverse().find((row) => !isGate(row.reason) && row.reason !== 'classify')!;
  return {
    output: lastResult?.output ?? null,
    attempts: ledger,
    totals: ledgerTotals(ledger),
    totalCostUsd: ledgerTotals(ledger).costUsd,
    baselineCostUsd: microToUsd(baselineMicroUsd(input.route, ledger)),
    finalTier: final.tier,
    finalModel: final.ref,
    workflowId: workflowInfo().workflowId,
    ...(input.experiments?.length && { experiments: input.experiments }),
    ...(input.catalogFingerprint && { catalogFingerprint: input.catalogFingerprint }),
  };
}

/**
 * Asks the route's small model which tier this request needs (a billed attempt like any other, reason `classify`,
 * budget-checked first) and returns the start tier: its answer's, or the rules' when it cannot give one.
 */
async function classifyStart(
  input: CascadeInput,
  ledger: AttemptRecord[],
  money: { limit: () => number | undefined; add: (row: AttemptRecord) => void; budget?: JobBudget },
) {
  const plan = input.classify!;
  const tierNames = input.route.tiers.map((tier) => tier.name);
  let answer: Parameters<typeof classifiedStartTier>[2] = { skipped: 'no classifier model' };
  for (const candidate of plan.candidates) {
    const room = money.limit();
    const call = classifyCall(plan, candidate, room === undefined ? undefined : room - ledgerCostMicroUsd(ledger));
    if (!call.call) {
      answer = { skipped: call.why };
      break;
    }
    const { record, result } = await classifyAttempt(input, plan, candidate, call.reservedMicroUsd, ledger, money);
    answer = { outcome: record.outcome, output: result?.output };
    const last = candidate === plan.candidates[plan.candidates.length - 1];
    // An answer (valid or not) was paid for and ends the classification; no answer tries the next model.
    if (record.billed || last) {
      const decision = classifiedStartTier(tierNames, plan, answer);
      money.add({ ...record, reasonDetail: decision.detail });
      return decision;
    }
    money.add({ ...record, reasonDetail: `classifier ${record.outcome}: next classifier model` });
  }
  return classifiedStartTier(tierNames, plan, answer);
}

/** One classifier call, as a one-candidate tier of its own with the first tier's timeouts and retries. */
async function classifyAttempt(
  input: CascadeInput,
  plan: NonNullable<CascadeInput['classify']>,
  candidate: CandidatePlan,
  reservedMicroUsd: number,
  ledger: AttemptRecord[],
  money: { budget?: JobBudget },
) {
  const tier: TierPlan = {
    name: CLASSIFY_TIER,
    candidates: [candidate],
    options: { ...input.route.tiers[0]!.options, maxOutputTokens: plan.maxOutputTokens, repairAttempts: 0 },
  };
  const step: CallStep = {
    kind: 'call',
    tierIndex: 0,
    candidateIndex: 0,
    reason: 'classify',
    reasonDetail: `which tier does this request need (${plan.tiers.join(', ')})`,
    maxOutputTokens: plan.maxOutputTokens,
    reservedMicroUsd,
  };
  const classifyInput: CascadeInput = {
    ...input,
    route: { ...input.route, tiers: [tier], startTier: 0 },
    schema: { name: 'start_tier', jsonSchema: classifySchema(plan.tiers) as CascadeInput['schema']['jsonSchema'] },
    messages: plan.messages,
    estimatedInputTokens: plan.estimatedInputTokens,
    checks: undefined,
  };
  const held = money.budget?.reserve(reservedMicroUsd);
  const { record, result } = await attempt(classifyInput, step, ledger.length + 1, undefined);
  if (held) money.budget!.settle(held, record.costMicroUsd);
  // Outside the route's tiers: the cascade's decisions never take this row for an attempt of a tier.
  return { record: { ...record, tierIndex: -1, candidateIndex: -1 }, result };
}

/**
 * The repair conversation an attempt carries: a repair quotes the last answer and its errors; a more-tokens retry
 * re-sends the conversation of the attempt it retries (a truncated repair stays a repair, not the bare prompt).
 */
function repairFor(
  step: CallStep,
  previous: CallModelResult | undefined,
  previousRepair: CallModelInput['repair'],
): CallModelInput['repair'] {
  if (step.reason === 'repair' && previous) {
    return {
      previousOutput: previous.rawText ?? '',
      errors: previous.validationErrors ?? [],
      outcome: previous.outcome,
    };
  }
  return step.reason === 'more_tokens' ? previousRepair : undefined;
}

function isGate(reason: AttemptReason): boolean {
  return reason === 'verify' || reason === 'agreement';
}

/**
 * Runs the tier's quality gates on an answer that validated and passed its checks. Accepted: true (also when a
 * gate cannot run: over budget, or its call failed without a verdict). Rejected: the answer's row becomes
 * `check_failed` naming the gate, the gate's row is last in the ledger, and `nextStep` escalates.
 */
async function passesGates(
  input: CascadeInput,
  step: CallStep,
  answerRow: AttemptRecord,
  answer: CallModelResult,
  ledger: AttemptRecord[],
  money: { limit: () => number | undefined; add: (row: AttemptRecord) => void; budget?: JobBudget },
): Promise<boolean> {
  const tier = input.route.tiers[step.tierIndex]!;
  const gates: { reason: GateReason; candidate: CandidatePlan }[] = [];
  if (tier.verifier) gates.push({ reason: 'verify', candidate: tier.verifier });
  const partner = agreementPartner(tier, step.candidateIndex);
  if (partner) gates.push({ reason: 'agreement', candidate: partner });
  for (const gate of gates) {
    const verify = gate.reason === 'verify';
    const maxOutputTokens = verify ? VERDICT_MAX_TOKENS : step.maxOutputTokens;
    const reserved = worstCaseMicroUsd(gate.candidate.price, input.estimatedInputTokens * 2, maxOutputTokens);
    const limit = money.limit();
    if (limit !== undefined && reserved > limit - ledgerCostMicroUsd(ledger)) {
      recordGate({ input, gate: gate.reason, decision: 'no_verdict', answer: answerRow });
      continue;
    }
    const gateStep: CallStep = {
      ...step,
      reason: gate.reason,
      reasonDetail: verify ? `verify the answer of ${answerRow.ref}` : `second answer to agree with ${answerRow.ref}`,
      maxOutputTokens,
      reservedMicroUsd: reserved,
    };
    const override = verify
      ? {
          candidate: gate.candidate,
          // A conversation by reference: the activity reads the source and builds the same verifier prompt.
          ...(input.messagesRef
            ? { verifierFor: answer.output ?? null }
            : { messages: verifierMessages(input.messages, answer.output ?? null) }),
          schema: VERDICT_SCHEMA,
          checks: undefined,
        }
      : { candidate: gate.candidate };
    const held = money.budget?.reserve(reserved);
    const { record, result } = await attempt(input, gateStep, ledger.length + 1, undefined, override);
    if (held) money.budget!.settle(held, record.costMicroUsd);
    money.add(record);
    const failures = gateFailures(gate.reason, answer, result, record.ref, tier.agreement?.fields ?? []);
    recordGate({
      input,
      gate: gate.reason,
      decision: gateDecision(failures),
      answer: answerRow,
      judge: record,
      failures,
    });
    if (failures === undefined || failures.length === 0) continue; // accepted, or the gate could not judge
    const errors = failures.map(formatCheckFailure);
    Object.assign(answerRow, {
      outcome: 'check_failed',
      failedChecks: failures,
      validationErrors: errors,
      error: errors.slice(0, 3).join('; '),
    });
    if (record.outcome === 'ok') {
      Object.assign(record, {
        outcome: 'check_failed',
        failedChecks: failures,
        validationErrors: errors,
        error: errors.slice(0, 3).join('; '),
      });
    }
    return false;
  }
  return true;
}

/** Runs one attempt as one activity (Temporal retries unbilled provider errors) and turns its end into a ledger row. */
async function attempt(
  input: CascadeInput,
  step: CallStep,
  seq: number,
  repair: CallModelInput['repair'],
  override: Partial<Pick<CallModelInput, 'candidate' | 'messages' | 'verifierFor' | 'schema' | 'checks'>> = {},
): Promise<{ record: AttemptRecord; result?: CallModelResult }> {
  const tier = input.route.tiers[step.tierIndex]!;
  const candidate = override.candidate ?? tier.candidates[step.candidateIndex]!;
  const callInput: CallModelInput = {
    task: input.task,
    tier: tier.name,
    candidate,
    schema: input.schema,
    messages: input.messages,
    ...(input.messagesRef && { messagesRef: input.messagesRef }),
    maxOutputTokens: step.maxOutputTokens,
    timeoutMs: tier.options.timeoutMs,
    maxRetryAfterMs: tier.options.maxRetryAfterMs,
    repair,
    checks: input.checks,
    schemaInPrompt: input.schemaInPrompt,
    sessionId: input.metadata?.sessionId,
    ...(input.batchItem !== undefined && { batchItem: input.batchItem }),
    ...(input.step !== undefined && { step: input.step }),
    reason: step.reason,
    ...override,
  };
  const startedAt = Date.now();
  const base = rowBase(seq, tier, candidate, step);
  try {
    const options = activityOptions(tier, candidate, step);
    // A batch's inline items share its page in the UI: each attempt names its item.
    if (input.batchItem !== undefined) options.summary = `item ${input.batchItem}: ${options.summary}`.slice(0, 400);
    const result = input.latencyMode
      ? await local.callModel.executeWithOptions(localOptions(options), [callInput])
      : await callModel.executeWithOptions(options, [callInput]);
    return {
      result,
      record: {
        ...base,
        outcome: result.outcome,
        billed: true,
        usage: result.usage,
        costMicroUsd: result.costMicroUsd,
        costUsd: microToUsd(result.costMicroUsd),
        latencyMs: result.latencyMs,
        tries: result.tries,
        validationErrors: result.validationErrors,
        ...(result.estimated ? { estimated: true } : {}),
        ...(result.repetitionLoop ? { repetitionLoop: true } : {}),
        failedChecks: result.failedChecks,
        error:
          result.outcome === 'ok' ? undefined : (result.validationErrors?.slice(0, 3).join('; ') ?? result.outcome),
      },
    };
  } catch (error) {
    if (isCancellation(error) || !(error instanceof ActivityFailure)) throw error;
    const { outcome, tries, message, status, retryAfterMs } = classifyActivityFailure(
      error,
      tier.options.triesPerCandidate,
    );
    return {
      record: {
        ...base,
        outcome,
        billed: false,
        usage: { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
        costMicroUsd: 0,
        costUsd: 0,
        latencyMs: Date.now() - startedAt,
        tries,
        error: message,
        status,
        retryAfterMs,
      },
    };
  }
}

function rowBase(seq: number, tier: TierPlan, candidate: CandidatePlan, step: CallStep) {
  return {
    seq,
    tier: tier.name,
    tierIndex: step.tierIndex,
    candidateIndex: step.candidateIndex,
    ref: candidate.ref,
    provider: candidate.provider,
    model: candidate.model,
    reason: step.reason,
    reasonDetail: step.reasonDetail,
    maxOutputTokens: step.maxOutputTokens,
    priceSource: candidate.price.source,
    priceEffectiveFrom: candidate.price.effectiveFrom,
  };
}

function activityOptions(tier: TierPlan, candidate: CandidatePlan, step: CallStep): ActivityOptions {
  return {
    summary: attemptSummary(tier.name, candidate.ref, step.reasonDetail),
    startToCloseTimeout: tier.options.timeoutMs + TIMEOUT_GRACE_MS,
    heartbeatTimeout: Math.min(HEARTBEAT_TIMEOUT_MS, tier.options.timeoutMs + TIMEOUT_GRACE_MS),
    retry: {
      maximumAttempts: tier.options.triesPerCandidate,
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
    },
  };
}

/**
 * The latency mode's options: the same timeout and retries, run in the worker's process without a server round trip.
 * Waits between retries longer than a few seconds (a Retry-After) become durable timers, as for normal activities.
 */
function localOptions({ heartbeatTimeout: _heartbeatTimeout, ...options }: ActivityOptions): LocalActivityOptions {
  return { ...options, localRetryThreshold: '5 seconds' };
}

/** Maps an activity failure (after Temporal's retries) to a ledger outcome, on failure types, never on message text. */
export function classifyActivityFailure(error: ActivityFailure, maxTries: number) {
  const cause = error.cause;
  if (cause instanceof TimeoutFailure) {
    return {
      outcome: 'timeout' as const,
      tries: maxTries,
      message: `activity ${String(cause.timeoutType ?? 'start_to_close').toLowerCase()} timeout`,
    };
  }
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as CallFailureDetails | undefined;
    const outcome = OUTCOME_BY_FAILURE_TYPE[cause.type ?? ''] ?? 'provider_error';
    return {
      outcome,
      tries: details?.tries ?? 1,
      message: cause.message,
      status: details?.status,
      retryAfterMs: details?.retryAfterMs,
    };
  }
  return { outcome: 'provider_error' as const, tries: maxTries, message: cause?.message ?? error.message };
}
