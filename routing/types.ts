/**
 * A route resolved for one request (the plan): every candidate with its capability and the price in force, tier by
 * tier, and what planning did. Travels in workflow input and history, so a run is reproducible from it.
 */
import type { ModelPrice, ProviderBatchSpec, StructuredOutputMode, TierMode, TierOptions } from '../catalog/types';

/** One candidate of a resolved route: everything the workflow and the activity need, price included. */
export interface CandidatePlan {
  ref: string;
  provider: string;
  model: string;
  structuredOutput: StructuredOutputMode;
  /** Native tool calling: agent steps send their tools as `tools` (absent: JSON actions only). */
  toolCalling?: true;
  contextWindow: number;
  maxOutputTokens: number;
  /** The price in force when the route was resolved; recorded on every attempt. */
  price: ModelPrice;
  /** The provider's Batch API, when it declares one. */
  batch?: ProviderBatchSpec;
  /** The catalog says a call abandoned on this candidate is not billed (absent: it may be, and is estimated). */
  billsAbandoned?: false;
  /** What the request's images and PDFs cost this model at most, in input tokens (absent: the request has none). */
  mediaTokens?: number;
  /** What this model's more-tokens retries did recently on the planning worker (absent: none measured). */
  moreTokens?: RetryMeasure;
}

/** A model's recent more-tokens retries, as measured by a worker: how many ran, how many ended `ok`. */
export interface RetryMeasure {
  tries: number;
  successes: number;
}

export interface TierPlan {
  name: string;
  /** Absent: sync. */
  mode?: TierMode;
  candidates: CandidatePlan[];
  options: TierOptions;
  /** Judges each answer of this tier; its cost is in the ledger with reason `verify`. */
  verifier?: CandidatePlan;
  /** Answers of this tier are accepted only when a second candidate's answer agrees on `fields`. */
  agreement?: { fields: string[]; with?: CandidatePlan };
}

/** A route resolved for one request: travels in the workflow input, so the run is reproducible from history. */
export interface RoutePlan {
  task: string;
  tiers: TierPlan[];
  /** Index into `tiers` where the cascade starts. */
  startTier: number;
  /** Candidates planning ruled out (missing required tags, over a strict latency goal), with why; never called. */
  ruledOut?: PlanNote[];
  /** Candidates planning moved within their tier (measured ranking, latency goal), with why. */
  reordered?: PlanNote[];
}

/** What planning did to one candidate, and why: `{ tier: 'economy', ref, why: 'lacks region=eu' }`. */
export interface PlanNote {
  tier: string;
  ref: string;
  why: string;
}
