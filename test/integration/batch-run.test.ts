// Integration tests — a 200-item batch with mixed outcomes on the real dev server and the fake provider; rerun resumes
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import { LlmCostUsd, LlmItems } from '../../workflows/definitions/search-attributes';
import type { CallModelInput } from '../../workflows/definitions';
import { runBatch, startBatch, watchBatch, type BatchProgress, type BatchReport } from '../../client/batch-client';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import {
  documentOfCall,
  duplicates,
  kindOf,
  readLines,
  request,
  threeTiers,
  writeItems,
  type ErrorLine,
  type ResultLine,
} from './batch-env';

const ITEMS = 200;

describe('batch of 200 items, mixed outcomes', () => {
  let env: CascadeEnv;
  let dir: string;
  let input: string;
  let report: BatchReport;
  const progress: BatchProgress[] = [];

  before(async () => {
    env = await startCascadeEnv(threeTiers('batch-run'));
    dir = tempFiles({}).dir;
    input = writeItems(dir, ITEMS);
    // A low history threshold makes the batch continue as new a few times on the way.
    report = await runBatch(
      env.temporal.client,
      request(input, `${dir}/out.jsonl`, { batchId: 'mixed', concurrency: 16, maxHistoryEvents: 400, pageSize: 50 }),
      {
        catalog: env.catalog,
        taskQueue: env.taskQueue,
        onProgress: (p) => progress.push(p),
        intervalMs: 200,
      },
    );
  });
  after(() => env.close());

  it('writes every ok item exactly once and every failed one to the errors file with its reason and ledger', () => {
    const results = readLines<ResultLine>(`${dir}/out.jsonl`);
    const errors = readLines<ErrorLine>(`${dir}/out.errors.jsonl`);
    const expectedFailed = Array.from({ length: ITEMS }, (_, i) => i + 1).filter((n) => kindOf(n) === 'fail');
    assert.deepEqual(duplicates(results.map((r) => r.id)), []);
    assert.deepEqual(duplicates(errors.map((r) => r.id)), []);
    assert.equal(results.length, ITEMS - expectedFailed.length);
    assert.deepEqual(errors.map((e) => e.id).sort(), expectedFailed.map((n) => `item-${n}`).sort());
    for (const line of results) {
      const n = Number(line.id.slice('item-'.length));
      assert.deepEqual(line.output, { doc: `doc-${n}`, n });
      assert.equal(line.finalTier, kindOf(n) === 'escalate' ? 'standard' : 'economy', line.id);
      assert.equal(line.attempts, kindOf(n) === 'escalate' ? 2 : 1);
    }
    for (const line of errors) {
      assert.equal(line.code, 'CascadeExhaustedError');
      assert.match(line.reason, /every candidate/);
      assert.deepEqual(
        line.ledger.map((a) => [a.tier, a.outcome]),
        [
          ['economy', 'schema_violation'],
          ['standard', 'schema_violation'],
          ['premium', 'schema_violation'],
        ],
      );
    }
  });

  it('report numbers equal the sum of the lines, and the provider calls', () => {
    const results = readLines<ResultLine>(`${dir}/out.jsonl`);
    const errors = readLines<ErrorLine>(`${dir}/out.errors.jsonl`);
    assert.equal(report.status, 'completed');
    assert.equal(report.total, ITEMS);
    assert.equal(report.ok, results.length);
    assert.equal(report.failed, errors.length);
    assert.equal(report.skipped, 0);
    assert.equal(report.undone, 0);
    const lineCost = results.reduce((s, r) => s + r.costMicroUsd, 0) + errors.reduce((s, e) => s + e.costMicroUsd, 0);
    assert.equal(report.costMicroUsd, lineCost);
    assert.ok(lineCost > 0);
    const attempts = results.reduce((s, r) => s + r.attempts, 0) + errors.reduce((s, e) => s + e.ledger.length, 0);
    assert.equal(report.attempts, attempts);
    assert.equal(env.provider.calls.length, attempts, 'one provider call per attempt');
    const byTier = Object.values(report.costByTierUsd).reduce((s, v) => s + v, 0);
    const byModel = Object.values(report.costByModelUsd).reduce((s, v) => s + v, 0);
    assert.equal(Math.round(byTier * 1e6), report.costMicroUsd);
    assert.equal(Math.round(byModel * 1e6), report.costMicroUsd);
    assert.deepEqual(Object.keys(report.costByModelUsd).sort(), ['eco/small', 'std/medium', 'top/large']);
    // Escalated: every item that ran above economy (the escalating ok ones and the failed ones).
    const escalated = results.filter((r) => r.finalTier !== 'economy').length + errors.length;
    assert.equal(report.escalated, escalated);
    assert.equal(report.escalationRate, escalated / ITEMS);
    assert.ok(report.baselineCostUsd > report.costUsd, 'cheaper than premium-only');
    assert.ok(report.savingsPct! > 0);
    assert.ok(report.runs > 1, `continued as new (runs: ${report.runs})`);
  });

  it('progress was reported on the way and ends on the final numbers', () => {
    assert.ok(progress.length >= 2);
    const last = progress.at(-1)!;
    assert.equal(last.phase, 'done');
    assert.equal(last.done, ITEMS);
    assert.ok(progress.some((p) => p.inFlight > 0 && p.inFlight <= 16));
    assert.ok(
      progress.every((p) => p.inFlight <= 16),
      'never more than the concurrency in flight',
    );
  });

  it("search attributes carry the totals; each item's attempts are activities of the batch, named after it", async () => {
    const description = await env.temporal.client.workflow.getHandle('batch-mixed').describe();
    assert.equal(description.typedSearchAttributes.get(LlmItems), ITEMS);
    assert.equal(Math.round(description.typedSearchAttributes.get(LlmCostUsd)! * 1e6), report.costMicroUsd);
    // Every run of the batch (it continued as new): one callModel activity per attempt, none in a child workflow.
    const attempts: Array<{ item?: string; summary?: string }> = [];
    for await (const run of env.temporal.client.workflow.list({ query: 'WorkflowId = "batch-mixed"' })) {
      assert.equal(run.type, 'batchWorkflow');
      const history = await env.temporal.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled?.activityType?.name !== 'callModel') continue;
        const input = defaultPayloadConverter.fromPayload<CallModelInput>(scheduled.input!.payloads![0]!);
        const summary = event.userMetadata?.summary;
        attempts.push({
          item: input.batchItem,
          summary: summary ? defaultPayloadConverter.fromPayload<string>(summary) : undefined,
        });
      }
    }
    assert.equal(attempts.length, report.attempts);
    for (const { item, summary } of attempts) {
      assert.match(item ?? '', /^item-\d+$/);
      assert.ok(summary?.startsWith(`item ${item}: `), summary);
    }
    await assert.rejects(env.temporal.client.workflow.getHandle('batch-mixed/item-5').describe(), /not found/i);
  });

  it('with itemWorkflows, each item is a child workflow named after it, with the same lines and costs', async () => {
    const few = writeItems(dir, 24, kindOf, 'few.jsonl');
    const children = await runBatch(
      env.temporal.client,
      request(few, `${dir}/children.jsonl`, { batchId: 'children', concurrency: 8, itemWorkflows: true }),
      { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
    );
    const child = await env.temporal.client.workflow.getHandle('batch-children/item-5').describe();
    assert.equal(child.type, 'batchItemWorkflow');
    assert.equal(child.status.name, 'COMPLETED');
    // Items 1–24 ran inline in the big batch: the same items cost the same and end the same way.
    const line = (l: ResultLine | ErrorLine) => [l.id, l.status, l.costMicroUsd];
    const lines = (path: string) => readLines<ResultLine | ErrorLine>(path).map(line);
    const childLines = [...lines(`${dir}/children.jsonl`), ...lines(`${dir}/children.errors.jsonl`)].sort();
    const inlineLines = [...lines(`${dir}/out.jsonl`), ...lines(`${dir}/out.errors.jsonl`)]
      .filter(([id]) => Number(String(id).slice('item-'.length)) <= 24)
      .sort();
    assert.equal(childLines.length, 24);
    assert.deepEqual(childLines, inlineLines);
    assert.equal(
      children.costMicroUsd,
      childLines.reduce((sum, [, , cost]) => sum + Number(cost), 0),
    );
  });

  it('rerunning the same batch id reprocesses nothing: no provider call, every item skipped', async () => {
    const calls = env.provider.calls.length;
    const batch = await startBatch(env.temporal.client, request(input, `${dir}/out.jsonl`, { batchId: 'mixed' }), {
      catalog: env.catalog,
      taskQueue: env.taskQueue,
    });
    assert.equal(batch.attached, false);
    const again = await watchBatch(batch, () => undefined);
    assert.equal(env.provider.calls.length, calls);
    assert.equal(again.skipped, ITEMS);
    assert.equal(again.ok + again.failed + again.undone, 0);
    assert.equal(again.costMicroUsd, 0);
    assert.equal(readLines(`${dir}/out.jsonl`).length, report.ok);
  });

  it('every call carried the instructions and the document', () => {
    const body = env.provider.calls[0]!.body as { messages: { role: string; content: string }[] };
    assert.equal(body.messages[0]!.content, 'Extract the document number.');
    assert.match(documentOfCall(body), /^Document \d+ kind=/);
  });
});
