/** `llm-cascade worker`: a long-running worker for a config file's catalog. */
import { runWorkerFromConfig, type WorkerFlags } from '../worker-main';

export async function workerAction(flags: WorkerFlags & { shutdownGrace?: number }): Promise<void> {
  await runWorkerFromConfig({ ...flags, shutdownGraceMs: flags.shutdownGrace });
}

/** Resolves with the first SIGINT or SIGTERM. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
