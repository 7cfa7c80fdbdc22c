// Integration tests — the support-triage pipeline (cascade() steps under one job budget) on the real dev server and the fake provider
// Longer than 250 lines because its cases run one pipeline (steps under one job budget) through replays, budgets and failures on one worker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { parseCatalog } from '../../catalog/node/parse';
import { pipelineCatalog } from '../../examples/support-triage/catalog';
import type { supportTriageWorkflow } from '../../examples/support-triage/pipeline';
import { startFakeProvider, type FakeCallContext, type FakeProvider, type FakeReply } from '../../sim/fake-provider';
import { CascadePlugin } from '../../worker/plugin';
import { runReport } from '../../cli/actions/report';
import { FailureType, ledgerQuery, type CascadeFailureDetails } from '../../workflows/definitions';
import { LlmCostUsd } from '../../workflows/definitions/search-attributes';
import { testCatalogJson } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { pipelineBundle } from '../helpers/bundles';
import { connectClient, getTestServer, uniqueTaskQueue, type TestClient } from '../helpers/temporal';

const EMAIL = 'Invoice INV-7 charged EUR 480.00 twice, please refund the duplicate. — Dana';

/** Fixed answers per schema (by the json_schema name the request carries), with fixed usage: exact costs. */
const ANSWERS: Record<string, unknown> = {
  classification: { kind: 'billing', urgency: 'high' },
  billing_fields: { invoiceNumber: 'INV-7', amount: 480, currency: 'EUR' },
  reply: { subject: 'Your refund', body: 'We have refunded the duplicate charge.' },
  summary: { summary: 'Duplicate charge on INV-7 refunded.' },
};
const USAGE = { promptTokens: 1_000, completionTokens: 100 };

function schemaName(call: { body: unknown }): string {
  const body = call.body as { response_format?: { json_schema?: { name?: string } } } | null;
  return String(body?.response_format?.json_schema?.name ?? '');
}

function answer(ctx: FakeCallContext): FakeReply {
  const content = ANSWERS[schemaName(ctx)];
  return content === undefined
    ? { kind: 'error', status: 400, message: `no answer for schema ${schemaName(ctx)}` }
    : { kind: 'content', content, usage: USAGE };
}

/** economy a/eco (in $1, out $2 per 1M), standard b/std ($3, $6), premium c/pre ($10, $30). */
function catalogJson(baseURL: string, hangFirstDraft = false) {
  const json = testCatalogJson(baseURL, {
    name: 'pipeline',
    tiers: [
      ['economy', [{ ref: 'a/eco', behavior: answer }]],
      ['standard', [{ ref: 'b/std', behavior: answer, inputUsdPerMTok: 3, outputUsdPerMTok: 6 }]],
      ['premium', [{ ref: 'c/pre', behavior: answer, inputUsdPerMTok: 10, outputUsdPerMTok: 30 }]],
    ],
    tierDefaults: hangFirstDraft ? { timeoutMs: 120_000 } : {},
  });
  return pipelineCatalog(json as { routes: Record<string, { tiers: unknown[] }> });
}

