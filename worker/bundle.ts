import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH, WORKFLOW_INTERCEPTORS_PATH } from '../codec/data-converter';

/** Path of the module of every llm-cascade workflow (public and internal), for workers that run only ours. */
export const WORKFLOWS_PATH = require.resolve('../workflows/registered');

const bundles = new Map<boolean, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles our workflows once per process. Webpack takes seconds on a small machine; a process that creates
 * several workers (tests, the demo, benchmarks) should pay that once. Encrypting workers need a second bundle whose
 * failure converter encodes failure messages (it runs inside the sandbox, so it is bundled, not passed).
 */
export function workflowBundle(options: { encodeFailures?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const encodeFailures = options.encodeFailures ?? false;
  let bundle = bundles.get(encodeFailures);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      // Fails a workflow whose input this worker cannot decrypt, readably, instead of retrying its task forever.
      workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
      failureConverterPath: encodeFailures ? FAILURE_CONVERTER_PATH : undefined,
      logger: quietLogger,
    });
    bundles.set(encodeFailures, bundle);
  }
  return bundle;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};
