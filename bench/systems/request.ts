/** The one request every system sends, and what a system reports back about it. */
import { INVOICE_SCHEMA } from '../upstream/models';
import type { RouteName } from '../setup/fixtures';

export const INSTRUCTIONS = 'Extract the invoice as JSON: invoice_id, total (a number) and currency.';

/** One benchmark request: which route (scenario) and a marker that finds its upstream calls in the log. */
export interface BenchRequest {
  route: RouteName;
  marker: string;
}

/** What a system says about one request. `ms` is end-to-end as the caller sees it. */
export interface SystemResult {
  ms: number;
  ok: boolean;
  error?: string;
  /** The cost the system itself reports, USD; null when it reports none. */
  reportedCostUsd: number | null;
  /** The same in integer micro-USD, where the system keeps it exactly (llm-cascade's ledger). */
  reportedCostMicroUsd?: number;
  /** The Temporal workflow that served the request, for systems that run one. */
  workflowId?: string;
  /** The model that produced the final answer, as the system reports it. */
  finalModel?: string;
}

/** A system under test. */
export interface BenchSystem {
  /** Short key used in JSON (`direct`, `cascade`, `litellm`, `portkey`, …). */
  key: string;
  /** Row label in the tables. */
  label: string;
  call(request: BenchRequest): Promise<SystemResult>;
  close?(): Promise<void>;
}

/** Chat messages of a request; the marker goes into the user message, which every system forwards unchanged. */
export function messagesFor(request: BenchRequest) {
  return [
    { role: 'system' as const, content: INSTRUCTIONS },
    {
      role: 'user' as const,
      content: `[req:${request.marker}] Invoice INV-1042 from ACME GmbH. Total due: EUR 1,234.50.`,
    },
  ];
}

/** OpenAI's `response_format` for the invoice schema, as the peers are asked to send it. */
export const RESPONSE_FORMAT = {
  type: 'json_schema' as const,
  json_schema: { name: 'invoice', strict: true, schema: INVOICE_SCHEMA as unknown as Record<string, unknown> },
};

export const MAX_TOKENS = 512;

let counter = 0;
/** A marker unique within this run. */
export function nextMarker(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
