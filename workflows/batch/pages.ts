/** The batch's reads of its input: the count (progress only) and the pages of item refs, into the loop's state. */
import { ActivityFailure, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/batch/io';
import type { BatchInput } from './definitions';
import type { LoopState } from './loop';
import { DEFAULT_PAGE_SIZE } from './state';

const { countBatchItems, readBatchPage } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Reads into `loop`; a read that fails sets `loop.readFailed` instead of throwing (see `unreadable`). */
export class PageReader {
  /** The count is running. */
  counting = false;
  private error: unknown;

  constructor(
    private readonly input: BatchInput,
    private readonly loop: LoopState,
  ) {}

  /** Counts the input's items and those already recorded; `then` runs once they are in the state. */
  count(then: () => void): Promise<void> {
    const { input, loop } = this;
    this.counting = true;
    return countBatchItems({ source: input.source, outputs: input.outputs, retryFailed: input.retryFailed })
      .then(
        (counts) => {
          loop.carried.total = counts.total;
          loop.carried.alreadyDone = counts.alreadyDone;
          then();
        },
        (error: unknown) => {
          this.fail(error);
          throw error;
        },
      )
      .finally(() => (this.counting = false));
  }

  /** Reads the page at the cursor into the queue and moves the cursor past it. */
  async read(): Promise<void> {
    const { input, loop } = this;
    loop.reading = true;
    try {
      const page = await readBatchPage({
        source: input.source,
        outputs: input.outputs,
        cursor: loop.carried.cursor,
        pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
        retryFailed: input.retryFailed,
      });
      loop.queue.push(...page.items);
      loop.carried.cursor = page.next;
      loop.carried.exhausted = page.exhausted;
      loop.carried.totals.skipped += page.skipped;
    } catch (error) {
      this.fail(error);
    } finally {
      loop.reading = false;
    }
  }

  /** The read that failed for good (an activity failure), if any; anything else that ended a read is rethrown. */
  unreadable(): Error | undefined {
    if (!this.loop.readFailed) return undefined;
    if (isCancellation(this.error) || !(this.error instanceof ActivityFailure)) throw this.error;
    return this.error;
  }

  private fail(error: unknown): void {
    this.error ??= error;
    this.loop.readFailed = true;
  }
}
