// Integration tests — report, tune and explain read the ledger store by default: on the real dev server with a
// worker writing a SQLite store, standalone cascades in an A/B experiment and a pipeline of inline and child steps
// give the same figures from the store as from their histories; a deleted workflow is still reported and explained
// from the store, with no worker running
// Longer than 250 lines because every case reads the same runs (cascades, a pipeline, a labelled batch) on one worker from both sources.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { parseCatalog } from '../../catalog/node/parse';
import type { Catalog } from '../../catalog/types';
import { runCascade } from '../../client/cascade-client';
import { runExplain } from '../../cli/actions/explain';
import { runLabels, runReport } from '../../cli/actions/report';
import { runBatch } from '../../client/batch-client';
import { tempFiles } from '../helpers/cli';
import { runTune } from '../../cli/actions/tune';
import { pipelineCatalog } from '../../examples/support-triage/catalog';
import type { supportTriageWorkflow } from '../../examples/support-triage/pipeline';
import { startFakeProvider, type FakeCallContext, type FakeProvider, type FakeReply } from '../../sim/fake-provider';
import { createLedgerWriter } from '../../store/store';
import type { LedgerWriter } from '../../store/write/writer';
import { CascadePlugin } from '../../worker/plugin';
import { pipelineBundle } from '../helpers/bundles';
import { testCatalogJson } from '../helpers/cascade-env';
import { connectClient, getTestServer, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { invoiceNumber: 'INV-7', total: 120.5 };
const USAGE = { promptTokens: 1_000, completionTokens: 100, cachedTokens: 200 };
/** The pipeline's steps answer by their schema's name; the invoices by their text (HARD ones fail at economy). */
const STEP_ANSWERS: Record<string, unknown> = {
  classification: { kind: 'billing', urgency: 'high' },
  billing_fields: { invoiceNumber: 'INV-7', amount: 480, currency: 'EUR' },
  reply: { subject: 'Your refund', body: 'We have refunded the duplicate charge.' },
  summary: { summary: 'Duplicate charge on INV-7 refunded.' },
};
const schemaName = (ctx: FakeCallContext) => String(ctx.body?.response_format?.json_schema?.name ?? '');
const behaviour =
  (economy: boolean) =>
  (ctx: FakeCallContext): FakeReply => {
    const step = STEP_ANSWERS[schemaName(ctx)];
    if (step !== undefined) return { kind: 'content', content: step, usage: USAGE };
    const hard = economy && String(ctx.body.messages.at(-1).content).includes('HARD');
    return { kind: 'content', content: hard ? { invoiceNumber: 'INV-7', total: 'lots' } : VALID, usage: USAGE };
  };
const PRICES = { eco: [1, 2], std: [3, 6], pre: [10, 30] } as const;
const SESSIONS = Array.from({ length: 12 }, (_, i) => `session-${i}`);

type Flags = Parameters<typeof runReport>[0];

describe('report, tune and explain from the ledger store', () => {
  let provider: FakeProvider;
  let temporal: TestClient;
  let writer: LedgerWriter;
  let worker: Worker;
  let running: Promise<void>;
  let dir: string;
  let config: string;
  let address: string;
  let taskQueue: string;
  let catalog: Catalog;
  const inlineId = `store-reads-pipeline-inline-${Date.now()}`;
  const childId = `store-reads-pipeline-child-${Date.now()}`;
  const cascadeIds: string[] = [];
  const store = (flags: Partial<Flags>) => runReport({ ...base(), source: 'store', ...flags } as Flags);
  const history = (flags: Partial<Flags>) =>
    runReport({ ...base(), source: 'temporal', address, query: `TaskQueue = "${taskQueue}"`, ...flags } as Flags);
  const base = () => ({ config, since: '1h', by: 'task', kind: 'all', format: 'csv', limit: 1000 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llm-cascade-store-reads-'));
    provider = await startFakeProvider({
      models: { eco: behaviour(true), std: behaviour(false), pre: behaviour(false) },
      prices: Object.fromEntries(
        Object.entries(PRICES).map(([model, [input, output]]) => [
          model,
          {
            inputUsdPerMTok: input,
            outputUsdPerMTok: output,
            source: 'https://example.test/pricing',
            effectiveFrom: '2025-01-01',
          },
        ]),
      ),
    });
    const json = pipelineCatalog(
      testCatalogJson(provider.baseURL, {
        name: 'store-reads',
        tierDefaults: { triesPerCandidate: 1 },
        tiers: [
          ['economy', [{ ref: 'a/eco', behavior: behaviour(true) }]],
          ['standard', [{ ref: 'b/std', behavior: behaviour(false), inputUsdPerMTok: 3, outputUsdPerMTok: 6 }]],
          ['premium', [{ ref: 'c/pre', behavior: behaviour(false), inputUsdPerMTok: 10, outputUsdPerMTok: 30 }]],
        ],
      }) as { routes: Record<string, { tiers: unknown[] }> },
    );
    const experiment = { name: 'start-standard', share: 0.5, variant: { startTier: 'standard' } };
    json.routes.invoice = { tiers: json.routes.extract!.tiers, experiments: [experiment] } as never;
    catalog = parseCatalog(json, 'store-reads catalog');
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...json, ledger: { path: 'ledger.db' } }));
    writer = createLedgerWriter({ engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'outbox') });
    temporal = await connectClient();
    address = (await getTestServer()).address;
    taskQueue = uniqueTaskQueue('store-reads');
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await pipelineBundle(),
      plugins: [new CascadePlugin({ catalog, ledger: writer })],
    });
    running = worker.run();

    await Promise.all(
      SESSIONS.map(async (sessionId, i) => {
        const workflowId = `store-reads-${sessionId}-${Date.now()}`;
        cascadeIds.push(workflowId);
        await runCascade(
          temporal.client,
          {
            task: 'invoice',
            schema: Invoice,
            input: `${i % 3 === 0 ? 'HARD ' : ''}Invoice INV-${i}`,
            metadata: { sessionId, userId: i % 2 ? 'ada' : 'bob' },
          },
          { catalog, taskQueue, workflowId },
        );
      }),
    );
    for (const [workflowId, as] of [
      [inlineId, undefined],
      [childId, 'child'],
    ] as const) {
      await temporal.client.workflow.execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
        taskQueue,
        workflowId,
        args: [{ email: 'Invoice INV-7 charged EUR 480.00 twice. — Dana', maxCostUsd: 0.5, ...(as && { as }) }],
      });
    }
    assert.equal(await writer.flush(30_000), true, 'the outbox drained');
    // 12 cascades, 4 inline steps, 4 child steps: wait until visibility lists every one of them.
    for (let tries = 0; ; tries++) {
      const json = JSON.parse(await history({ format: 'json' })) as { total: { requests: number } };
      if (json.total.requests === 20) break;
      assert.ok(tries < 150, `visibility listed ${json.total.requests} of 20 requests`);
      await sleep(200);
    }
  });
  after(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await writer?.close();
    await temporal?.close();
    await provider?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the store is the default source, and it holds what the provider billed', async () => {
    const json = JSON.parse(await runReport({ ...base(), format: 'json' } as Flags)) as {
      store?: string;
      total: { costMicroUsd: number; requests: number };
    };
    assert.equal(json.store, join(dir, 'ledger.db'));
    assert.equal(json.total.requests, 20);
    assert.equal(json.total.costMicroUsd, provider.bill().chatMicroUsd);
  });

  it('every grouping: the same figures from the store as from the histories, inline steps included', async () => {
    for (const by of ['task', 'model', 'tier', 'provider', 'session', 'user', 'key'] as const) {
      const fromStore = await store({ by });
      assert.equal(fromStore, await history({ by }), `--by ${by}`);
      assert.ok(fromStore.split('\n').length > 2, fromStore);
    }
    for (const kind of ['job', 'cascade'] as const)
      assert.equal(await store({ kind, by: 'model' }), await history({ kind, by: 'model' }), `--kind ${kind}`);
    assert.equal(
      await store({ workflowId: inlineId, by: 'tier' }),
      await history({ workflowId: inlineId, by: 'tier' }),
    );
    // The table says where it read: the store's file, or the namespace and query.
    assert.match(await store({ format: 'table' }), /20 requests in the ledger store .*ledger\.db/);
  });

  it('--by experiment: the same arms and verdict (medians from the store histogram, within a few percent)', async () => {
    type Arm = { requests: number; medianLatencyMs: number | null };
    type Experiments = { experiments: { experiment: string; control: Arm; variant: Arm; verdict: string }[] };
    const strip = (text: string) =>
      (JSON.parse(text) as Experiments).experiments.map((e) => ({
        ...e,
        control: { ...e.control, medianLatencyMs: e.control.medianLatencyMs !== null },
        variant: { ...e.variant, medianLatencyMs: e.variant.medianLatencyMs !== null },
      }));
    const fromStore = strip(await store({ by: 'experiment', format: 'json' }));
    assert.deepEqual(fromStore, strip(await history({ by: 'experiment', format: 'json' })));
    assert.equal(fromStore[0]!.control.requests + fromStore[0]!.variant.requests, 12);
  });

  it('tune proposes the same from the store as from the histories', async () => {
    const tune = async (source: 'store' | 'temporal') =>
      (
        JSON.parse(
          await runTune({
            config,
            since: '1h',
            json: true,
            minSamples: 3,
            limit: 5000,
            source,
            ...(source === 'temporal' && { address, query: `TaskQueue = "${taskQueue}"` }),
          }),
        ) as { proposals: { task: string; requests: number }[] }
      ).proposals;
    const fromStore = await tune('store');
    assert.deepEqual(fromStore, await tune('temporal'));
    assert.deepEqual(
      fromStore.map((p) => [p.task, p.requests]),
      [
        ['invoice', 12],
        ['classify', 2],
        ['extract', 2],
        ['draft', 2],
        ['summarize', 2],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });

  it('report --labels --batch records each verdict in the store: cost per correct result in store reports', async () => {
    const files = tempFiles({});
    const items = ['a', 'b', 'c', 'd'].map((id) => ({
      id,
      text: `Invoice INV-7 for item ${id}`,
      ...(id !== 'd' && { expected: { invoiceNumber: id === 'c' ? 'INV-9' : 'INV-7' } }),
    }));
    const input = join(files.dir, 'items.jsonl');
    writeFileSync(input, items.map((item) => JSON.stringify(item)).join('\n'));
    const out = join(files.dir, 'out.jsonl');
    const batchId = `store-reads-labels-${Date.now()}`;
    const report = await runBatch(
      temporal.client,
      { task: 'extract', schema: Invoice, input, output: out, batchId },
      { catalog, taskQueue },
    );
    assert.equal(report.ok, 4);
    assert.equal(await writer.flush(30_000), true);
    const scored = JSON.parse(
      await runLabels({ ...base(), labels: input, results: out, batch: `batch-${batchId}`, format: 'json' } as never),
    ) as { correct: number; scored: number; recorded: { recorded: number; batchId: string } };
    assert.deepEqual([scored.scored, scored.correct, scored.recorded.recorded], [3, 2, 3]);
    const byTask = JSON.parse(await store({ by: 'task', format: 'json' })) as {
      groups: { key: string; labelled: number; correct: number; costPerCorrectMicroUsd: number | null }[];
    };
    const extract = byTask.groups.find((group) => group.key === 'extract')!;
    assert.deepEqual([extract.labelled, extract.correct], [3, 2]);
    assert.ok(extract.costPerCorrectMicroUsd! > 0);
    // Scored again (the same verdicts): nothing counts twice.
    await runLabels({ ...base(), labels: input, results: out, batch: `batch-${batchId}`, format: 'json' } as never);
    const again = JSON.parse(await store({ by: 'task', format: 'json' })) as typeof byTask;
    assert.deepEqual(
      again.groups.find((group) => group.key === 'extract'),
      extract,
    );
  });

  it('a deleted workflow is still reported, and explained from the store with no worker running', async () => {
    const before = await store({ by: 'model' });
    const explain = async (workflowId: string, source: 'store' | 'temporal') =>
      JSON.parse(await runExplain(workflowId, { config, address, source, json: true })) as {
        costMicroUsd: number;
        requests: { workflowId: string; baselineMicroUsd: number; attempts: Record<string, unknown>[] }[];
      };
    const pick = (json: Awaited<ReturnType<typeof explain>>) =>
      json.requests.map((r) => ({
        workflowId: r.workflowId,
        baselineMicroUsd: r.baselineMicroUsd,
        attempts: r.attempts.map(({ tier, ref, outcome, billed, usage, costMicroUsd }) => ({
          ...{ tier, ref, outcome, billed, usage, costMicroUsd },
        })),
      }));
    const inlineFromHistory = await explain(inlineId, 'temporal');
    assert.deepEqual(pick(await explain(inlineId, 'store')), pick(inlineFromHistory));
    assert.equal(inlineFromHistory.requests.length, 4);

    const listed = (JSON.parse(await history({ format: 'json' })) as { total: { requests: number } }).total.requests;
    worker.shutdown();
    await running;
    const deleted = [inlineId, cascadeIds[0]!];
    for (const workflowId of deleted) {
      await temporal.client.workflowService.deleteWorkflowExecution({
        namespace: temporal.namespace,
        workflowExecution: { workflowId },
      });
    }
    for (let tries = 0; ; tries++) {
      const json = JSON.parse(await history({ format: 'json' })) as { total: { requests: number } };
      if (json.total.requests === listed - 5) break;
      assert.ok(tries < 150, `histories still list ${json.total.requests} requests`);
      await sleep(200);
    }
    assert.equal(await store({ by: 'model' }), before, 'the store report is unchanged');
    assert.deepEqual(pick(await explain(inlineId, 'store')), pick(inlineFromHistory));
    assert.match(
      await runExplain(cascadeIds[0]!, { config }),
      /1 request of store-reads-session-0-\d+ in the ledger store/,
    );
    await assert.rejects(runExplain(inlineId, { config, address, source: 'temporal' }), /no request of workflow/);
  });
});
