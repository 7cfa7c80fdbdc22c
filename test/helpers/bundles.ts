/**
 * Workflow bundles for tests. `npm test` builds every bundle once, before the test files start (test/runner/bundles.ts),
 * and hands the folder to them in `LLM_CASCADE_TEST_PREBUILT_BUNDLES`: `workflowBundle()` (worker/bundle.ts) and
 * `pipelineBundle()` read it from there. A test file run on its own bundles once per process instead.
 */
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { PIPELINE_WORKFLOWS_PATH } from '../../examples/support-triage/worker';
import { PREBUILT_BUNDLES_ENV, quietBundlerLogger, readPrebuiltBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';

/** The support-triage pipeline's bundle in the prebuilt folder. */
export const PIPELINE_BUNDLE_FILE = 'pipeline.js';

let pipeline: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The support-triage example's workflows (llm-cascade's plus the pipeline), as its `workflowsPath` bundles them. */
export function pipelineBundle(): Promise<WorkflowBundleWithSourceMap> {
  const prebuilt = process.env[PREBUILT_BUNDLES_ENV];
  pipeline ??= prebuilt ? readPrebuiltBundle(prebuilt, PIPELINE_BUNDLE_FILE) : buildPipelineBundle();
  return pipeline;
}

export function buildPipelineBundle(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: PIPELINE_WORKFLOWS_PATH,
    logger: quietBundlerLogger,
    // The plugin adds llm-cascade's workflows to the bundle: the pipeline's module holds the pipeline only.
    plugins: [new CascadePlugin()],
  });
}
