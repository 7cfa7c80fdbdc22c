// Integration tests — `llm-cascade report` over a real batch on the dev server: per-model totals equal the batch's own
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBatch, type BatchReport } from '../../client/batch-client';
import { runReport } from '../../cli/commands/report';
import { usdToMicro } from '../../catalog/pricing';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';
import { readLines, request, threeTiers, writeItems, type ErrorLine, type ResultLine } from './batch-env';

const ITEMS = 8;
/** Items 3 and 7 escalate to the standard tier, item 6 fails on every tier, the rest pass on economy. */
const kind = (n: number) => (n === 6 ? 'fail' : n % 4 === 3 ? 'escalate' : 'ok');

interface JsonRow {
  key: string;
  requests: number;
  attempts: number;
  escalated: number;
  validResults: number;
  costMicroUsd: number;
  baselineMicroUsd: number;
}

describe('report over a batch: items are requests, the batch parent is not counted twice', () => {
  let env: CascadeEnv;
  let dir: string;
  let batch: BatchReport;
  let workflowId: string;
  let address: string;

  const report = async (flags: Partial<Parameters<typeof runReport>[0]>) =>
    JSON.parse(
      await runReport({ since: '24h', by: 'model', kind: 'all', format: 'json', limit: 1000, address, ...flags }),
    ) as { groups: JsonRow[]; total: JsonRow };

  before(async () => {
    env = await startCascadeEnv(threeTiers('report-batch'));
    address = (await getTestServer()).address;
    dir = tempFiles({}).dir;
    const batchId = `report-${process.pid}-${Date.now()}`;
    workflowId = `batch-${batchId}`;
    batch = await runBatch(
      env.temporal.client,
      request(writeItems(dir, ITEMS, kind), `${dir}/out.jsonl`, { batchId, concurrency: 8 }),
      {
        catalog: env.catalog,
        taskQueue: env.taskQueue,
        intervalMs: 200,
      },
    );
    // Visibility is eventually consistent: wait until every item is listed.
    for (let tries = 0; (await report({ batch: workflowId })).total.requests < ITEMS; tries++) {
      assert.ok(tries < 100, 'visibility never listed every item of the batch');
      await sleep(200);
    }
  });
  after(() => env?.close());

  it('--batch --by model: costs per model equal the batch report, totals equal its result and error lines', async () => {
    const json = await report({ batch: workflowId });
    assert.deepEqual([batch.ok, batch.failed, batch.escalated], [ITEMS - 1, 1, 3]);
    const byModel = Object.fromEntries(json.groups.map((g) => [g.key, g.costMicroUsd]));
    const expected = Object.fromEntries(
      Object.entries(batch.costByModelUsd).map(([ref, usd]) => [ref, usdToMicro(usd)]),
    );
    assert.deepEqual(byModel, expected);
    assert.equal(json.total.costMicroUsd, batch.costMicroUsd);
    const lines = [...readLines<ResultLine>(`${dir}/out.jsonl`), ...readLines<ErrorLine>(`${dir}/out.errors.jsonl`)];
    assert.equal(
      json.total.costMicroUsd,
      lines.reduce((sum, line) => sum + line.costMicroUsd, 0),
    );
    assert.deepEqual(
      [json.total.requests, json.total.attempts, json.total.escalated, json.total.validResults],
      [ITEMS, batch.attempts, batch.escalated, batch.ok],
    );
    assert.equal(json.total.baselineMicroUsd, usdToMicro(batch.baselineCostUsd));
  });

  it('--kind batch covers batch items only, --kind cascade none of them', async () => {
    const query = `TaskQueue = "${env.taskQueue}"`;
    const items = await report({ kind: 'batch', query, by: 'task' });
    assert.deepEqual(
      items.groups.map((g) => [g.key, g.requests, g.costMicroUsd]),
      [['extract', ITEMS, batch.costMicroUsd]],
    );
    const cascades = await report({ kind: 'cascade', query });
    assert.equal(cascades.total.requests, 0);
  });
});
