/**
 * `cascade()`: an LLM request as one step of any workflow. The worker plans it (a local activity on its
 * catalog), then its attempts run as activities of the calling workflow (or, with `as: 'child'`, as a child
 * `cascadeWorkflow` with its own page in the UI). Every row it adds to the calling workflow's ledger names
 * the step; a shared {@link JobBudget} bounds the steps together.
 */
import { ApplicationFailure, ChildWorkflowFailure, executeChild, workflowInfo } from '@temporalio/workflow';
import type { CheckSpec } from '../../catalog/checks';
import { budgetMicroUsd, microToUsd } from '../../catalog/pricing';
import {
  FailureType,
  type AttemptRecord,
  type BlobRef,
  type CascadeFailureDetails,
  type CascadeRequestInput,
  type CascadeResult,
  type ChatMessage,
  type JsonObject,
  type JsonValue,
  type RequestMetadata,
} from '../definitions';
import type { JobBudget } from '../job/budget';
import { jobRecorder, type JobRecorder, type Recorder } from '../job/recorder';
import { ledgerTotals } from './ledger';
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

/** Options of {@link cascade}. */
export interface CascadeStepOptions<T> {
  /** Task type: names a route of the worker's catalog. */
  task: string;
  /** The output contract: a {@link TypedSchema} (typed output), or a plain JSON Schema (output typed as JSON). */
  schema: TypedSchema<T> | Record<string, unknown>;
  /** The document or question; becomes the user message. Give `input` or `messages`. */
  input?: string;
  /** A full conversation, instead of `input`. */
  messages?: ChatMessage[];
  /** A conversation in the worker's claim-check store (written by an activity), instead of `messages`. */
  messagesRef?: BlobRef;
  /** System instructions placed before the input. @default the task's instructions in the worker's catalog */
  instructions?: string;
  /** The step's name in the ledger, the UI and failures. @default the task */
  step?: string;
  /** The job's budget, shared by the steps that take it (see `jobBudget`). */
  budget?: JobBudget;
  /** This step's own limit in USD (besides the job's). */
  maxCostUsd?: number;
  /** Start at this tier by name, overriding the route's start rules. */
  startTier?: string;
  /** Checks answers must pass besides the task's own. */
  checks?: CheckSpec[];
  /** Put a compact field list into the system prompt (json_schema mode). @default the task's setting, else true */
  schemaInPrompt?: boolean;
  /** Longest total wait for providers that are down, ms. @default 900000 */
  maxWaitMs?: number;
  metadata?: RequestMetadata;
  /**
   * `'inline'`: the attempts are activities of this workflow. `'child'`: a child `cascadeWorkflow` runs the step
   * (its own page in the UI; its rows still join this workflow's ledger).
   * @default 'inline'
   */
  as?: 'inline' | 'child';
  /** Upsert the cost search attributes on this workflow (they must be registered). @default true */
  searchAttributes?: boolean;
  /**
   * Where the step's rows go: the calling workflow's `ledger` query, Current Details and search attributes. Set by
   * workflows that answer their own `ledger` query (an agent job's steps pass a `silentRecorder()`); a user's
   * workflow leaves it out.
   * @default one recorder per workflow run, made (and its `ledger` query registered) by the run's first step
   */
  recorder?: Recorder;
  /** Tags every candidate must carry (e.g. `{ region: 'eu' }`), besides the route's own; the others are never called. */
  require?: Record<string, string | number | boolean>;
  /** Candidates whose measured p95 latency on the worker is above this are tried last in their tier, ms. */
  latencyGoalMs?: number;
  /** With `latencyGoalMs`: rule such candidates out instead of trying them last. @default false */
  latencyGoalStrict?: boolean;
  /**
   * The fingerprint of the catalog this step must be planned with (e.g. sent by your client in the workflow's
   * arguments): a worker with another catalog refuses it (`CascadeConfigError`, `CATALOG_MISMATCH`) before any call.
   */
  expectedCatalogFingerprint?: string;
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
  const input = await planRequest(request, `plan ${step}: ${options.task}`);
  const result = await executeCascade(input, { step, budget: options.budget, recorder });
  return { ...(result as CascadeResult<T>), step };
}

/** The wire request of a step. */
function stepRequest<T>(options: CascadeStepOptions<T>): CascadeRequestInput {
  const typed = isTypedSchema(options.schema) ? options.schema : undefined;
  const jsonSchema = (typed?.jsonSchema ?? options.schema) as JsonObject;
  const name = typed?.name ?? (typeof jsonSchema.title === 'string' ? jsonSchema.title : 'output');
  return {
    task: options.task,
    schema: { name, jsonSchema },
    ...(options.input !== undefined && { input: options.input }),
    ...(options.messages && { messages: options.messages }),
    ...(options.messagesRef && { messagesRef: options.messagesRef }),
    ...(options.instructions !== undefined && { instructions: options.instructions }),
    ...(options.checks && { checks: options.checks }),
    ...(options.schemaInPrompt !== undefined && { schemaInPrompt: options.schemaInPrompt }),
    ...(options.startTier !== undefined && { startTier: options.startTier }),
    ...(options.maxCostUsd !== undefined && { maxCostUsd: options.maxCostUsd }),
    ...(options.maxWaitMs !== undefined && { maxWaitMs: options.maxWaitMs }),
    ...(options.metadata && { metadata: options.metadata }),
    searchAttributes: options.searchAttributes ?? true,
    ...(options.require && { require: options.require }),
    ...(options.latencyGoalMs !== undefined && { latencyGoalMs: options.latencyGoalMs }),
    ...(options.latencyGoalStrict && { latencyGoalStrict: true }),
    ...(options.expectedCatalogFingerprint && { expectedCatalogFingerprint: options.expectedCatalogFingerprint }),
  };
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
    if (cause.type === FailureType.ConfigError) {
      if (reservation) budget!.settle(reservation, 0);
      throw ApplicationFailure.create({
        type: FailureType.ConfigError,
        message: cause.message,
        nonRetryable: true,
        details: [...(cause.details ?? [])],
      });
    }
    const details = cause.details?.[0] as CascadeFailureDetails | undefined;
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
    throw ApplicationFailure.create({
      type: cause.type ?? FailureType.CascadeExhausted,
      message: `${step}: ${cause.message}`,
      nonRetryable: true,
      details: [jobDetails],
    });
  } finally {
    job.stepEnded();
  }
}
