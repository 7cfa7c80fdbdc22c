/** llm-cascade as users run it: `runCascade` from a client against a worker with `CascadePlugin`. */
import { microToUsd } from '../../catalog/pricing';
import type { Client } from '@temporalio/client';
import type { Catalog } from '../../catalog/types';
import { CascadeError, runCascade } from '../../client/cascade-client';
import type { CascadeResult } from '../../workflows/definitions';
import { wallClockMs } from '../profile/history-phases';
import { INVOICE_SCHEMA } from '../upstream/models';
import { INSTRUCTIONS, messagesFor, type BenchRequest, type BenchSystem, type SystemResult } from './request';

export interface CascadeSystemOptions {
  key?: string;
  label?: string;
  client: Client;
  catalog: Catalog;
  taskQueue: string;
  /** Receives the full result of each request (ledger included). */
  onResult?: (request: BenchRequest, outcome: CascadeOutcome) => void;
}

/** The cascade request for a benchmark request: same instructions and input text as the peers receive. */
export function cascadeRequest(request: BenchRequest) {
  return {
    task: request.route,
    schema: INVOICE_SCHEMA as unknown as Record<string, unknown>,
    schemaName: 'invoice',
    instructions: INSTRUCTIONS,
    input: messagesFor(request)[1]!.content,
  };
}

/** One cascade's end as the benchmark keeps it: the result (absent on failure) and the client's wall clock. */
export interface CascadeOutcome {
  result?: CascadeResult<unknown>;
  workflowId?: string;
  /** Epoch ms (sub-ms) just before `runCascade` and just after it returned. */
  startWallMs: number;
  doneWallMs: number;
}

export function cascadeSystem(options: CascadeSystemOptions): BenchSystem {
  const { client, catalog, taskQueue } = options;
  return {
    key: options.key ?? 'cascade',
    label: options.label ?? 'llm-cascade (dev server)',
    async call(request): Promise<SystemResult> {
      const startWallMs = wallClockMs();
      const started = performance.now();
      try {
        const result = await runCascade(client, cascadeRequest(request), { catalog, taskQueue });
        const ms = performance.now() - started;
        options.onResult?.(request, { result, workflowId: result.workflowId, startWallMs, doneWallMs: wallClockMs() });
        const micro = result.totals.costMicroUsd;
        return {
          ms,
          ok: true,
          reportedCostUsd: microToUsd(micro),
          reportedCostMicroUsd: micro,
          finalModel: result.finalModel,
          workflowId: result.workflowId,
        };
      } catch (error) {
        const ms = performance.now() - started;
        if (!(error instanceof CascadeError)) return { ms, ok: false, error: String(error), reportedCostUsd: null };
        options.onResult?.(request, { workflowId: error.workflowId, startWallMs, doneWallMs: wallClockMs() });
        const micro = error.totals?.costMicroUsd;
        const reported =
          micro === undefined
            ? { reportedCostUsd: null }
            : { reportedCostUsd: microToUsd(micro), reportedCostMicroUsd: micro };
        return { ms, ok: false, error: `${error.type}: ${error.message}`, workflowId: error.workflowId, ...reported };
      }
    },
  };
}
