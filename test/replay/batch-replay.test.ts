// Replay tests — recorded batch histories (parent runs and item workflows) replayed against the current bundle; no server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/bundle';
import { quietRuntime } from '../helpers/quiet-runtime';

// The replay workers' INFO lines (state changes) would fill the test output: warnings go to the test log.
quietRuntime();

/** Written by `node lib/test/integration/batch-record-histories.js`. */
const FIXTURES = resolve(__dirname, '../../../test/fixtures/batch');
const files = readdirSync(FIXTURES).filter((file) => /^batch\w*Workflow_.*\.json$/.test(file));
/** Replay needs each history's workflow id: the parent derives its children's ids from it. */
const workflowIds = JSON.parse(readFileSync(join(FIXTURES, 'workflow-ids.json'), 'utf8')) as Record<string, string>;

function load(file: string) {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { events: Record<string, unknown>[] };
}

describe('replay of recorded batch histories', () => {
  it('has parent runs (one continued as new) and item workflows to replay', () => {
    assert.ok(files.filter((f) => f.startsWith('batchWorkflow_')).length >= 2, files.join(', '));
    assert.ok(files.filter((f) => f.startsWith('batchItemWorkflow_')).length >= 3, files.join(', '));
  });

  it('covers parent runs recorded before and after page-ahead reads (patch batch-page-ahead)', () => {
    const parents = files.filter((f) => f.startsWith('batchWorkflow_'));
    // The patch marker's payload is base64 JSON: {"id":"batch-page-ahead",…}.
    const marker = Buffer.from('{"id":"batch-page-ahead"').toString('base64').slice(0, 28);
    const patched = (file: string) => JSON.stringify(load(file)).includes(marker);
    assert.ok(parents.some(patched), 'a run with the patch');
    assert.ok(
      parents.some((file) => !patched(file)),
      'a run from before it',
    );
  });

  it('covers inline items (patch batch-inline-items): runs whose attempts are their own activities, no children', () => {
    const inline = files.filter((file) => file.startsWith('batchWorkflow_') && file.includes('_inline'));
    const marker = Buffer.from('{"id":"batch-inline-items"').toString('base64').slice(0, 28);
    assert.ok(inline.length >= 2, files.join(', '));
    assert.ok(
      inline.some((file) => file.includes('provider-batch')),
      'an inline batch with provider batches',
    );
    for (const file of inline) {
      const history = load(file);
      assert.ok(JSON.stringify(history).includes(marker), `${file}: the patch marker`);
      assert.ok(!history.events.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes), file);
    }
    assert.ok(
      inline.some((file) => load(file).events.some((e) => e.activityTaskScheduledEventAttributes)),
      'attempts as activities of the batch',
    );
  });

  it('covers a batch whose economy tier ran as provider batches, parent and items', () => {
    const recorded = files.filter((file) => file.includes('_provider-batch_'));
    assert.ok(
      recorded.some((file) => file.startsWith('batchWorkflow_')),
      recorded.join(', '),
    );
    const item = JSON.stringify(load('batchItemWorkflow_1.24.0_provider-batch_ok.json'));
    // The item's input carries where its batch answer is spooled (payloads are base64 JSON).
    const decoded = [...item.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) =>
      Buffer.from(m[1]!, 'base64').toString(),
    );
    assert.ok(
      decoded.some((text) => text.includes('spoolPath')),
      'the ok item went through the provider-batch path',
    );
  });

  it('every recorded history replays without a determinism violation', async () => {
    const histories = files.map((file) => ({ workflowId: workflowIds[file]!, history: load(file) }));
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      assert.equal(result.error, undefined, `${result.workflowId} (${result.runId}): ${String(result.error)}`);
      replayed++;
    }
    assert.equal(replayed, files.length);
  });

  it('a parent history whose children no longer match the code fails replay (the check can fail)', async () => {
    // A run with item workflows (inline runs start none).
    const file = files.find(
      (f) =>
        f.startsWith('batchWorkflow_') &&
        load(f).events.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes),
    )!;
    const history = load(file);
    const started = history.events.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes) as {
      startChildWorkflowExecutionInitiatedEventAttributes: { workflowType: { name: string } };
    };
    started.startChildWorkflowExecutionInitiatedEventAttributes.workflowType.name = 'someOtherWorkflow';
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowIds[file]),
      (error: unknown) => error instanceof DeterminismViolationError,
    );
  });
});
