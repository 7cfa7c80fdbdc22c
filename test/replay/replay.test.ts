// Replay tests — recorded histories replayed against the current workflow bundle; no server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/histories');
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

function load(file: string) {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { events: Record<string, unknown>[] };
}

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    assert.ok(files.length >= 3, `expected at least 3 histories in ${FIXTURES}, found ${files.length}`);
  });

  it('agent jobs are recorded across continue-as-new, before the claim check and since (its patch marker)', () => {
    // `call-id`: recorded by the pure loop, whose tool activities carry each call's stable id.
    for (const label of ['inline', 'claim-check', 'call-id']) {
      const runs = files.filter((f) => f.startsWith(`agentWorkflow_1.24.0_${label}_run-`));
      assert.ok(runs.length >= 2, `${label}: ${runs.length} runs recorded`);
      const markers = load(runs[0]!).events.flatMap((e) => {
        const marker = e.markerRecordedEventAttributes as { markerName?: string } | undefined;
        return marker?.markerName ? [marker.markerName] : [];
      });
      assert.equal(markers.includes('core_patch'), label !== 'inline', `${label}: ${markers.join(', ')}`);
    }
  });

  it('every recorded history replays without a determinism violation', async () => {
    const histories = files.map((file) => ({ workflowId: file, history: load(file) }));
    const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories);
    let replayed = 0;
    for await (const result of results) {
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
      replayed++;
    }
    assert.equal(replayed, files.length);
  });

  it("every recorded history replays with tracing on too (spans make no commands: Temporal's and ours)", async () => {
    const histories = files.map((file) => ({ workflowId: file, history: load(file) }));
    // Nothing is exported on replay (the sandbox's span sink is not called then): the endpoint is never reached.
    const plugin = new CascadePlugin({ telemetry: { otlpEndpoint: 'http://127.0.0.1:9' } });
    const workflowBundleTraced = await workflowBundle({ tracing: true });
    const results = Worker.runReplayHistories({ workflowBundle: workflowBundleTraced, plugins: [plugin] }, histories);
    let replayed = 0;
    for await (const result of results) {
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
      replayed++;
    }
    assert.equal(replayed, files.length);
    await plugin.tracing!.shutdown();
  });

  it('a history whose attempts no longer match the code fails replay (the check can fail)', async () => {
    const history = load(files[0]!);
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes) as {
      activityTaskScheduledEventAttributes: { activityType: { name: string } };
    };
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history),
      (error: unknown) => error instanceof DeterminismViolationError,
    );
  });
});
