// Pure unit tests — the test runner's rules: where a file belongs (serial, slow, what it needs), the order files start
// in, the command line, and what the summary says about a failure (test/runner/)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConcurrency, parseArgs } from '../runner/args';
import { describeFile, order, phases, select } from '../runner/plan';
import { startPool } from '../runner/schedule';
import { failed, failures, fileLine, formatDuration, summaryLines, type FinishedFile } from '../runner/summary';

const ROOT = '/p/lib/test';
const file = (name: string) => describeFile(`${ROOT}/${name}`, ROOT);

describe('describeFile', () => {
  it('unit files need nothing; integration files need the server and the bundles', () => {
    assert.deepEqual(
      { ...file('unit/decide.test.js'), path: undefined },
      {
        path: undefined,
        name: 'unit/decide.test.js',
        folder: 'unit',
        slow: false,
        serial: false,
        needsServer: false,
        needsBundles: false,
      },
    );
    const integration = file('integration/batch-run.test.js');
    assert.equal(integration.needsServer, true);
    assert.equal(integration.needsBundles, true);
  });
  it('replay needs the bundles but no server; package, activities and smoke (its own server) need neither', () => {
    assert.deepEqual(
      [file('replay/replay.test.js').needsServer, file('replay/replay.test.js').needsBundles],
      [false, true],
    );
    for (const name of ['package/package.test.js', 'activities/call-model.test.js', 'smoke/smoke.test.js']) {
      assert.deepEqual([file(name).needsServer, file(name).needsBundles], [false, false], name);
    }
  });
  it('browser, faults and smoke are slow; `.serial.test.js` is serial in any folder', () => {
    for (const name of ['browser/ui.test.js', 'faults/storm.test.js', 'smoke/smoke.test.js']) {
      assert.equal(file(name).slow, true, name);
    }
    assert.equal(file('integration/cli-dev.test.js').slow, false);
    assert.equal(file('faults/storm.serial.test.js').serial, true);
    assert.equal(file('integration/x.serial.test.js').serial, true);
    assert.equal(file('integration/serial.test.js').serial, false);
  });
  it('a file outside the test folder keeps its path and needs everything', () => {
    const outside = describeFile('/tmp/x/a.test.js', ROOT);
    assert.deepEqual([outside.name, outside.folder, outside.needsServer], ['/tmp/x/a.test.js', '', true]);
  });
});

describe('select and phases', () => {
  const files = ['unit/a.test.js', 'browser/b.test.js', 'faults/c.serial.test.js', 'integration/d.test.js'].map(file);
  it('--fast leaves the slow folders out, --slow keeps only them', () => {
    assert.deepEqual(
      select(files, 'fast').map((f) => f.name),
      ['unit/a.test.js', 'integration/d.test.js'],
    );
    assert.deepEqual(
      select(files, 'slow').map((f) => f.name),
      ['browser/b.test.js', 'faults/c.serial.test.js'],
    );
    assert.equal(select(files, 'all').length, 4);
  });
  it('serial files run in a phase of their own', () => {
    const { parallel, serial } = phases(files);
    assert.deepEqual(
      serial.map((f) => f.name),
      ['faults/c.serial.test.js'],
    );
    assert.equal(parallel.length, 3);
  });
});

describe('order', () => {
  const files = ['unit/a.test.js', 'integration/b.test.js', 'browser/c.test.js', 'integration/d.test.js'].map(file);
  it('with no history: slow suites, then server files (larger first), then the rest', () => {
    const sizes = { 'integration/b.test.js': 10, 'integration/d.test.js': 20 };
    assert.deepEqual(
      order(files, {}, sizes).map((f) => f.name),
      ['browser/c.test.js', 'integration/d.test.js', 'integration/b.test.js', 'unit/a.test.js'],
    );
  });
  it('with history: untimed (new) files first, then the longest', () => {
    const durations = { 'unit/a.test.js': 500, 'integration/b.test.js': 90_000, 'browser/c.test.js': 30_000 };
    assert.deepEqual(
      order(files, durations).map((f) => f.name),
      ['integration/d.test.js', 'integration/b.test.js', 'browser/c.test.js', 'unit/a.test.js'],
    );
  });
});

