/** `llm-cascade worker`: a long-running worker for a config file's catalog. */
import { runWorkerFromConfig, type WorkerFlags } from '../worker-main';

export async function workerAction(flags: WorkerFlags & { shutdownGrace?: number }): Promise<void> {
  await runWorkerFromConfig({ ...flags, shutdownGraceMs: flags.shutdownGrace });
}
