/** A worker for the bare-Temporal baselines, with the same settings the cascade worker gets. */
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { runWorker, type RunningWorker, type TemporalEnv, type WorkerTuning } from '../setup/temporal-env';
import { baselineActivities } from './noop-activities';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

const quiet = () => undefined;

/** The baselines' own bundle (built once per process). */
function baselineBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('./noop-workflows'),
    logger: {
      log: quiet,
      trace: quiet,
      debug: quiet,
      info: quiet,
      warn: quiet,
      error: (m) => process.stderr.write(`[bundler] ${m}\n`),
    },
  });
  return bundle;
}

export async function startBaselineWorker(
  env: TemporalEnv,
  taskQueue: string,
  tuning: WorkerTuning = {},
): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: env.native,
    taskQueue,
    workflowBundle: await baselineBundle(),
    activities: baselineActivities,
    maxConcurrentActivityTaskExecutions: 50,
    ...tuning,
  });
  return runWorker(worker);
}
