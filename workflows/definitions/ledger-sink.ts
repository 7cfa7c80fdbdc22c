/**
 * The ledger store's sink: what a cascade tells the worker as its ledger grows and when it ends, so the worker can
 * keep it in the ledger store (store/) after the history is gone. Sinks are not part of history: a replay does not
 * call them again (the worker registers them with `callDuringReplay: false`), and the store's keys make a row
 * written twice (a retry, a backfill) count once. JSON-safe and sandbox-safe.
 */
import type { Sinks } from '@temporalio/workflow';
import type { ExperimentArm } from '../../routing/experiments';
import type { AttemptRecord } from './ledger';

/** A request as the store files it: its scope inside the workflow run and the context its rows share. */
export interface StoredRequestContext {
  task: string;
  /** When the request started (workflow time), ms since the epoch. */
  startedAtMs: number;
  /** The job step (`cascade({ step })`). */
  step?: string;
  /** The batch item and its retry round, for an item that runs inline in its batch workflow. */
  itemId?: string;
  round?: number;
  sessionId?: string;
  userId?: string;
  tags?: string[];
  /** The gateway API key's id (from the workflow's memo), for requests sent through `llm-cascade serve`. */
  gatewayKey?: string;
  experiments?: ExperimentArm[];
}

/** How a request ended. */
export interface StoredRequestEnd {
  outcome: 'ok' | 'failed';
  /** The failure type of a failed request (`BudgetExceededError`, …). */
  failure?: string;
  /** Its whole ledger. */
  attempts: AttemptRecord[];
  baselineMicroUsd: number;
  finishedAtMs: number;
}

export interface LedgerStoreSinks extends Sinks {
  ledgerStore: {
    /** One row of the request's ledger, as it was added. */
    attempt(request: StoredRequestContext, row: AttemptRecord, atMs: number): void;
    /** The request ended. */
    finished(request: StoredRequestContext, end: StoredRequestEnd): void;
  };
}
