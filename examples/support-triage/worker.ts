/**
 * A worker for the support-triage pipeline: the pipeline's workflows module, and the plugin on the worker's catalog,
 * which decides every step's route and adds llm-cascade's workflows to the bundle.
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Catalog } from '../../catalog/types';
import { CascadePlugin } from '../../worker/plugin';
import { TASK_QUEUE } from '../../workflows/definitions';

/** The workflows module of the pipeline's worker (its `workflowsPath`). */
export const PIPELINE_WORKFLOWS_PATH = require.resolve('./workflows');

export interface PipelineWorkerOptions {
  connection: NativeConnection;
  /** A loaded catalog or the path of a catalog file; it needs the pipeline's routes (see `pipelineCatalog`). */
  catalog: Catalog | string;
  namespace?: string;
  /** @default 'llm-cascade' */
  taskQueue?: string;
}

export function createPipelineWorker(options: PipelineWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowsPath: PIPELINE_WORKFLOWS_PATH,
    plugins: [new CascadePlugin({ catalog: options.catalog })],
  });
}
