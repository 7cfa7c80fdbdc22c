// Pure unit tests — the test runner's pool: at most `concurrency` jobs at once, in order, each once what it needs is
// ready, nothing new once the run is stopping (test/runner/schedule.ts), with stand-in runs the test ends itself
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPool } from '../runner/schedule';

describe('startPool', () => {
  /** Stand-in runs that end when the test says so; records what ran when. */
  function harness(options: { concurrency: number; busy?: () => number; canStart?: (f: string) => boolean }) {
    const started: string[] = [];
    const ends = new Map<string, () => void>();
    let stopping = false;
    const pool = startPool(['a', 'b', 'c', 'd'], {
      concurrency: options.concurrency,
      busy: options.busy ?? (() => 0),
      canStart: options.canStart ?? (() => true),
      stopping: () => stopping,
      run: (file) =>
        new Promise<void>((resolve) => {
          started.push(file);
          ends.set(file, resolve);
        }),
    });
    const end = async (file: string) => {
      ends.get(file)!();
      await new Promise((resolve) => setImmediate(resolve));
    };
    return { pool, started, end, stop: () => (stopping = true) };
  }

  it('runs at most `concurrency` files, in order, starting the next as one ends', async () => {
    const { pool, started, end } = harness({ concurrency: 2 });
    pool.wake();
    assert.deepEqual(started, ['a', 'b']);
    await end('b');
    assert.deepEqual(started, ['a', 'b', 'c']);
    for (const file of ['a', 'c']) await end(file);
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
    await end('d');
    await pool.done;
  });

  it('a file waits for its needs; other work takes slots; a waiting file does not hold up the next', async () => {
    let serverReady = false;
    let bundling = 1;
    const { pool, started, end } = harness({
      concurrency: 2,
      busy: () => bundling,
      canStart: (file) => file === 'c' || serverReady,
    });
    pool.wake();
    assert.deepEqual(started, ['c'], 'one slot taken by bundling; a and b wait for the server');
    bundling = 0;
    serverReady = true;
    pool.wake();
    assert.deepEqual(started, ['c', 'a']);
    for (const file of ['c', 'a', 'b', 'd']) await end(file);
    await pool.done;
  });

  it('stopping starts nothing more and ends once the running files end', async () => {
    const { pool, started, end, stop } = harness({ concurrency: 1 });
    pool.wake();
    stop();
    await end('a');
    await pool.done;
    assert.deepEqual(started, ['a']);
  });
});
