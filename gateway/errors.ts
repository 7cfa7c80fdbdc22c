/** Errors of the front door, in OpenAI's shape `{ error: { message, type, param, code } }`, with the ledger attached. */
import { CascadeError } from '../client/cascade-client';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import type { AttemptRecord, LedgerTotals } from '../workflows/definitions';

/** The ledger part of an error body: what the failed request made and paid. */
export interface ErrorLedger {
  workflow_id: string;
  cost_usd: number;
  attempts: AttemptRecord[];
  totals?: LedgerTotals;
}

/** A failed request: HTTP status, OpenAI error type and code, extra headers. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly ledger?: ErrorLedger;
  constructor(options: {
    status: number;
    type: string;
    message: string;
    code?: string | null;
    param?: string | null;
    headers?: Record<string, string>;
    ledger?: ErrorLedger;
  }) {
    super(options.message);
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.ledger = options.ledger;
  }

  body(): Record<string, unknown> {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
      ...(this.ledger ? { cascade: this.ledger } : {}),
    };
  }
}

export function badRequest(message: string, param: string | null = null, code: string | null = null): GatewayError {
  return new GatewayError({ status: 400, type: 'invalid_request_error', message, param, code });
}

// OpenAI's SDKs retry 408/409/429/5xx unless told not to; a budget refusal or an exhausted route will not change
// on a retry a few hundred milliseconds later, and a retry must not be mistaken for progress.
const NO_RETRY = { 'x-should-retry': 'false' };

/** Maps a failed cascade to a status: its budget (402), an exhausted route (502), providers unavailable (503). */
export function fromCascadeError(error: CascadeError): GatewayError {
  const ledger: ErrorLedger = {
    workflow_id: error.workflowId,
    cost_usd: error.totals?.costUsd ?? 0,
    attempts: error.attempts,
    ...(error.totals ? { totals: error.totals } : {}),
  };
  const message = `${error.type}: ${error.message}`;
  switch (error.kind) {
    case 'budget':
      return new GatewayError({
        status: 402,
        type: 'insufficient_quota',
        code: 'budget_exceeded',
        message,
        ledger,
        headers: NO_RETRY,
      });
    case 'exhausted':
      return new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'route_exhausted',
        message,
        ledger,
        headers: NO_RETRY,
      });
    case 'unavailable':
      return new GatewayError({
        status: 503,
        type: 'upstream_error',
        code: 'providers_unavailable',
        message,
        ledger,
        headers: { 'retry-after': '30' },
      });
    default:
      return new GatewayError({ status: 500, type: 'server_error', code: 'cascade_failed', message, ledger });
  }
}

const NOT_FOUND_CODES = new Set<string>([ConfigErrorCode.UnknownTask]);

/** Maps anything thrown while serving a request to a `GatewayError`. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof CascadeError) return fromCascadeError(error);
  if (error instanceof CascadeConfigError) {
    // The workers of the queue plan with another catalog than this gateway's: the operator's fault, not the caller's.
    if (error.code === ConfigErrorCode.CatalogMismatch) {
      return new GatewayError({ status: 503, type: 'server_error', code: 'catalog_mismatch', message: error.message });
    }
    if (NOT_FOUND_CODES.has(error.code)) {
      return new GatewayError({
        status: 404,
        type: 'invalid_request_error',
        code: 'model_not_found',
        message: error.message,
        param: 'model',
      });
    }
    return badRequest(error.message, null, error.code.toLowerCase());
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError({ status: 500, type: 'server_error', message: `internal error: ${message}` });
}
