/**
 * The cascade workflow and its driver: plan (a local activity), then attempts chosen by the pure `nextStep` until an
 * answer validates and passes its gates, the route is exhausted or the budget is spent. One attempt is attempt.ts,
 * the classifier start classify-start.ts, the quality gates run-gates.ts.
 */
import { armLabel } from '../../routing/experiments';
import { isCancellation, sleep, workflowInfo } from '@temporalio/workflow';
import { billsAbandoned } from '../../catalog/abandoned';
import { isPatched } from '../patches';
import { nextStep, type CallStep } from './decide';
import type { WaitRecord } from './waits';
import { budgetMicroUsd, microToUsd } from '../../catalog/pricing';
import {
  cascadeFailure,
  ledgerCostMicroUsd,
  ledgerTotals,
  type AttemptReason,
  type AttemptRecord,
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
import { baselineMicroUsd, routeLine, routeMarkdown } from './ledger';
import { planRequest } from './plan';
import { attempt, cancelledRow } from './attempt';
import { classifyStart } from './classify-start';
import { passesGates } from './run-gates';
import { storeRecorder, storedRequest } from './store';

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
  /** The batch item this cascade is, when it runs inline in its batch workflow (the ledger store files it so). */
  item?: { id: string; round: number };
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
  const request = storedRequest(input, { step: context.step, item: context.item }, Date.now());
  const store = storeRecorder(request);
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
    store.attempt(row);
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
  if (input.classify && !input.prior?.attempts.length && isPatched('classifyStartTier')) {
    const decision = await classifyStart(input, ledger, { limit, add, budget: context.budget, request });
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
      const failure = cascadeFailure(
        step.failure,
        context.step !== undefined ? `${context.step}: ${step.message}` : step.message,
        details,
      );
      store.finished(ledger, { failure: failure.type ?? step.failure, baselineMicroUsd: 0 });
      throw failure;
    }
    const repair = repairFor(step, lastResult, lastRepair);
    const held = context.budget?.reserve(step.reservedMicroUsd);
    const calling = input.route.tiers[step.tierIndex]?.candidates[step.candidateIndex];
    job.calling(calling && { ref: calling.ref, provider: calling.provider });
    const { record, result } = await attempt(input, step, ledger.length + 1, repair, {}, request).catch((error: unknown) => {
      // Cancelled while the call was in flight: the provider may finish (and bill) it anyway, so the ledger and the
      // store get its estimated row before the cancellation goes on.
      if (isCancellation(error) && calling && billsAbandoned(calling) && isPatched('abandonedEstimate')) {
        const row = cancelledRow(input, step, calling, ledger.length + 1);
        if (held) context.budget!.settle(held, row.costMicroUsd);
        add(row);
        store.finished(ledger, { failure: 'cancelled', baselineMicroUsd: 0 });
      }
      throw error;
    });
    job.calling(undefined);
    if (held) context.budget!.settle(held, record.costMicroUsd);
    lastResult = result;
    lastRepair = repair;
    add(record);
    if (
      record.outcome === 'ok' &&
      result &&
      (await passesGates(input, step, record, result, ledger, { limit, add, budget: context.budget, request }))
    ) {
      publish('done');
      break;
    }
    publish(record.outcome === 'ok' ? 'done' : 'running');
  }
  // The answer's row, not a gate's (a verifier's row may come last).
  const final = [...ledger].reverse().find((row) => !isGate(row.reason) && row.reason !== 'classify')!;
  const baselineMicro = baselineMicroUsd(input.route, ledger);
  store.finished(ledger, { baselineMicroUsd: baselineMicro });
  return {
    output: lastResult?.output ?? null,
    attempts: ledger,
    totals: ledgerTotals(ledger),
    totalCostUsd: ledgerTotals(ledger).costUsd,
    baselineCostUsd: microToUsd(baselineMicro),
    finalTier: final.tier,
    finalModel: final.ref,
    workflowId: workflowInfo().workflowId,
    ...(input.experiments?.length && { experiments: input.experiments }),
    ...(input.catalogFingerprint && { catalogFingerprint: input.catalogFingerprint }),
  };
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
