/**
 * What the cascade's decision reads and returns: its input (route, ledger, budget, waits) and the next step (call a
 * candidate, wait, done, fail). The vocabulary between the pure `nextStep` (decide.ts) and the workflow that runs it.
 */
import type { RoutePlan } from '../../routing/types';
import type { AttemptReason, AttemptRecord, CascadeFailureKind } from '../definitions';
import type { Skip } from './explain';
import type { WaitRecord } from './waits';

export interface DecideInput {
  route: RoutePlan;
  ledger: readonly AttemptRecord[];
  estimatedInputTokens: number;
  /** Spending limit in micro-USD; undefined = unbounded. */
  budgetMicroUsd?: number;
  /** Durable waits taken so far, oldest first (after each, transient failures before it are forgiven). */
  waits?: readonly WaitRecord[];
  /** Longest total wait for providers to come back before the request fails as unavailable. @default 15 min */
  maxWaitMs?: number;
}

export interface CallStep {
  kind: 'call';
  tierIndex: number;
  candidateIndex: number;
  reason: AttemptReason;
  reasonDetail: string;
  maxOutputTokens: number;
  /** Micro-USD reserved for this call's worst case. */
  reservedMicroUsd: number;
}

export interface WaitStep {
  kind: 'wait';
  ms: number;
  /** Why, for the UI: which providers are down and what they said. */
  message: string;
}

export type NextStep =
  | CallStep
  | WaitStep
  | { kind: 'done' }
  | { kind: 'fail'; failure: CascadeFailureKind; message: string; skipped: Skip[] };
