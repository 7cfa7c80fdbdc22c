/**
 * The gateway's side of the key budgets: reserve, settle and release operations are sent to the key's
 * `keyBudgetWorkflow` as Workflow Updates (update-with-start creates the workflow on first use). Operations that
 * arrive while an update is in flight are grouped into the next one (one update in flight per key per process), so
 * a burst of a thousand requests costs a few dozen updates, not a thousand, and stays under Temporal's limit of
 * in-flight updates per workflow.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { usdToMicro } from '../catalog/pricing';
import {
  keyOperationsUpdate,
  keySpendQuery,
  type KeyBudgetWorkflow,
  type KeyLimits,
  type KeyOperation,
  type KeyOperationResult,
  type KeySpend,
} from '../workflows/gateway/definitions';
import type { GatewayKey } from './config';

interface Pending {
  operation: KeyOperation;
  resolve(result: KeyOperationResult): void;
  reject(error: unknown): void;
}

interface KeyQueue {
  key: GatewayKey;
  pending: Pending[];
  flushing: boolean;
}

/** Most operations sent in one update. */
const MAX_BATCH = 500;
/** Tries of one update before its operations fail (an update can race a continue-as-new or a server restart). */
const MAX_TRIES = 5;

export function keyWorkflowId(keyId: string): string {
  return `llm-cascade-key-${keyId}`;
}

export class KeyBudgets {
  private readonly queues = new Map<string, KeyQueue>();

  constructor(
    private readonly client: Client,
    private readonly options: { taskQueue: string; defaultMaxRequestUsd: number },
  ) {}

  limitsOf(key: GatewayKey): KeyLimits {
    const perRequest = usdToMicro(key.maxRequestUsd ?? this.options.defaultMaxRequestUsd);
    return {
      ...(key.budget?.dailyUsd !== undefined ? { dailyMicroUsd: usdToMicro(key.budget.dailyUsd) } : {}),
      ...(key.budget?.monthlyUsd !== undefined ? { monthlyMicroUsd: usdToMicro(key.budget.monthlyUsd) } : {}),
      perRequestMicroUsd: perRequest,
      // A grant of a few micro-dollars could not pay for any call: refuse it up front instead of starting a cascade.
      minGrantMicroUsd: Math.max(1, Math.floor(perRequest / 100)),
    };
  }

  reserve(key: GatewayKey, id: string): Promise<KeyOperationResult> {
    return this.enqueue(key, { kind: 'reserve', id });
  }

  async settle(key: GatewayKey, id: string, costMicroUsd: number): Promise<void> {
    await this.enqueue(key, { kind: 'settle', id, costMicroUsd });
  }

  async release(key: GatewayKey, id: string): Promise<void> {
    await this.enqueue(key, { kind: 'release', id });
  }

  /** The key's spend so far (settled plus reserved), or undefined before its first request. */
  async spend(keyId: string): Promise<KeySpend | undefined> {
    try {
      return await this.client.workflow.getHandle(keyWorkflowId(keyId)).query(keySpendQuery);
    } catch {
      return undefined;
    }
  }

  private enqueue(key: GatewayKey, operation: KeyOperation): Promise<KeyOperationResult> {
    let queue = this.queues.get(key.id);
    if (!queue) {
      queue = { key, pending: [], flushing: false };
      this.queues.set(key.id, queue);
    }
    const promise = new Promise<KeyOperationResult>((resolve, reject) =>
      queue.pending.push({ operation, resolve, reject }),
    );
    if (!queue.flushing) void this.flush(queue);
    return promise;
  }

  private async flush(queue: KeyQueue): Promise<void> {
    queue.flushing = true;
    try {
      while (queue.pending.length > 0) {
        const batch = queue.pending.splice(0, MAX_BATCH);
        try {
          const results = await this.send(
            queue.key,
            batch.map((p) => p.operation),
          );
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      queue.flushing = false;
    }
  }

  private async send(key: GatewayKey, operations: KeyOperation[]): Promise<KeyOperationResult[]> {
    const limits = this.limitsOf(key);
    for (let attempt = 1; ; attempt++) {
      try {
        const startWorkflowOperation = new WithStartWorkflowOperation<KeyBudgetWorkflow>('keyBudgetWorkflow', {
          workflowId: keyWorkflowId(key.id),
          taskQueue: this.options.taskQueue,
          args: [{ keyId: key.id }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: `spend of gateway key ${key.id}`,
        });
        return await this.client.workflow.executeUpdateWithStart(keyOperationsUpdate, {
          args: [{ operations, limits }],
          startWorkflowOperation,
        });
      } catch (error) {
        // Every operation is idempotent by id, so sending the same batch again is safe.
        if (attempt >= MAX_TRIES) throw error;
        await sleep(100 * 2 ** attempt);
      }
    }
  }
}
