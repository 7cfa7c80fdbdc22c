/**
 * How a framework integration runs one cascade: through a Temporal client, through the gateway's URL, or as an inline
 * step of the calling workflow. The integrations depend on this interface only, so one model class serves all three.
 * Types and pure helpers only: sandbox-safe.
 */
import type {
  CascadeResult,
  ChatMessage,
  JsonObject,
  JsonValue,
  RequestMetadata,
} from '../../workflows/definitions';
import { tierPath } from '../../workflows/definitions';

/** One cascade, as an integration asks for it: never a route (the worker's catalog decides). */
export interface RunnerRequest {
  /** Task type: names a route of the worker's catalog. */
  task: string;
  schemaName: string;
  schema: JsonObject;
  messages: ChatMessage[];
  /**
   * The same key runs the same cascade: a retry (the framework's, or a crashed caller's) attaches to the first run and
   * gets its answer instead of paying again. Without one, every call is a new cascade.
   */
  idempotencyKey?: string;
  /** Budget of this call in USD. */
  maxCostUsd?: number;
  /** Start at this tier by name, overriding the route's start rules. */
  startTier?: string;
  metadata?: RequestMetadata;
  /** The ledger's step name for an inline cascade (the workflow runner). */
  step?: string;
  /** Stop waiting (and cancel the cascade where the runner can). Not used inside workflows. */
  signal?: AbortSignal;
}

/** A finished cascade: its validated output and its ledger. */
export interface RunnerResult extends CascadeResult<JsonValue> {
  /** The inline step's name (the workflow runner). */
  step?: string;
  /** A retry that attached to an earlier run with the same idempotency key (no new provider call). */
  replayed?: boolean;
}

/** Runs one cascade; throws what the runner's transport throws for a failed one (`CascadeError` and its kin). */
export interface CascadeRunner {
  /** `temporal` (a client), `gateway` (HTTP), `workflow` (an inline step). */
  readonly kind: 'temporal' | 'gateway' | 'workflow';
  run(request: RunnerRequest): Promise<RunnerResult>;
}

/** Tiers in the order the attempts visited them, repeats collapsed: `['economy', 'standard']`. */
export { tierPath };

/** The cascade's record as plain JSON (no `undefined` fields), for a framework's metadata slot. */
export function cascadeMetadata(result: RunnerResult): JsonObject {
  const metadata = {
    workflowId: result.workflowId,
    ...(result.step !== undefined && { step: result.step }),
    costUsd: result.totalCostUsd,
    costMicroUsd: result.totals.costMicroUsd,
    baselineCostUsd: result.baselineCostUsd,
    tierPath: tierPath(result.attempts),
    finalTier: result.finalTier,
    finalModel: result.finalModel,
    attempts: result.attempts.length,
    replayed: result.replayed === true,
    ledger: result.attempts,
  };
  return JSON.parse(JSON.stringify(metadata)) as JsonObject;
}