describe('parseArgs', () => {
  it('roots, the selection and the concurrency', () => {
    assert.deepEqual(parseArgs(['lib/test/unit', '--fast', '--concurrency', '2'], {}), {
      roots: ['lib/test/unit'],
      selection: 'fast',
      concurrency: 2,
    });
    assert.deepEqual(parseArgs(['--slow'], { LLM_CASCADE_TEST_CONCURRENCY: '5' }), {
      roots: [],
      selection: 'slow',
      concurrency: 5,
    });
  });
  it('an unknown option or a bad concurrency is an error that names the choices', () => {
    assert.throws(() => parseArgs(['--quick'], {}), /unknown option --quick \(--fast, --slow, --concurrency N\)/);
    assert.throws(() => parseArgs(['--concurrency=0'], {}), /whole number ≥ 1, not 0/);
    assert.throws(() => parseArgs([], { LLM_CASCADE_TEST_CONCURRENCY: 'many' }), /not NaN/);
  });
  it('the default concurrency: two per core, at least three', () => {
    assert.equal(defaultConcurrency(1), 3);
    assert.equal(defaultConcurrency(2), 4);
    assert.equal(defaultConcurrency(8), 16);
  });
});

describe('summary', () => {
  const passed: FinishedFile = {
    name: 'unit/a.test.js',
    folder: 'unit',
    code: 0,
    durationMs: 1_200,
    result: { tests: 3, pass: 3, fail: 0, cancelled: 0, skipped: 0, todo: 0, failures: [] },
  };
  const broken: FinishedFile = {
    name: 'integration/b.test.js',
    folder: 'integration',
    code: 1,
    durationMs: 95_000,
    result: {
      tests: 2,
      pass: 1,
      fail: 1,
      cancelled: 0,
      skipped: 0,
      todo: 0,
      failures: [{ title: 'batch › resumes', error: 'expected 3\nactual 2', location: '/p/b.test.js:10:3' }],
    },
  };
  const crashed: FinishedFile = { name: 'integration/c.test.js', folder: 'integration', code: 7, durationMs: 50 };

  it('durations read as seconds, then minutes', () => {
    assert.equal(formatDuration(1_234), '1.2 s');
    assert.equal(formatDuration(95_000), '1 min 35 s');
    assert.equal(formatDuration(605_400), '10 min 05 s');
  });
  it('a file fails on a failed test or on a bad exit with no failed test', () => {
    assert.equal(failed(passed), false);
    assert.equal(failed(broken), true);
    assert.equal(failed(crashed), true);
    assert.deepEqual(failures(crashed), [
      { title: '(the file itself)', error: 'node --test exited with code 7 and reported no failed test' },
    ]);
  });
  it('one line per file: its mark, tests and time', () => {
    assert.equal(fileLine(passed), '✔ unit/a.test.js  (3 tests, 1.2 s)');
    assert.equal(fileLine(broken), '✖ integration/b.test.js  (2 tests, 1 failed, 1 min 35 s)');
    assert.equal(fileLine(crashed), '✖ integration/c.test.js  (no report, 0.1 s)');
  });
  it('the summary names every failed file and test with its error, the phases and the wall time', () => {
    const text = summaryLines(
      [passed, broken, crashed],
      { totalMs: 300_000, serverMs: 3_000, bundlesMs: 12_000, parallelMs: 250_000, serialMs: 40_000, concurrency: 4 },
      'test-output/test-logs',
    ).join('\n');
    assert.match(text, /files: 3 \(1 passed, 2 failed\) · tests: 5 \(4 passed, 1 failed, 0 skipped, 0 todo\)/);
    assert.match(
      text,
      /setup dev server 3\.0 s, bundles 12\.0 s .* side by side 4 min 10 s \(4 at a time\) · serial 40\.0 s/,
    );
    assert.match(text, /time by folder \(sum of its files\): integration 1 min 35 s \(2\) · unit 1\.2 s \(1\)/);
    assert.match(
      text,
      / {2}✖ integration\/b\.test\.js › batch › resumes\n {6}expected 3\n {6}actual 2\n {6}at \/p\/b\.test\.js:10:3/,
    );
    assert.match(text, / {2}✖ integration\/c\.test\.js › \(the file itself\)/);
    assert.match(text, /✖ FAILED: wall time 5 min 00 s$/);
  });
  it('files that did not run fail the run', () => {
    const timings = { totalMs: 1_000, parallelMs: 1_000, serialMs: 0, concurrency: 4 };
    const text = summaryLines([passed], timings, 'logs', 2).join('\n');
    assert.match(text, /✖ 2 file\(s\) did not run/);
    assert.match(text, /✖ FAILED: wall time 1\.0 s$/);
    assert.match(summaryLines([passed], timings, 'logs').join('\n'), /✔ passed: wall time 1\.0 s$/);
  });
});

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
