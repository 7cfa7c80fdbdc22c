/** Typed helpers to start and run cascades from a Temporal client. */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type Duration, type WorkflowIdReusePolicy } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { planCascadeAsync } from '../routing/node/plan';
import { ENCRYPTION_MISMATCH_TYPE } from '../codec/mismatch';
import { isUnreadableEncrypted, NO_KEYS_MESSAGE } from './unreadable';
import type { Catalog } from '../catalog/types';
import type { cascadeWorkflow } from '../workflows/cascade/workflow';
import {
  TASK_QUEUE,
  decodeCascadeFailure,
  type AttemptRecord,
  type CascadeFailureKind,
  type CascadeRequestInput,
  type CascadeResult,
  type LedgerTotals,
} from '../workflows/definitions';
import { cascadeStartAttributes } from '../workflows/definitions/search-attributes';
import { explainStartError } from './start-errors';
import {
  LEDGER_POINTER,
  WHERE_THE_LEDGER_IS,
  expectedCatalog,
  toCascadeRequestInput,
  type CascadeRequest,
  type CatalogExpectation,
  type SchemaInput,
} from './prepare';
import type { OutputOf } from './schema-input';

export interface CascadeClientOptions extends CatalogExpectation {
  /**
   * A catalog to check the request against before starting (task, tier, context windows), failing fast without
   * a round trip; the worker must then plan with this same catalog (see `matchWorkerCatalog`).
   * @default none: the worker checks and plans the request, with whatever catalog it has
   */
  catalog?: Catalog;
  /** @default 'llm-cascade' */
  taskQueue?: string;
  /** @default `cascade-<task>-<uuid>` */
  workflowId?: string;
  /**
   * How long the cascade may take in all, waits for a worker and provider cooldowns included; then Temporal ends
   * it (timed out). Nothing waits on a forgotten request forever.
   * @default {@link DEFAULT_CASCADE_TIMEOUT}, or the request's `maxWaitMs` plus an hour when that is longer
   */
  executionTimeout?: Duration;
  /**
   * What a start does when a closed workflow already has this id. `REJECT_DUPLICATE` makes the id an idempotency
   * key: a retry attaches to the first run instead of paying again. @default Temporal's (ALLOW_DUPLICATE)
   */
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  /** More memo fields, merged over the request's (names and numbers only: memos show in the UI). */
  memo?: Record<string, unknown>;
}

/** 1 day: attempts take seconds to minutes; a day covers retries, cooldowns and a worker outage overnight. */
export const DEFAULT_CASCADE_TIMEOUT: Duration = '1 day';
const HOUR_MS = 3_600_000;

export type { OutputOf } from './schema-input';

export interface CascadeHandle<T> {
  workflowId: string;
  handle: WorkflowHandle<typeof cascadeWorkflow>;
  /** Waits for the cascade; throws `CascadeError` (with the ledger) when it fails. */
  result(): Promise<CascadeResult<T>>;
}

/** What a {@link CascadeError} is made of. */
export interface CascadeErrorOptions {
  message: string;
  /** `BudgetExceededError`, `CascadeExhaustedError`, `CascadeUnavailableError`, or the Temporal failure's type. */
  type: string;
  workflowId: string;
  /** How the cascade failed; absent when the run failed some other way (timed out, terminated, unreadable). */
  kind?: CascadeFailureKind;
  /** Every attempt it made, what was paid included. @default [] */
  attempts?: AttemptRecord[];
  totals?: LedgerTotals;
  cause?: unknown;
}

/** A cascade that failed: why, and every attempt it made (what was paid included). */
export class CascadeError extends Error {
  override readonly name = 'CascadeError';
  /** `BudgetExceededError`, `CascadeExhaustedError`, `CascadeUnavailableError`, or the Temporal failure's type. */
  readonly type: string;
  readonly workflowId: string;
  /** How the cascade failed; absent when the run failed some other way (timed out, terminated, unreadable). */
  readonly kind?: CascadeFailureKind;
  readonly attempts: AttemptRecord[];
  readonly totals?: LedgerTotals;

  constructor(options: CascadeErrorOptions) {
    super(options.message, { cause: options.cause });
    this.type = options.type;
    this.workflowId = options.workflowId;
    if (options.kind) this.kind = options.kind;
    this.attempts = options.attempts ?? [];
    if (options.totals) this.totals = options.totals;
  }
}

/**
 * Checks the request, then starts a cascade workflow; the worker plans its route on its own catalog. A bad request
 * is rejected before anything starts where the client can tell (schema, input, numbers; task and tiers too when
 * `options.catalog` is given), else by the worker at once: `result()` then throws the same `CascadeConfigError`.
 */
