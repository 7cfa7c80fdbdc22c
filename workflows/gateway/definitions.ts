/**
 * Wire types of a gateway key's spend: the `keyBudgetWorkflow` input, its operations and their results, its update
 * and query. JSON-safe and sandbox-safe: imported by the workflow, its pure ledger and the gateway alike.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Budgets of one key, in micro-USD; absent means unbounded. */
export interface KeyLimits {
  dailyMicroUsd?: number;
  monthlyMicroUsd?: number;
  /** Most one request may reserve (and so spend). */
  perRequestMicroUsd: number;
  /** A grant smaller than this is refused: the cascade could not afford any call with it. */
  minGrantMicroUsd: number;
}

/** One operation of a batch sent by a gateway. Ids are cascade workflow ids, so every operation is idempotent. */
export type KeyOperation =
  | { kind: 'reserve'; id: string }
  | { kind: 'settle'; id: string; costMicroUsd: number }
  | { kind: 'release'; id: string };

export type KeyOperationResult =
  /** Granted: the request may spend up to `grantMicroUsd`. `existing`: this id already held a reservation. */
  | { kind: 'granted'; grantMicroUsd: number; existing: boolean }
  /** Over budget: nothing granted. */
  | { kind: 'refused'; reason: 'daily' | 'monthly'; spentMicroUsd: number; limitMicroUsd: number }
  /** The id was settled before: the request ran already (an idempotent retry). */
  | { kind: 'settled'; costMicroUsd: number }
  | { kind: 'done' };

export interface Reservation {
  grantMicroUsd: number;
  day: string;
  month: string;
  atMs: number;
}

/** JSON-safe state, carried across continue-as-new. */
export interface KeyLedgerState {
  keyId: string;
  /** Spend per period: `YYYY-MM-DD` and `YYYY-MM` keys; only the current and previous periods are kept. */
  spentMicroUsd: Record<string, number>;
  open: Record<string, Reservation>;
  /** Settled ids with their cost, kept for the current and previous month so a late retry is not billed twice. */
  settled: Record<string, { costMicroUsd: number; month: string }>;
}

export interface KeyBudgetInput {
  keyId: string;
  /** Carried across continue-as-new. */
  state?: KeyLedgerState;
  /** Continue as new past this many history events (Temporal also suggests it at 4 MB / 4,096 events). @default 2000 */
  maxHistoryEvents?: number;
}

export interface KeyBatch {
  operations: KeyOperation[];
  /** The gateway's configured limits for this key (the config is the gateway's; the last batch's limits apply). */
  limits: KeyLimits;
}

export interface KeySpend {
  keyId: string;
  day: string;
  month: string;
  /** Settled spend plus open reservations, micro-USD. */
  dayMicroUsd: number;
  monthMicroUsd: number;
  openReservations: number;
}

export const keyOperationsUpdate = defineUpdate<KeyOperationResult[], [KeyBatch]>('keyOperations');
export const keySpendQuery = defineQuery<KeySpend>('keySpend');

/** The workflow a gateway starts per key (`keyBudgetWorkflow`), as its clients see it. */
export type KeyBudgetWorkflow = (input: KeyBudgetInput) => Promise<void>;
