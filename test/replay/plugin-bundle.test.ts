// Bundle tests — CascadePlugin adds llm-cascade's workflows to a bundle of a user's own workflows module; no server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { PIPELINE_WORKFLOWS_PATH } from '../../examples/support-triage/worker';
import { CascadePlugin } from '../../worker/plugin';

const HISTORIES = resolve(__dirname, '../../../test/fixtures');
const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function history(file: string) {
  return JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')) as { events: Record<string, unknown>[] };
}

/** Replays recorded runs of llm-cascade's own workflows against a bundle of the pipeline's module. */
async function replay(plugins: CascadePlugin[]) {
  const bundle = await bundleWorkflowCode({ workflowsPath: PIPELINE_WORKFLOWS_PATH, logger: quiet, plugins });
  const runs = [
    'histories/cascadeWorkflow_1.24.0_planned-repair.json',
    'batch/batchItemWorkflow_1.24.0_ok.json',
    'batch/batchWorkflow_1.24.0_inline_run-1.json',
  ];
  const results = [];
  for (const file of runs) {
    results.push(
      await Worker.runReplayHistory({ workflowBundle: bundle }, history(file), file).then(
        () => 'replayed',
        (error: unknown) => String(error),
      ),
    );
  }
  return results;
}

describe('CascadePlugin bundles its workflows with yours', () => {
  it("with the plugin, a module holding only the pipeline runs llm-cascade's workflows, internal ones included", async () => {
    assert.deepEqual(await replay([new CascadePlugin()]), ['replayed', 'replayed', 'replayed']);
  });

  it('without it, the same module has none of them (the check can fail)', async () => {
    for (const result of await replay([])) assert.match(result, /no such function is exported by the workflow bundle/);
  });
});
