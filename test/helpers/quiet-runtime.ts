import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** Keeps the SDK's INFO chatter (worker state changes) out of test output; warnings and errors still show. */
export function quietRuntime(): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already instantiated by an earlier connection in this process: keep its logger.
  }
}
