/**
 * The pool of a run's side-by-side phase (unit-tested in test/unit/test-runner.test.ts with stand-in runs): whenever
 * a slot is free, it starts the first file in order whose needs are ready; it ends when every file ran, or at once
 * (leaving the rest unstarted) when the run is stopping.
 */
export interface PoolOptions<F> {
  concurrency: number;
  /** Slots taken by other work (bundling). */
  busy: () => number;
  canStart: (file: F) => boolean;
  stopping: () => boolean;
  /** Runs one file; never rejects (a file that cannot run is reported as failed). */
  run: (file: F) => Promise<void>;
}

export interface Pool {
  /** Call when something changed (a file ended, the server or the bundles became ready, the run is stopping). */
  wake(): void;
  /** Resolves once no file runs and none will start. */
  done: Promise<void>;
}

export function startPool<F>(files: F[], options: PoolOptions<F>): Pool {
  const pending = [...files];
  let running = 0;
  let finish = () => undefined as void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const wake = () => {
    if (options.stopping()) pending.length = 0;
    while (running < Math.max(1, options.concurrency - options.busy())) {
      const index = pending.findIndex(options.canStart);
      if (index < 0) break;
      const [file] = pending.splice(index, 1);
      running++;
      void options.run(file!).finally(() => {
        running--;
        wake();
      });
    }
    if (pending.length === 0 && running === 0) finish();
  };
  return { wake, done };
}
