/**
 * Runs an integration's cascades through `llm-cascade serve`: one `POST /v1/chat/completions` per cascade, the
 * schema as `response_format: json_schema`, the idempotency key as the `Idempotency-Key` header (a retry attaches to
 * the same workflow: no second bill). The answer's `cascade` field carries the ledger; a failed cascade's error body
 * carries it too, and becomes the same `CascadeError` a Temporal client throws.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { CascadeError } from '../../client/cascade-client';
import {
  CASCADE_FAILURE_TYPE,
  ledgerTotals,
  type AttemptRecord,
  type CascadeFailureKind,
  type JsonValue,
  type RequestMetadata,
} from '../../workflows/definitions';
import type { CascadeRunner, RunnerRequest, RunnerResult } from '../contract/runner';

/** Options of {@link gatewayRunner}. */
export interface GatewayRunnerOptions {
  /** The gateway's OpenAI base URL, e.g. `http://127.0.0.1:8080/v1`. */
  baseURL: string;
  /** A key of the gateway's `gateway.keys` (sent as `Authorization: Bearer …`). @default none (a keyless loopback gateway) */
  apiKey?: string;
  /** More headers on every request. */
  headers?: Record<string, string>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** A request the gateway refused before or without running a cascade (bad key, key budget, rate limit, conflict). */
export class GatewayRequestError extends Error {
  override readonly name = 'GatewayRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly type: string | null,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { message?: string; type?: string; code?: string | null };
  cascade?: { workflow_id?: string; attempts?: AttemptRecord[] };
}

/** Gateway error codes of a failed cascade, back to the failure types a Temporal client reports. */
const KIND_OF_CODE: Record<string, CascadeFailureKind> = {
  budget_exceeded: 'budget',
  route_exhausted: 'exhausted',
  providers_unavailable: 'unavailable',
};

export function gatewayRunner(options: GatewayRunnerOptions): CascadeRunner {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = `${options.baseURL.replace(/\/+$/, '')}/chat/completions`;
  return {
    kind: 'gateway',
    async run(request: RunnerRequest): Promise<RunnerResult> {
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
          ...(request.idempotencyKey && { 'idempotency-key': request.idempotencyKey }),
          ...options.headers,
        },
        body: JSON.stringify(requestBody(request)),
        ...(request.signal && { signal: request.signal }),
      });
      const text = await response.text();
      if (!response.ok) throw errorOf(response.status, text);
      return resultOf(JSON.parse(text) as CompletionBody);
    },
  };
}

function requestBody(request: RunnerRequest): Record<string, unknown> {
  if (request.maxCostUsd !== undefined || request.startTier !== undefined) {
    // The front door takes neither: a key's `maxRequestUsd` bounds each request, the catalog's rules pick the start.
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message:
        "maxCostUsd and startTier are not sent through the gateway: set the key's maxRequestUsd, or use a Temporal client",
    });
  }
  return {
    model: `cascade/${request.task}`,
    messages: request.messages,
    response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema } },
    ...wireMetadata(request.metadata),
  };
}

/** The request's metadata as the gateway reads it: `user`, and `metadata` with `session_id` and `key=value` tags. */
function wireMetadata(metadata: RequestMetadata | undefined): Record<string, unknown> {
  if (!metadata) return {};
  const wire: Record<string, string> = {};
  if (metadata.sessionId) wire.session_id = metadata.sessionId;
  for (const tag of metadata.tags ?? []) {
    const at = tag.indexOf('=');
    if (at > 0) wire[tag.slice(0, at)] = tag.slice(at + 1);
  }
  return { ...(metadata.userId && { user: metadata.userId }), ...(Object.keys(wire).length > 0 && { metadata: wire }) };
}

interface CompletionBody {
  model: string;
  choices: { message: { content: string | null } }[];
  cascade: {
    workflow_id: string;
    cost_usd: number;
    baseline_cost_usd: number;
    final_tier: string;
    replayed: boolean;
    ledger: AttemptRecord[];
  };
}

function resultOf(body: CompletionBody): RunnerResult {
  const attempts = body.cascade.ledger;
  const totals = ledgerTotals(attempts);
  return {
    output: JSON.parse(body.choices[0]?.message.content ?? 'null') as JsonValue,
    attempts,
    totals,
    totalCostUsd: totals.costUsd,
    baselineCostUsd: body.cascade.baseline_cost_usd,
    finalTier: body.cascade.final_tier,
    finalModel: body.model,
    workflowId: body.cascade.workflow_id,
    replayed: body.cascade.replayed,
  };
}

function errorOf(status: number, text: string): Error {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: a proxy's page; reported with its status below
  }
  const message = body.error?.message ?? `gateway answered ${status}: ${text.slice(0, 200)}`;
  const code = body.error?.code ?? null;
  if (body.cascade?.workflow_id) {
    const attempts = body.cascade.attempts ?? [];
    const kind = code ? KIND_OF_CODE[code] : undefined;
    return new CascadeError({
      message,
      type: kind ? CASCADE_FAILURE_TYPE[kind] : 'CascadeFailed',
      workflowId: body.cascade.workflow_id,
      ...(kind && { kind }),
      attempts,
      totals: ledgerTotals(attempts),
    });
  }
  if (status === 400) return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
  if (status === 404) return new CascadeConfigError({ code: ConfigErrorCode.UnknownTask, message });
  return new GatewayRequestError(message, status, code, body.error?.type ?? null);
}
