/**
 * A worker's more-tokens retry measurements start from the ledger store: the retries of the window that the store
 * holds (every worker's, before this process started), so a restart or a new worker does not pay again for the
 * retries that measured a model. Read once, in the background; a store that cannot be read leaves the measurements
 * empty (the rule then retries until it has measured again), never fails the worker.
 */
import type { RetryStats } from '../activities/cascade/retry-stats';
import type { LedgerTarget } from '../store/config';
import type * as LedgerStoreModule from '../store/store';
import { moreTokensRetries } from '../store/query/retries';

/** Reads the store's recent more-tokens retries into `stats`; resolves once done (or given up, with `warn` told). */
export async function seedRetryStats(
  target: LedgerTarget,
  stats: RetryStats,
  warn: (message: string) => void,
): Promise<void> {
  const until = Date.now();
  // Loaded only by a worker that keeps a store, like the writer (the drivers stay out of every other process).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { connectEngine } = require('../store/store') as typeof LedgerStoreModule;
  let engine: Awaited<ReturnType<typeof connectEngine>> | undefined;
  try {
    engine = await connectEngine(target);
    for (const retry of await moreTokensRetries(engine, until - stats.windowMs, until))
      stats.record(retry.ref, retry.ok, retry.atMs);
  } catch (error) {
    warn(`more-tokens retry measurements not read from the ledger store: ${String(error)}`);
  } finally {
    await engine?.close().catch(() => undefined);
  }
}
