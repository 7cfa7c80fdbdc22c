/**
 * `cascade()`: an LLM request as one step of any workflow. The worker plans it (a local activity on its
 * catalog), then its attempts run as activities of the calling workflow (or, with `as: 'child'`, as a child
 * `cascadeWorkflow` with its own page in the UI). Every row it adds to the calling workflow's ledger names
 * the step; a shared {@link JobBudget} bounds the steps together.
 */
import { ApplicationFailure, ChildWorkflowFailure, executeChild, workflowInfo } from '@temporalio/workflow';
import { budgetMicroUsd, microToUsd } from '../../catalog/pricing';
import {
  cascadeFailure,
  decodeCascadeFailure,
  FailureType,
  ledgerTotals,
  requestInput,
  type AttemptRecord,
  type CascadeFailureDetails,
  type CascadeRequestInput,
  type CascadeResult,
  type JsonObject,
  type JsonValue,
  type RequestOptions,
  type RequestPrompt,
} from '../definitions';
import type { JobBudget } from '../job/budget';
import { jobRecorder, type JobRecorder, type Recorder } from '../job/recorder';
import { inStepSpan } from '../tracing/step-spans';
import { planRequest } from './plan';
import { executeCascade, type cascadeWorkflow } from './workflow';

/**
 * A JSON Schema with the TypeScript type of the answers it admits. Build it with {@link defineSchema}: the
 * JSON Schema is data (it is recorded in history), the type is for the compiler only.
 */
export interface TypedSchema<T> {
  name: string;
  jsonSchema: JsonObject;
  /** Never set: carries `T` for type inference. */
  readonly __output?: T;
}

/**
 * Names a JSON Schema and gives it the type of its answers, for {@link cascade}. zod is not bundled into
 * workflows: write the JSON Schema (or generate it with `z.toJSONSchema` outside the workflow), and take the
 * type from zod with a type-only import: `defineSchema<z.output<typeof Ticket>>('ticket', ticketJsonSchema)`.
 */
export function defineSchema<T = JsonValue>(name: string, jsonSchema: Record<string, unknown>): TypedSchema<T> {
  return { name, jsonSchema: jsonSchema as JsonObject };
}

/**
 * Options of {@link cascade}: the task, a schema, the prompt (`input`, `messages` or `messagesRef`), the request's
 * options (`RequestOptions`, documented once; `maxCostUsd` is this step's own limit, besides the job's), and where
 * the step runs.
 */
export interface CascadeStepOptions<T> extends Omit<RequestOptions, 'latencyMode'>, RequestPrompt {
  /** Task type: names a route of the worker's catalog. */
  task: string;
  /** The output contract: a {@link TypedSchema} (typed output), or a plain JSON Schema (output typed as JSON). */
  schema: TypedSchema<T> | Record<string, unknown>;
  /** The step's name in the ledger, the UI and failures. @default the task */
  step?: string;
  /** The job's budget, shared by the steps that take it (see `jobBudget`). */
  budget?: JobBudget;
  /**
   * `'inline'`: the attempts are activities of this workflow. `'child'`: a child `cascadeWorkflow` runs the step
   * (its own page in the UI; its rows still join this workflow's ledger).
   * @default 'inline'
   */
  as?: 'inline' | 'child';
  /**
   * Where the step's rows go: the calling workflow's `ledger` query, Current Details and search attributes. Set by
   * workflows that answer their own `ledger` query (an agent job's steps pass a `silentRecorder()`); a user's
   * workflow leaves it out.
   * @default one recorder per workflow run, made (and its `ledger` query registered) by the run's first step
   */
  recorder?: Recorder;
}

/** What a step returns: its typed output, its own ledger rows and totals (the job's are in the `ledger` query). */
export interface CascadeStepResult<T> extends CascadeResult<T> {
  step: string;
}

let childSteps = 0;
/** The default recorder of a workflow whose steps pass none (module state is per workflow run). */
let defaultRecorder: JobRecorder | undefined;

function recorderOf(options: { recorder?: Recorder }): Recorder {
  return options.recorder ?? (defaultRecorder ??= jobRecorder());
}

/**
 * Runs one cascade as a step of the calling workflow and returns its typed output with the step's ledger and
 * totals. Throws `ApplicationFailure` like a failed `runCascade`: type `BudgetExceededError`,
 * `CascadeExhaustedError` or `CascadeUnavailableError` (details: `CascadeFailureDetails` with the whole job's
 * ledger and the step's name), or `CascadeConfigError` when the worker's catalog rejects the request.
 */
