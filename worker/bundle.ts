import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH, WORKFLOW_INTERCEPTORS_PATH } from '../codec/data-converter';
import { tracingWorkflowModules } from './tracing/interceptors';

/** Path of the module of every llm-cascade workflow (public and internal), for workers that run only ours. */
export const WORKFLOWS_PATH = require.resolve('../workflows/registered');

/**
 * Test-only: a folder of bundles that `npm test` (test/run-tests.ts) built once for the whole run, so the hundred
 * workers its test files and CLI children create read a file instead of each running webpack for seconds. Never set
 * it yourself: a bundle in that folder is what the tree looked like when the test run started.
 */
export const PREBUILT_BUNDLES_ENV = 'LLM_CASCADE_TEST_PREBUILT_BUNDLES';

export interface BundleVariant {
  /** A bundle whose failure converter encodes failure messages (encrypting workers). */
  encodeFailures?: boolean;
  /** A bundle with the OpenTelemetry workflow interceptors (tracing workers; never prebuilt by the test runner). */
  tracing?: boolean;
}

/** The file name of a variant's bundle in the {@link PREBUILT_BUNDLES_ENV} folder (its source map: `.map` after it). */
export function prebuiltBundleFile(options: BundleVariant = {}): string {
  return options.encodeFailures ? 'cascade-encode-failures.js' : 'cascade.js';
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles our workflows once per process. Webpack takes seconds on a small machine; a process that creates
 * several workers (tests, the demo, benchmarks) should pay that once. Encrypting workers need a second bundle whose
 * failure converter encodes failure messages (it runs inside the sandbox, so it is bundled, not passed).
 */
export function workflowBundle(options: BundleVariant = {}): Promise<WorkflowBundleWithSourceMap> {
  const key = `${options.encodeFailures ?? false}/${options.tracing ?? false}`;
  let bundle = bundles.get(key);
  if (!bundle) {
    const prebuilt = options.tracing ? undefined : process.env[PREBUILT_BUNDLES_ENV];
    bundle = prebuilt ? readPrebuiltBundle(prebuilt, prebuiltBundleFile(options)) : buildWorkflowBundle(options);
    bundles.set(key, bundle);
  }
  return bundle;
}

/** Runs webpack over our workflows (what {@link workflowBundle} caches; the test runner writes its result to files). */
export function buildWorkflowBundle(options: BundleVariant = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // Fails a workflow whose input this worker cannot decrypt, readably, instead of retrying its task forever.
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH, ...(options.tracing ? tracingWorkflowModules() : [])],
    failureConverterPath: options.encodeFailures ? FAILURE_CONVERTER_PATH : undefined,
    logger: quietBundlerLogger,
  });
}

/** A bundle the test runner wrote to `dir` (see {@link PREBUILT_BUNDLES_ENV}): its code and source map. */
export async function readPrebuiltBundle(dir: string, file: string): Promise<WorkflowBundleWithSourceMap> {
  const path = join(dir, file);
  try {
    return { code: readFileSync(path, 'utf8'), sourceMap: readFileSync(`${path}.map`, 'utf8') };
  } catch (error) {
    throw new Error(
      `${PREBUILT_BUNDLES_ENV}=${dir} holds no readable ${file} (${(error as Error).message}); ` +
        'only the test runner sets this variable: unset it',
      { cause: error },
    );
  }
}

/** Webpack's warnings and errors on stderr, nothing else (its info lines would fill every test's output). */
export const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};
