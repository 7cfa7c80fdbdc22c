/**
 * The workflow bundles of a test run, built once before the files that need them start: llm-cascade's workflows
 * (plain and with the encrypting failure converter) and the support-triage example's. Built in a child process (webpack
 * keeps a core busy for seconds; the runner meanwhile starts the dev server and the files that need neither) and
 * handed to every test file, and every worker they start, through `LLM_CASCADE_TEST_PREBUILT_BUNDLES`.
 *
 *   node lib/test/runner/bundles.js <folder>
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { buildWorkflowBundle, prebuiltBundleFile } from '../../worker/bundle';
import { takeChildCpuMs } from './cpu';
import { PIPELINE_BUNDLE_FILE, buildPipelineBundle } from '../helpers/bundles';

const BUILDS: [file: string, build: () => Promise<WorkflowBundleWithSourceMap>][] = [
  [prebuiltBundleFile(), () => buildWorkflowBundle()],
  [prebuiltBundleFile({ encodeFailures: true }), () => buildWorkflowBundle({ encodeFailures: true })],
  [PIPELINE_BUNDLE_FILE, buildPipelineBundle],
];

async function writeBundles(dir: string): Promise<void> {
  for (const [file, build] of BUILDS) {
    const bundle = await build();
    writeFileSync(join(dir, file), bundle.code);
    writeFileSync(join(dir, `${file}.map`), bundle.sourceMap);
  }
}

/** Builds every bundle into `dir` in a child process; rejects with webpack's output when a build fails. */
export function buildBundles(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    // Its CPU is the setup's, not the next file's to exit (runner/cpu.ts).
    child.once('exit', () => takeChildCpuMs());
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`bundling the workflows failed (exit ${code}):\n${output}`)),
    );
  });
}

if (require.main === module) {
  writeBundles(process.argv[2] ?? '.').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