export async function cascade<T = JsonValue>(options: CascadeStepOptions<T>): Promise<CascadeStepResult<T>> {
  const step = options.step ?? options.task;
  const request = stepRequest(options);
  const recorder = recorderOf(options);
  if (options.as === 'child') return (await runChild(request, step, options.budget, recorder)) as CascadeStepResult<T>;
  const attributes = { 'llm_cascade.workflow_id': workflowInfo().workflowId, 'llm_cascade.step': step };
  const result = await inStepSpan(options.task, attributes, async () => {
    const input = await planRequest(request, `plan ${step}: ${options.task}`);
    return executeCascade(input, { step, budget: options.budget, recorder });
  });
  return { ...(result as CascadeResult<T>), step };
}

/** The wire request of a step. */
function stepRequest<T>(options: CascadeStepOptions<T>): CascadeRequestInput {
  const typed = isTypedSchema(options.schema) ? options.schema : undefined;
  const jsonSchema = (typed?.jsonSchema ?? options.schema) as JsonObject;
  const name = typed?.name ?? (typeof jsonSchema.title === 'string' ? jsonSchema.title : 'output');
  // A step's attempts run as this workflow's activities, or its child's: never as local activities.
  const { latencyMode: _latencyMode, ...request } = options as CascadeStepOptions<T> &
    Pick<RequestOptions, 'latencyMode'>;
  return requestInput(options.task, { name, jsonSchema }, request);
}

function isTypedSchema(schema: unknown): schema is TypedSchema<unknown> {
  const candidate = schema as Partial<TypedSchema<unknown>>;
  return typeof candidate.name === 'string' && !!candidate.jsonSchema && typeof candidate.jsonSchema === 'object';
}

/** A step as a child cascadeWorkflow: its spending is bounded by what the job has left, held back meanwhile. */
async function runChild(
  request: CascadeRequestInput,
  step: string,
  budget: JobBudget | undefined,
  job: Recorder,
): Promise<CascadeStepResult<JsonValue>> {
  const ownMicro = request.maxCostUsd === undefined ? undefined : budgetMicroUsd(request.maxCostUsd);
  const available = budget?.availableMicroUsd();
  const grantMicro =
    available === undefined ? ownMicro : ownMicro === undefined ? available : Math.min(ownMicro, available);
  const reservation = grantMicro === undefined ? undefined : budget?.reserve(grantMicro);
  const workflowId = `${workflowInfo().workflowId}/${step}-${++childSteps}`;
  const taggedRows = (rows: readonly AttemptRecord[]) => rows.map((row) => ({ ...row, step }));
  const publishOptions = { task: request.task, step, searchAttributes: request.searchAttributes };
  job.stepStarted();
  try {
    const result = await executeChild<typeof cascadeWorkflow>('cascadeWorkflow', {
      workflowId,
      args: [{ ...request, ...(grantMicro !== undefined && { maxCostUsd: microToUsd(Math.max(1, grantMicro)) }) }],
      staticSummary: `${step}: ${request.task} → ${request.schema.name} (a step of ${workflowInfo().workflowType})`,
    });
    const rows = taggedRows(result.attempts);
    rows.forEach((row) => job.add(row));
    if (reservation) budget!.settle(reservation, result.totals.costMicroUsd);
    job.publish('done', publishOptions);
    return { ...result, attempts: rows, step };
  } catch (error) {
    const cause = error instanceof ChildWorkflowFailure ? error.cause : undefined;
    if (!(cause instanceof ApplicationFailure)) throw error;
    const decoded = decodeCascadeFailure(cause);
    if (decoded?.kind === 'config') {
      if (reservation) budget!.settle(reservation, 0);
      throw ApplicationFailure.create({
        type: FailureType.ConfigError,
        message: cause.message,
        nonRetryable: true,
        details: [...(cause.details ?? [])],
      });
    }
    const details = decoded?.details;
    const rows = taggedRows(details?.attempts ?? []);
    rows.forEach((row) => job.add(row));
    if (reservation) budget!.settle(reservation, ledgerTotals(rows).costMicroUsd);
    job.publish(`failed: ${cause.type}`, publishOptions);
    const jobDetails: CascadeFailureDetails = {
      reason: details?.reason ?? cause.message,
      ...(details?.waitsMs && { waitsMs: details.waitsMs }),
      attempts: job.rows,
      totals: ledgerTotals(job.rows),
      step,
    };
    const message = `${step}: ${cause.message}`;
    // A failure that is no cascade's (a bug in the child) keeps its own type.
    throw decoded
      ? cascadeFailure(decoded.kind, message, jobDetails)
      : ApplicationFailure.create({
          type: cause.type ?? FailureType.CascadeExhausted,
          message,
          nonRetryable: true,
          details: [jobDetails],
        });
  } finally {
    job.stepEnded();
  }
}
