// Integration tests — `llm-cascade report` over real batches on the dev server, items inline (the default) and as
// item workflows: per-model totals equal the batch's own report, and no request counts twice
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBatch, type BatchReport, type BatchRequest } from '../../client/batch-client';
import { runReport } from '../../cli/actions/report';
import { usdToMicro } from '../../catalog/pricing';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';
import { readLines, request, threeTiers, writeItems, type ErrorLine, type ResultLine } from './batch-env';

const ITEMS = 16;
/** Items 3, 7, 11 and 15 escalate to the standard tier, item 6 fails on every tier, the rest pass on economy. */
const kind = (n: number) => (n === 6 ? 'fail' : n % 4 === 3 ? 'escalate' : 'ok');
/** The failing item escalates too, through every tier. */
const [FAILING, ESCALATING] = [1, 5];
/** Provider batches that complete at once. */
const FAST_BATCHES = { validatingMs: 20, inProgressMs: 300, finalizingMs: 20 };

interface JsonRow {
  key: string;
  requests: number;
  attempts: number;
  escalated: number;
  validResults: number;
  costMicroUsd: number;
  baselineMicroUsd: number;
}

interface ModeRun {
  /** The batch ran its items inline (the default) or as item workflows (`itemWorkflows: true`). */
  mode: 'inline' | 'item workflows';
  workflowId: string;
  dir: string;
  batch: BatchReport;
}

const MODES = ['inline', 'item workflows'] as const;

/**
 * Runs the same batch in both modes on one environment and checks the report of each against the batch's own
 * report. `options`: extra batch options (provider batch mode).
 */
function reportSuite(title: string, envOptions: CascadeEnvOptions, options: Partial<BatchRequest> = {}): void {
  describe(title, () => {
    let env: CascadeEnv;
    let address: string;
    const runs: ModeRun[] = [];

    const report = async (flags: Partial<Parameters<typeof runReport>[0]>) =>
      JSON.parse(
        await runReport({
          source: 'temporal',
          since: '24h',
          by: 'model',
          kind: 'all',
          format: 'json',
          limit: 1000,
          address,
          ...flags,
        }),
      ) as { groups: JsonRow[]; total: JsonRow };

    before(async () => {
      env = await startCascadeEnv(envOptions);
      env.provider.setBatchBehavior('complete', FAST_BATCHES);
      address = (await getTestServer()).address;
      for (const mode of MODES) {
        const dir = tempFiles({}).dir;
        const batchId = `${envOptions.name}-${mode === 'inline' ? 'inline' : 'items'}-${process.pid}-${Date.now()}`;
        const batch = await runBatch(
          env.temporal.client,
          request(writeItems(dir, ITEMS, kind), `${dir}/out.jsonl`, {
            batchId,
            // Small pages and history: the inline batch continues as new, so its items span several runs.
            concurrency: 4,
            pageSize: 4,
            maxHistoryEvents: 100,
            ...options,
            ...(mode === 'item workflows' && { itemWorkflows: true }),
          }),
          { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
        );
        runs.push({ mode, workflowId: `batch-${batchId}`, dir, batch });
      }
      // Visibility is eventually consistent: wait until every item (and every batch run) is listed.
      for (const { workflowId } of runs) {
        for (let tries = 0; (await report({ batch: workflowId })).total.requests < ITEMS; tries++) {
          assert.ok(tries < 100, 'visibility never listed every item of the batch');
          await sleep(200);
        }
      }
    });
    after(() => env?.close());

    // A provider batch's page holds the batch from continuing as new while its answers wait for their items.
    if (!options.providerBatch) {
      it('the inline batch continued as new: its items span several runs of the batch workflow', () => {
        assert.ok(runs[0]!.batch.runs > 1, `inline batch ran ${runs[0]!.batch.runs} run(s)`);
      });
    }

    for (const [index, mode] of MODES.entries()) {
      it(`--batch --by model (${mode}): costs per model equal the batch report, totals equal its result and error lines`, async () => {
        const { workflowId, dir, batch } = runs[index]!;
        const json = await report({ batch: workflowId });
        assert.deepEqual([batch.ok, batch.failed, batch.escalated], [ITEMS - FAILING, FAILING, ESCALATING]);
        const byModel = Object.fromEntries(json.groups.map((g) => [g.key, g.costMicroUsd]));
        const expected = Object.fromEntries(
          Object.entries(batch.costByModelUsd).map(([ref, usd]) => [ref, usdToMicro(usd)]),
        );
        assert.deepEqual(byModel, expected);
        assert.equal(json.total.costMicroUsd, batch.costMicroUsd);
        const lines = [
          ...readLines<ResultLine>(`${dir}/out.jsonl`),
          ...readLines<ErrorLine>(`${dir}/out.errors.jsonl`),
        ];
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
    }

    it('--kind batch covers the items of both batches once each, --kind cascade none of them', async () => {
      const query = `TaskQueue = "${env.taskQueue}"`;
      const items = await report({ kind: 'batch', query, by: 'task' });
      assert.deepEqual(
        items.groups.map((g) => [g.key, g.requests, g.costMicroUsd]),
        [['extract', 2 * ITEMS, runs[0]!.batch.costMicroUsd + runs[1]!.batch.costMicroUsd]],
      );
      const all = await report({ kind: 'all', query, by: 'task' });
      assert.deepEqual(all.total, items.total);
      const cascades = await report({ kind: 'cascade', query });
      assert.equal(cascades.total.requests, 0);
      if (options.providerBatch) assert.equal(items.total.costMicroUsd, env.provider.bill().totalMicroUsd);
    });
  });
}

reportSuite(
  'report over a batch: items are requests, the batch parent is not counted twice',
  threeTiers('report-batch'),
);

/** The economy provider has a Batch API at half price: each item's first attempt is a line of a provider batch. */
function providerBatchTiers(): CascadeEnvOptions {
  const options = threeTiers('report-pb');
  const [economy] = options.tiers;
  return {
    ...options,
    providerExtra: { eco: { batch: { protocol: 'openai', maxRequests: 1000, maxBytes: 10_000_000, maxInFlight: 2 } } },
    tiers: [['economy', [{ ...economy![1][0]!, batchDiscount: 0.5 }]], ...options.tiers.slice(1)],
  };
}

reportSuite(
  "report over a provider batch: the batch answers are their items' first attempts, at the batch rate",
  providerBatchTiers(),
  { providerBatch: true, providerBatchPollMs: 100 },
);
