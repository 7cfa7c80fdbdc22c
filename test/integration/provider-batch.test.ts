// Integration tests — provider Batch API tier on the real dev server: one batch per page, sync escalation, expiry, cancel
// Longer than 250 lines because its cases (pages, escalation, expiry, cancel) share one worker and the fake Batch API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { runBatch, startBatch, type BatchReport } from '../../client/batch-client';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { batchReportTables } from '../../cli/batch-format';
import { answer, duplicates, kindOf, readLines, request, waitFor, writeItems, type ResultLine } from './batch-env';

const ITEMS = 200;

interface LedgerRow {
  tier: string;
  outcome: string;
  costMicroUsd: number;
  providerBatchId?: string;
  customId?: string;
}

/** Three tiers; the economy provider has a Batch API at half price. */
function batchTiers(name: string, maxRequests = 1000): CascadeEnvOptions {
  return {
    name,
    providerExtra: { eco: { batch: { protocol: 'openai', maxRequests, maxBytes: 10_000_000, maxInFlight: 2 } } },
    tiers: [
      [
        'economy',
        [
          {
            ref: 'eco/small',
            behavior: answer(['ok']),
            inputUsdPerMTok: 0.1,
            outputUsdPerMTok: 0.4,
            batchDiscount: 0.5,
          },
        ],
      ],
      [
        'standard',
        [{ ref: 'std/medium', behavior: answer(['ok', 'escalate']), inputUsdPerMTok: 1, outputUsdPerMTok: 4 }],
      ],
      [
        'premium',
        [{ ref: 'top/large', behavior: answer(['ok', 'escalate']), inputUsdPerMTok: 5, outputUsdPerMTok: 20 }],
      ],
    ],
  };
}

const kinds = (env: CascadeEnv, kind: string) => env.provider.calls.filter((call) => call.kind === kind).length;
const FAST = { validatingMs: 20, inProgressMs: 300, finalizingMs: 20 };