describe('support-triage pipeline: cascade() steps under one job budget', () => {
  let provider: FakeProvider;
  let temporal: TestClient;
  let bundle: WorkflowBundleWithSourceMap;
  let hangDraft = false;
  const callsOf = (schema: string) => provider.calls.filter((call) => schemaName(call) === schema);

  before(async () => {
    provider = await startFakeProvider({
      models: {
        eco: answer,
        // The kill test's draft call never answers the first time: the worker dies while waiting for it.
        std: (ctx) => {
          if (hangDraft && schemaName(ctx) === 'reply') {
            hangDraft = false;
            return { kind: 'hang' };
          }
          return answer(ctx);
        },
        pre: answer,
      },
    });
    temporal = await connectClient();
    bundle = await pipelineBundle();
  });
  after(async () => {
    await temporal.close();
    await provider.close();
  });

  async function withWorker<T>(
    name: string,
    fn: (taskQueue: string) => Promise<T>,
    edit: (json: ReturnType<typeof catalogJson>) => void = () => undefined,
  ): Promise<T> {
    const json = catalogJson(provider.baseURL);
    edit(json);
    const catalog = parseCatalog(json, 'pipeline test catalog');
    const taskQueue = uniqueTaskQueue(name);
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: bundle,
      plugins: [new CascadePlugin({ catalog })],
    });
    return worker.runUntil(fn(taskQueue));
  }

  it('runs every step; the step ledgers add up to the job total; the history replays', async () => {
    const before = provider.calls.length;
    const workflowId = `pipeline-ok-${Date.now()}`;
    const { result, ledger } = await withWorker('pipeline-ok', async (taskQueue) => {
      const handle = await temporal.client.workflow.start<typeof supportTriageWorkflow>('supportTriageWorkflow', {
        taskQueue,
        workflowId,
        args: [{ email: EMAIL, maxCostUsd: 0.05 }],
      });
      return { result: await handle.result(), ledger: await handle.query(ledgerQuery) };
    });
    assert.equal(result.kind, 'billing');
    assert.deepEqual(result.fields, ANSWERS.billing_fields);
    assert.deepEqual(
      result.steps.map((s) => s.step),
      ['classify', 'extract billing', 'draft reply', 'summary'],
    );
    // classify and summary start on economy, the draft on standard: the worker's routes decided.
    assert.deepEqual(
      result.steps.map((s) => s.finalModel),
      ['a/eco', 'a/eco', 'b/std', 'a/eco'],
    );
    assert.equal(provider.calls.length - before, 4);
    // The workflow's ledger query shows the whole job: every row names its step, the steps add up to the total.
    assert.equal(ledger.done, true);
    assert.deepEqual(
      ledger.attempts.map((row) => row.step),
      ['classify', 'extract billing', 'draft reply', 'summary'],
    );
    const steps = ledger.steps ?? [];
    assert.equal(steps.length, 4);
    const sum = steps.reduce((total, step) => total + step.costMicroUsd, 0);
    assert.equal(sum, ledger.totals.costMicroUsd);
    assert.equal(result.totalCostMicroUsd, ledger.totals.costMicroUsd);
    // eco: 1000 in × $1 + 100 out × $2 per 1M = 1200 µ$; std: 3000 + 600 = 3600 µ$.
    assert.equal(ledger.totals.costMicroUsd, 3 * 1_200 + 3_600);

    const handle = temporal.client.workflow.getHandle(workflowId);
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(LlmCostUsd), ledger.totals.costUsd);
    const history = await handle.fetchHistory();
    // RECORD_PIPELINE_HISTORY=1 records the fixture test/replay/pipeline-replay.test.ts replays.
    if (process.env.RECORD_PIPELINE_HISTORY) {
      writeFileSync(
        join(__dirname, '../../../test/fixtures/pipeline/supportTriageWorkflow_1.24.0_ok.json'),
        historyToJSON(history),
      );
    }
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  });

  it('the job budget stops the job at the step that cannot fit, with the whole job ledger', async () => {
    const draftCalls = callsOf('reply').length;
    // classify and extract cost 1200 µ$ each (worst case about 2100 each); the draft's worst case on standard
    // (1000 out × $6 = 6000 µ$ and more) no longer fits in what is left of 7000 µ$.
    const failure = await withWorker('pipeline-budget', async (taskQueue) =>
      temporal.client.workflow
        .execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
          taskQueue,
          workflowId: `pipeline-budget-${Date.now()}`,
          args: [{ email: EMAIL, maxCostUsd: 0.007 }],
        })
        .then(
          () => assert.fail('the job should have run out of budget'),
          (error: unknown) => error,
        ),
    );
    assert.ok(failure instanceof WorkflowFailedError);
    const cause = failure.cause;
    assert.ok(cause instanceof ApplicationFailure, String(cause));
    assert.equal(cause.type, FailureType.BudgetExceeded);
    const details = cause.details?.[0] as CascadeFailureDetails;
    assert.equal(details.step, 'draft reply');
    assert.deepEqual(
      details.attempts.map((row) => row.step),
      ['classify', 'extract billing'],
    );
    assert.equal(details.totals.costMicroUsd, 2 * 1_200);
    assert.equal(callsOf('reply').length, draftCalls, 'no draft call was made');
  });

  it("as: 'child': each step is a child cascadeWorkflow with its own page; its rows join the job's ledger", async () => {
    const workflowId = `pipeline-child-${Date.now()}`;
    const { result, ledger, child } = await withWorker('pipeline-child', async (taskQueue) => {
      const handle = await temporal.client.workflow.start<typeof supportTriageWorkflow>('supportTriageWorkflow', {
        taskQueue,
        workflowId,
        args: [{ email: EMAIL, maxCostUsd: 0.05, as: 'child' }],
      });
      const result = await handle.result();
      const child = await temporal.client.workflow.getHandle(`${workflowId}/classify-1`).describe();
      return { result, ledger: await handle.query(ledgerQuery), child };
    });
    assert.equal(child.type, 'cascadeWorkflow');
    assert.equal(await child.staticSummary(), 'classify: classify → classification (a step of supportTriageWorkflow)');
    assert.deepEqual(
      ledger.attempts.map((row) => row.step),
      ['classify', 'extract billing', 'draft reply', 'summary'],
    );
    assert.equal(ledger.totals.costMicroUsd, result.totalCostMicroUsd);
    assert.equal(ledger.totals.costMicroUsd, 3 * 1_200 + 3_600);
  });

  it("report: a pipeline run inline and one whose steps ran as: 'child' equal the provider's bill, nothing twice", async () => {
    const before = provider.calls.length;
    const taskQueue = await withWorker('pipeline-report', async (queue) => {
      for (const as of [undefined, 'child' as const]) {
        await temporal.client.workflow.execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
          taskQueue: queue,
          workflowId: `pipeline-report-${as ?? 'inline'}-${Date.now()}`,
          args: [{ email: EMAIL, maxCostUsd: 0.05, ...(as && { as }) }],
        });
      }
      return queue;
    });
    // The provider's bill: every call answered with USAGE, priced per model (a/eco $1/$2, b/std $3/$6 per 1M).
    const prices: Record<string, [number, number]> = { eco: [1, 2], std: [3, 6], pre: [10, 30] };
    const bill = provider.calls
      .slice(before)
      .filter((call) => call.status === 200)
      .reduce((sum, call) => {
        const [input, output] = prices[call.model]!;
        return sum + call.usage!.promptTokens * input + call.usage!.completionTokens * output;
      }, 0);
    assert.equal(bill, 2 * (3 * 1_200 + 3_600));
    const { address } = await getTestServer();
    const report = async (kind: 'all' | 'job' | 'cascade') =>
      JSON.parse(
        await runReport({
          since: '24h',
          by: 'task',
          kind,
          format: 'json',
          limit: 1000,
          address,
          query: `TaskQueue = "${taskQueue}"`,
        }),
      ) as { total: { costMicroUsd: number; requests: number }; groups: { key: string; requests: number }[] };
    const all = await report('all');
    assert.equal(all.total.costMicroUsd, bill, 'the inline steps (classify included) and the child steps, once each');
    assert.equal(all.total.requests, 8);
    assert.deepEqual(Object.fromEntries(all.groups.map((g) => [g.key, g.requests])), {
      classify: 2,
      extract: 2,
      draft: 2,
      summarize: 2,
    });
    // The inline run's steps are its own history's; the child run's parent has none (its steps are cascades).
    assert.equal((await report('job')).total.costMicroUsd, 3 * 1_200 + 3_600);
    assert.equal((await report('cascade')).total.costMicroUsd, 3 * 1_200 + 3_600);
  });

  it("a step the worker's catalog cannot plan fails the job with CascadeConfigError (its code in the details)", async () => {
    const failure = await withWorker(
      'pipeline-config',
      (taskQueue) =>
        temporal.client.workflow
          .execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
            taskQueue,
            workflowId: `pipeline-config-${Date.now()}`,
            args: [{ email: EMAIL }],
          })
          .catch((error: unknown) => error),
      (json) => delete json.routes.summarize,
    );
    assert.ok(failure instanceof WorkflowFailedError, String(failure));
    const cause = failure.cause;
    assert.ok(cause instanceof ApplicationFailure);
    assert.equal(cause.type, FailureType.ConfigError);
    assert.match(cause.message, /no route for task "summarize"/);
    assert.deepEqual(cause.details, [{ code: 'UNKNOWN_TASK' }]);
  });

  it('a kill -9 of the worker between steps re-sends no completed step', async () => {
    const { address } = await getTestServer();
    const taskQueue = uniqueTaskQueue('pipeline-crash');
    const config = tempFiles({ 'catalog.json': catalogJson(provider.baseURL, true) })['catalog.json']!;
    const counts = () => ['classification', 'billing_fields', 'reply', 'summary'].map((s) => callsOf(s).length);
    const start = counts();
    hangDraft = true;
    const spawnWorker = () =>
      spawn(process.execPath, [join(__dirname, '../helpers/pipeline-worker.js'), address, taskQueue, config], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const first = spawnWorker();
    const handle = await temporal.client.workflow.start<typeof supportTriageWorkflow>('supportTriageWorkflow', {
      taskQueue,
      workflowId: `pipeline-crash-${Date.now()}`,
      args: [{ email: EMAIL, maxCostUsd: 0.05 }],
    });
    await waitFor(() => counts()[2]! - start[2]! === 1, 'the draft call to be in flight');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const second = spawnWorker();
    try {
      const result = await handle.result();
      assert.equal(result.summary, 'Duplicate charge on INV-7 refunded.');
    } finally {
      second.kill('SIGKILL');
    }
    const sent = counts().map((count, index) => count - start[index]!);
    // classify and extract ran once each before the kill and were not sent again; the draft twice (the lost call).
    assert.deepEqual(sent, [1, 1, 2, 1]);
  });
});

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
