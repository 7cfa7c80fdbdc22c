// Replay tests — the support-triage pipeline's recorded history replayed against the example's current bundle; no server
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { pipelineBundle } from '../helpers/bundles';

/** Recorded by `RECORD_PIPELINE_HISTORY=1 node lib/test/run-tests.js lib/test/integration/pipeline.test.js`. */
const FIXTURES = resolve(__dirname, '../../../test/fixtures/pipeline');
const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));

function load(file: string) {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { events: Record<string, unknown>[] };
}

describe('replay of the recorded pipeline history', () => {
  let bundle: WorkflowBundleWithSourceMap;
  before(async () => {
    bundle = await pipelineBundle();
  });

  it('replays without a determinism violation: planning markers, four steps, their attempts', async () => {
    assert.ok(files.length >= 1, `no pipeline history in ${FIXTURES}`);
    for (const file of files) {
      const history = load(file);
      const markers = history.events.filter((e) => e.markerRecordedEventAttributes).length;
      assert.equal(markers, 4, `${file}: one planning marker per step`);
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, file);
    }
  });

  it('a history whose steps no longer match the code fails replay (the check can fail)', async () => {
    const history = load(files[0]!);
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes) as {
      activityTaskScheduledEventAttributes: { activityType: { name: string } };
    };
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, files[0]),
      (error: unknown) => error instanceof DeterminismViolationError,
    );
  });
});