describe('provider batch: 200 items, economy tier as one provider batch', () => {
  let env: CascadeEnv;
  let dir: string;
  let report: BatchReport;

  before(async () => {
    env = await startCascadeEnv(batchTiers('provider-batch'));
    env.provider.setBatchBehavior('complete', FAST);
    dir = tempFiles({}).dir;
    const input = writeItems(dir, ITEMS);
    report = await runBatch(
      env.temporal.client,
      request(input, `${dir}/out.jsonl`, {
        batchId: 'pb-200',
        pageSize: ITEMS,
        concurrency: 32,
        providerBatch: true,
        providerBatchPollMs: 100,
      }),
      { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
    );
  });
  after(() => env.close());

  it('sends the economy tier as one upload and one batch, not 200 chat calls', () => {
    assert.equal(kinds(env, 'file_upload'), 1);
    assert.equal(kinds(env, 'batch_create'), 1);
    assert.equal(env.callsTo('eco/small').length, 0, 'no synchronous economy call');
    assert.equal(env.provider.batchLines.length, ITEMS);
    assert.deepEqual(duplicates(env.provider.batchLines.map((line) => line.customId)), []);
  });

  it('ok lines are done at economy; failing lines escalate synchronously per the outcome table', () => {
    const results = readLines<ResultLine>(`${dir}/out.jsonl`);
    const errors = readLines<{ id: string; ledger: LedgerRow[] }>(`${dir}/out.errors.jsonl`);
    const failing = Array.from({ length: ITEMS }, (_, i) => i + 1).filter((n) => kindOf(n) === 'fail');
    assert.equal(report.status, 'completed');
    assert.equal(results.length, ITEMS - failing.length);
    for (const line of results) {
      const n = Number(line.id.slice('item-'.length));
      assert.deepEqual(line.output, { doc: `doc-${n}`, n });
      assert.equal(line.finalTier, kindOf(n) === 'escalate' ? 'standard' : 'economy', line.id);
      assert.equal(line.attempts, kindOf(n) === 'escalate' ? 2 : 1, line.id);
    }
    const escalated = ITEMS / 5 - Math.floor(ITEMS / 65);
    assert.equal(env.callsTo('std/medium').length, escalated + failing.length, 'standard runs synchronously');
    assert.equal(errors.length, failing.length);
    for (const line of errors) {
      assert.deepEqual(
        line.ledger.map((row) => [row.tier, row.outcome]),
        [
          ['economy', 'schema_violation'],
          ['standard', 'schema_violation'],
          ['premium', 'schema_violation'],
        ],
      );
      assert.match(line.ledger[0]!.providerBatchId ?? '', /^batch_/);
      assert.equal(line.ledger[0]!.customId, line.id);
    }
  });

  it('the ledger total equals the fake provider bill, batch lines at the batch rate', () => {
    const bill = env.provider.bill();
    assert.ok(bill.batchMicroUsd > 0 && bill.chatMicroUsd > 0);
    assert.equal(report.costMicroUsd, bill.totalMicroUsd);
    assert.equal(Math.round((report.costByTierUsd.economy ?? 0) * 1e6), bill.batchMicroUsd);
  });

  it('the report shows what batch mode saved against synchronous prices', () => {
    const batch = report.providerBatch;
    assert.ok(batch);
    assert.equal(batch.items, ITEMS);
    assert.equal(Math.round(batch.costUsd * 1e6), env.provider.bill().batchMicroUsd);
    // Half price: the same tokens cost twice as much synchronously (each line rounds once, hence the slack).
    assert.ok(Math.abs(batch.syncCostUsd - 2 * batch.costUsd) <= ITEMS * 1e-6, JSON.stringify(batch));
    assert.ok(Math.abs(batch.savedUsd - (batch.syncCostUsd - batch.costUsd)) < 1e-9);
    assert.match(batchReportTables(report), /provider batch\s*│?\s*200 items/);
  });
});

describe('provider batch: limits, budget, expiry, cancel, config error', () => {
  let env: CascadeEnv;
  let dir: string;

  before(async () => {
    // Eight requests per batch file at most: the pages below split into several batches, two in flight at a time.
    env = await startCascadeEnv(batchTiers('provider-batch-faults', 8));
    dir = tempFiles({}).dir;
  });
  after(() => env.close());

  it('a page above maxRequests is split into batches of at most that many, each submitted once', async () => {
    env.provider.setBatchBehavior('complete', FAST);
    env.provider.clearCalls();
    const input = writeItems(dir, 20, () => 'ok', 'split.jsonl');
    const report = await runBatch(
      env.temporal.client,
      // A budget the files fit in: reserved, submitted, settled.
      request(input, `${dir}/split.jsonl.out`, {
        batchId: 'pb-split',
        providerBatch: true,
        providerBatchPollMs: 100,
        maxCostUsd: 1,
      }),
      { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
    );
    assert.equal(report.ok, 20);
    assert.equal(kinds(env, 'batch_create'), 3, '8 + 8 + 4 requests');
    const sizes = env.provider.calls
      .filter((call) => call.kind === 'file_upload')
      .map((call) => (call.body as { bytes: number }).bytes);
    assert.equal(sizes.length, 3);
    const perBatch = new Map<string, number>();
    for (const line of env.provider.batchLines.slice(-20))
      perBatch.set(line.batchId, (perBatch.get(line.batchId) ?? 0) + 1);
    assert.deepEqual(
      [...perBatch.values()].sort((a, b) => a - b),
      [4, 8, 8],
    );
    assert.equal(env.callsTo('eco/small').length, 0);
  });

  it('the batch budget reserves the batch-priced worst case: a file that does not fit is not submitted', async () => {
    env.provider.setBatchBehavior('complete', FAST);
    env.provider.clearCalls();
    const input = writeItems(dir, 8, () => 'ok', 'budget.jsonl');
    // Eight items' worst case at the batch price is about 8 × 1,000 output tokens × $0.20/M = $0.0016: over $0.001.
    const report = await runBatch(
      env.temporal.client,
      request(input, `${dir}/budget.jsonl.out`, {
        batchId: 'pb-budget',
        providerBatch: true,
        providerBatchPollMs: 100,
        maxCostUsd: 0.001,
      }),
      { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
    );
    assert.equal(kinds(env, 'batch_create'), 0, 'no batch submitted');
    assert.ok(env.callsTo('eco/small').length > 0, 'items ran synchronously under their grants');
    assert.ok(report.costMicroUsd <= 1_000, `spent ${report.costMicroUsd} µ$ of a 1,000 µ$ budget`);
  });

  it('an expired provider batch: its items fall back to the synchronous path of the same tier', async () => {
    env.provider.setBatchBehavior('expire', FAST);
    env.provider.clearCalls();
    const input = writeItems(dir, 20, () => 'ok', 'expire.jsonl');
    const report = await runBatch(
      env.temporal.client,
      request(input, `${dir}/expire.jsonl.out`, {
        batchId: 'pb-expire',
        providerBatch: true,
        providerBatchPollMs: 100,
      }),
      { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
    );
    assert.equal(report.status, 'completed');
    assert.equal(report.ok, 20);
    assert.equal(kinds(env, 'batch_create'), 3);
    assert.equal(env.callsTo('eco/small').length, 20, 'each item ran once synchronously on economy');
    assert.equal(env.callsTo('std/medium').length, 0, 'no escalation for an expiry');
    assert.equal(env.provider.bill().batchMicroUsd, 0, 'expired lines bill nothing');
    assert.equal(report.costMicroUsd, env.provider.bill().totalMicroUsd);
  });

  it('cancelling the batch workflow cancels the provider batch', async () => {
    env.provider.setBatchBehavior('hold', FAST);
    env.provider.clearCalls();
    const input = writeItems(dir, 10, () => 'ok', 'cancel.jsonl');
    const batch = await startBatch(
      env.temporal.client,
      request(input, `${dir}/cancel.jsonl.out`, {
        batchId: 'pb-cancel',
        providerBatch: true,
        providerBatchPollMs: 100,
      }),
      { catalog: env.catalog, taskQueue: env.taskQueue },
    );
    await waitFor(() => kinds(env, 'batch_retrieve') > 0, 'the provider batch to be polled');
    await batch.handle.cancel();
    await assert.rejects(batch.handle.result(), WorkflowFailedError);
    // Ten items: two batch files, both in flight (maxInFlight 2), both cancelled.
    await waitFor(() => kinds(env, 'batch_cancel') === 2, 'the provider batches to be cancelled', 20_000);
    const created = env.provider.calls.find((call) => call.kind === 'batch_create');
    assert.ok(created);
    assert.equal(env.callsTo('eco/small').length, 0, 'no item ran');
  });

  it('a provider-batch tier whose first candidate has no Batch API is a config error', async () => {
    const input = writeItems(dir, 2, () => 'ok', 'config.jsonl');
    const { prepareBatch } = await import('../../client/batch-prepare');
    const catalog = {
      ...env.catalog,
      providers: { ...env.catalog.providers, eco: { ...env.catalog.providers.eco!, batch: undefined } },
    };
    assert.throws(
      () => prepareBatch(catalog, request(input, `${dir}/c.out`, { providerBatch: true }), '2026-01-01'),
      /declares no Batch API/,
    );
  });
});
