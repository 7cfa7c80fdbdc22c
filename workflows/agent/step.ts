/**
 * The one place the agent loop runs a cascade: everything it needs from the cascade layer goes through `runStep`,
 * which is `cascade()` from `llm-cascade/workflow` (the worker plans each step on its catalog) under the job's
 * `JobBudget` (every attempt reserves its worst case from what the job has left, then settles).
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { cascade } from '../cascade/step';
import {
  decodeCascadeFailure,
  type AttemptRecord,
  type BlobRef,
  type DecodedCascadeFailure,
  type ChatMessage,
  type JsonObject,
  type JsonValue,
} from '../definitions';
import type { JobBudget } from '../job/budget';
import { silentRecorder } from '../job/recorder';

export interface StepRequest {
  task: string;
  /** The step's name in the ledger and the UI, unique in the job: `step 3`, `compression 1`. */
  step: string;
  schemaName: string;
  schema: JsonObject;
  /** The prompt: inline, or by reference to the worker's claim-check store. */
  messages?: ChatMessage[];
  messagesRef?: BlobRef;
  budget?: JobBudget;
  /** The catalog the job's client holds: a worker with another refuses the step before any call. */
  expectedCatalogFingerprint?: string;
}

export type StepFailure = DecodedCascadeFailure['kind'];

export type StepOutcome =
  | { ok: true; output: JsonValue; attempts: AttemptRecord[] }
  | { ok: false; failure: StepFailure; reason: string; attempts: AttemptRecord[] };

/** Runs one step as an inline cascade; a failed cascade is returned (with what this step paid), never thrown. */
export async function runStep(request: StepRequest): Promise<StepOutcome> {
  try {
    const result = await cascade({
      task: request.task,
      step: request.step,
      schema: { name: request.schemaName, jsonSchema: request.schema },
      ...(request.messages && { messages: request.messages }),
      ...(request.messagesRef && { messagesRef: request.messagesRef }),
      ...(request.budget && { budget: request.budget }),
      ...(request.expectedCatalogFingerprint && { expectedCatalogFingerprint: request.expectedCatalogFingerprint }),
      // The agent publishes its own search attributes and details, and answers its own `ledger` query (every run's
      // rows): its steps' cascades record into a recorder of their own that shows nothing.
      searchAttributes: false,
      recorder: silentRecorder(),
    });
    return { ok: true, output: result.output, attempts: result.attempts };
  } catch (error) {
    const failure = error instanceof ApplicationFailure ? decodeCascadeFailure(error) : undefined;
    if (!failure) throw error;
    // The details carry the step recorder's rows: this step's, named after it.
    const details = failure.kind === 'config' ? undefined : failure.details;
    const attempts = (details?.attempts ?? []).filter((row) => row.step === request.step);
    return { ok: false, failure: failure.kind, reason: failure.message, attempts };
  }
}
