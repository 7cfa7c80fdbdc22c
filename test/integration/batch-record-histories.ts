/**
 * Records batch workflow histories for the replay test (test/replay/batch-replay.test.ts):
 * `node lib/test/integration/batch-record-histories.js [label]`. Run it when a change to the batch workflows is meant to
 * stay compatible, and commit what it writes to test/fixtures/batch/; the replay test then fails CI on any change
 * that would break batches already running. A label (e.g. the name of a patch) records a new set beside the old
 * ones (`batchWorkflow_1.24.0_<label>_run-1.json`, …), so histories of both code paths keep replaying.
 * `… provider-batch --provider-batch` records the same batch with its economy tier sent as provider batches.
 * Items run inline in the batch workflow (only its runs are recorded) unless `--item-workflows` asks for a child
 * workflow per item (then four of them are recorded too).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startBatch } from '../../client/batch-client';
import { startCascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { request, threeTiers, waitFor, writeItems } from './batch-env';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/batch');
const LABEL = process.argv[2] ? `_${process.argv[2]}` : '';
const PROVIDER_BATCH = process.argv.includes('--provider-batch');
const ITEM_WORKFLOWS = process.argv.includes('--item-workflows');

async function main(): Promise<void> {
  const tiers = threeTiers('batch-record', 20);
  if (PROVIDER_BATCH) {
    tiers.providerExtra = {
      eco: { batch: { protocol: 'openai', maxRequests: 1000, maxBytes: 10_000_000, maxInFlight: 2 } },
    };
    tiers.tiers[0]![1][0]!.batchDiscount = 0.5;
  }
  const env = await startCascadeEnv(tiers);
  env.provider.setBatchBehavior('complete', { validatingMs: 20, inProgressMs: 200, finalizingMs: 20 });
  try {
    const dir = tempFiles({}).dir;
    const input = writeItems(dir, 14);
    writeFileSync(join(dir, 'items.jsonl'), `${JSON.stringify({ id: 'blank', text: ' ' })}\n`, { flag: 'a' });
    // Small pages, a pause and a resume, and a history threshold low enough to continue as new once.
    const batch = await startBatch(
      env.temporal.client,
      request(input, join(dir, 'out.jsonl'), {
        batchId: 'record',
        concurrency: 3,
        pageSize: 4,
        maxHistoryEvents: 100,
        ...(PROVIDER_BATCH && { providerBatch: true, providerBatchPollMs: 100 }),
        ...(ITEM_WORKFLOWS && { itemWorkflows: true }),
      }),
      { catalog: env.catalog, taskQueue: env.taskQueue },
    );
    await waitFor(() => env.provider.calls.length >= 3, 'a few calls');
    await batch.pause();
    await batch.resume();
    const report = await batch.result();
    if (report.runs < 2) throw new Error(`expected the batch to continue as new, it ran ${report.runs} run(s)`);
    mkdirSync(FIXTURES, { recursive: true });
    const client = env.temporal.client;
    const runs: { name: string; workflowId: string; runId?: string }[] = ITEM_WORKFLOWS
      ? [
          { name: `batchItemWorkflow_1.24.0${LABEL}_ok`, workflowId: `${batch.workflowId}/item-1` },
          { name: `batchItemWorkflow_1.24.0${LABEL}_escalated`, workflowId: `${batch.workflowId}/item-5` },
          { name: `batchItemWorkflow_1.24.0${LABEL}_failed`, workflowId: `${batch.workflowId}/item-13` },
          { name: `batchItemWorkflow_1.24.0${LABEL}_empty-item`, workflowId: `${batch.workflowId}/blank` },
        ]
      : [];
    // Every run of the batch (count, pages, pause/resume, continue-as-new, the end), oldest first.
    let executions: { runId: string; startTime: Date }[] = [];
    for (let tries = 0; executions.length < report.runs && tries < 20; tries++) {
      if (tries) await new Promise((done) => setTimeout(done, 500)); // visibility lags a little
      executions = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = '${batch.workflowId}'` }))
        executions.push(execution);
    }
    executions.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    executions.forEach((execution, index) =>
      runs.push({
        name: `batchWorkflow_1.24.0${LABEL}_run-${index + 1}`,
        workflowId: batch.workflowId,
        runId: execution.runId,
      }),
    );
    const idsFile = join(FIXTURES, 'workflow-ids.json');
    const workflowIds = (existsSync(idsFile) ? JSON.parse(readFileSync(idsFile, 'utf8')) : {}) as Record<
      string,
      string
    >;
    for (const run of runs) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      writeFileSync(join(FIXTURES, `${run.name}.json`), historyToJSON(history));
      workflowIds[`${run.name}.json`] = run.workflowId;
      process.stdout.write(`recorded ${run.name} (${history.events?.length ?? 0} events)\n`);
    }
    // Replay needs each history's workflow id: child ids are derived from it.
    writeFileSync(idsFile, `${JSON.stringify(workflowIds, null, 2)}\n`);
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
