/**
 * The one place the agent loop runs a cascade: everything it needs from the cascade layer goes through `runStep`,
 * so moving to `cascade()` / `jobBudget()` from `llm-cascade/workflow` touches this file only.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { microToUsd } from '../../catalog/pricing';
import type { RoutePlan } from '../../catalog/types';
import { executeCascade } from '../cascade/workflow';
import {
  FailureType,
  type AttemptRecord,
  type CascadeFailureDetails,
  type ChatMessage,
  type JsonObject,
  type JsonValue,
} from '../definitions';

export interface StepRequest {
  task: string;
  route: RoutePlan;
  schemaName: string;
  schema: JsonObject;
  messages: ChatMessage[];
  estimatedInputTokens: number;
  /** What is left of the job's budget, micro-USD; every attempt reserves its worst case against it. */
  remainingMicroUsd?: number;
}

export type StepOutcome =
  | { ok: true; output: JsonValue; attempts: AttemptRecord[] }
  | { ok: false; failure: 'budget' | 'exhausted' | 'unavailable'; reason: string; attempts: AttemptRecord[] };

const FAILURE_OF: Record<string, 'budget' | 'exhausted' | 'unavailable'> = {
  [FailureType.BudgetExceeded]: 'budget',
  [FailureType.CascadeExhausted]: 'exhausted',
  [FailureType.CascadeUnavailable]: 'unavailable',
};

/** Runs one step as an inline cascade; a failed cascade is returned (with what it paid), never thrown. */
export async function runStep(request: StepRequest): Promise<StepOutcome> {
  try {
    const result = await executeCascade({
      task: request.task,
      route: request.route,
      schema: { name: request.schemaName, jsonSchema: request.schema },
      messages: request.messages,
      estimatedInputTokens: request.estimatedInputTokens,
      ...(request.remainingMicroUsd !== undefined ? { maxCostUsd: microToUsd(request.remainingMicroUsd) } : {}),
      // The agent publishes its own search attributes and details.
      searchAttributes: false,
    });
    return { ok: true, output: result.output, attempts: result.attempts };
  } catch (error) {
    const failure = error instanceof ApplicationFailure ? FAILURE_OF[error.type ?? ''] : undefined;
    if (!failure || !(error instanceof ApplicationFailure)) throw error;
    const details = error.details?.[0] as CascadeFailureDetails | undefined;
    return { ok: false, failure, reason: error.message, attempts: details?.attempts ?? [] };
  }
}
