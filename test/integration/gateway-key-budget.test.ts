// Integration tests — the per-key spend workflow on the real dev server: concurrent batches through update-with-start,
// and the ledger carried across continue-as-new while updates keep arriving
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { KeyBudgets, keyWorkflowId } from '../../gateway/key-budgets';
import { workflowBundle } from '../../worker/bundle';
import { keyBudgetWorkflow } from '../../workflows/gateway/key-budget';
import { connectClient, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

describe('keyBudgetWorkflow', () => {
  let temporal: TestClient;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('key-budget');

  before(async () => {
    temporal = await connectClient();
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
  });
  after(async () => {
    worker.shutdown();
    await running;
    await temporal.close();
  });

  it('keeps the ledger across continue-as-new while reservations and settlements keep arriving', async () => {
    const key = { id: `can-${Date.now()}`, sha256: '0'.repeat(64), budget: { dailyUsd: 1 }, maxRequestUsd: 0.01 };
    // Started by hand with a tiny history bound, so the run continues as new several times during the test.
    await temporal.client.workflow.start(keyBudgetWorkflow, {
      workflowId: keyWorkflowId(key.id),
      taskQueue,
      args: [{ keyId: key.id, maxHistoryEvents: 40 }],
    });
    const budgets = new KeyBudgets(temporal.client, { taskQueue, defaultMaxRequestUsd: 1 });
    const ids = Array.from({ length: 60 }, (_, i) => `request-${i}`);
    // One request at a time, so each operation is its own update and the history grows past the bound.
    for (const id of ids) {
      const reserved = await budgets.reserve(key, id);
      assert.deepEqual(reserved, { kind: 'granted', grantMicroUsd: 10_000, existing: false });
      await budgets.settle(key, id, 1_000);
    }
    const spend = await budgets.spend(key.id);
    assert.equal(spend?.dayMicroUsd, 60_000, 'every settlement counted once');
    assert.equal(spend?.openReservations, 0);
    const runs = [];
    for await (const info of temporal.client.workflow.list({ query: `WorkflowId = "${keyWorkflowId(key.id)}"` })) {
      runs.push(info.runId);
    }
    assert.ok(runs.length > 1, `continued as new (${runs.length} runs)`);
    // A settled id stays settled in the new run: a late retry is not billed again.
    assert.deepEqual(await budgets.reserve(key, 'request-0'), { kind: 'settled', costMicroUsd: 1_000 });
  });
});