export async function startCascade<S extends SchemaInput>(
  client: Client,
  request: CascadeRequest<S>,
  options: CascadeClientOptions = {},
): Promise<CascadeHandle<OutputOf<S>>> {
  const input = { ...toCascadeRequestInput(request), ...expectedCatalog(options) };
  if (options.catalog) await planCascadeAsync(options.catalog, input, new Date().toISOString().slice(0, 10));
  const workflowId = options.workflowId ?? `cascade-${request.task}-${randomUUID()}`;
  const handle = await client.workflow
    .start<typeof cascadeWorkflow>('cascadeWorkflow', {
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      workflowId,
      args: [input],
      // A request told to wait out outages for longer than a day gets that long, and an hour to finish after.
      workflowExecutionTimeout:
        options.executionTimeout ?? Math.max(msToNumber(DEFAULT_CASCADE_TIMEOUT), (request.maxWaitMs ?? 0) + HOUR_MS),
      ...withMemo(presentation(input), options.memo),
      ...(options.workflowIdReusePolicy ? { workflowIdReusePolicy: options.workflowIdReusePolicy } : {}),
    })
    .catch((error: unknown) => {
      throw explainStartError(error, client.options.namespace);
    });
  return {
    workflowId,
    handle,
    result: () => awaitResult(handle) as Promise<CascadeResult<OutputOf<S>>>,
  };
}

/** Runs a cascade to completion and returns its typed output, ledger and totals. */
export async function runCascade<S extends SchemaInput>(
  client: Client,
  request: CascadeRequest<S>,
  options: CascadeClientOptions = {},
): Promise<CascadeResult<OutputOf<S>>> {
  return (await startCascade(client, request, options)).result();
}

/**
 * What the Temporal UI shows about a run from its start: summary, details, memo, search attributes. The route is
 * the worker's: the workflow shows it in Current Details once planned.
 */
export function presentation(input: CascadeRequestInput) {
  const start = input.startTier === undefined ? '' : ` (from tier ${input.startTier})`;
  const details = [
    `**task** ${input.task} · **schema** ${input.schema.name} · **budget** ${input.maxCostUsd === undefined ? 'none' : `$${input.maxCostUsd}`}`,
    '',
    `Route: planned by the worker's catalog${start}; Current Details shows it with the ledger.`,
    '',
    WHERE_THE_LEDGER_IS,
  ].join('\n');
  const typedSearchAttributes =
    input.searchAttributes === false ? undefined : cascadeStartAttributes(input.task, input.metadata?.sessionId);
  return {
    // The ledger is only on User Metadata, which the Timeline tab does not show: say where it is.
    staticSummary: `${input.task} → ${input.schema.name}${start}${LEDGER_POINTER}`.slice(0, 200),
    staticDetails: details,
    memo: { task: input.task, schema: input.schema.name, ...(input.metadata ?? {}) },
    typedSearchAttributes,
  };
}

function withMemo<P extends { memo: Record<string, unknown> }>(shown: P, memo?: Record<string, unknown>): P {
  return memo ? { ...shown, memo: { ...shown.memo, ...memo } } : shown;
}

/** A result this client cannot read because the worker encrypted it and this client has no keys: say so. */
function explainEncrypted(error: unknown, workflowId: string): unknown {
  if (!isUnreadableEncrypted(error)) return error;
  return new CascadeError({ message: NO_KEYS_MESSAGE, type: ENCRYPTION_MISMATCH_TYPE, workflowId, cause: error });
}

async function awaitResult(handle: WorkflowHandle<typeof cascadeWorkflow>): Promise<CascadeResult> {
  try {
    return await handle.result();
  } catch (error) {
    throw toCascadeError(error, handle.workflowId);
  }
}

/** The worker's catalog rejected the request (or refused it, planning with another catalog): the typed error. */
export function configErrorOf(error: WorkflowFailedError): CascadeConfigError | undefined {
  const failure = error.cause instanceof ApplicationFailure ? decodeCascadeFailure(error.cause) : undefined;
  if (failure?.kind !== 'config') return undefined;
  const code = (failure.code as ConfigErrorCode | undefined) ?? ConfigErrorCode.InvalidRequest;
  return new CascadeConfigError({ code, message: failure.message, cause: error });
}

/** Unwraps a failed cascade's ledger from Temporal's failure chain. */
export function toCascadeError(error: unknown, workflowId: string): unknown {
  if (!(error instanceof WorkflowFailedError)) return explainEncrypted(error, workflowId);
  // The worker's catalog rejected the request: the same typed error a local check throws (CLI exit 2).
  const configError = configErrorOf(error);
  if (configError) return configError;
  const cause = error.cause;
  const failure = cause instanceof ApplicationFailure ? decodeCascadeFailure(cause) : undefined;
  if (failure && failure.kind !== 'config') {
    return new CascadeError({
      message: failure.message,
      type: failure.type,
      workflowId,
      kind: failure.kind,
      attempts: failure.details?.attempts,
      totals: failure.details?.totals,
      cause: error,
    });
  }
  if (cause instanceof ApplicationFailure) {
    return new CascadeError({
      message: cause.message,
      type: cause.type ?? 'ApplicationFailure',
      workflowId,
      cause: error,
    });
  }
  return new CascadeError({
    message: cause?.message ?? error.message,
    type: cause?.name ?? 'WorkflowFailed',
    workflowId,
    cause: error,
  });
}
