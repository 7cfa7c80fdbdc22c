// Pure unit tests — what the test runner prints: one line per file, and the summary that names each failed file and
// test with its error, the files that did not run, how to rerun them, and the time of each phase (test/runner/summary.ts)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  failed,
  failures,
  fileLine,
  filesToRerun,
  formatDuration,
  summaryLines,
  type FinishedFile,
} from '../runner/summary';
import { reapedCpuMs } from '../runner/cpu';

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
    assert.match(
      text,
      /to rerun one \(a file that failed or did not run\): npx tsc --build && node lib\/test\/run-tests\.js lib\/test\/integration\/b\.test\.js\n/,
    );
    assert.match(text, /or all of these: .* lib\/test\/integration\/b\.test\.js lib\/test\/integration\/c\.test\.js\n/);
  });
  it('a failed group names the member that failed, counts its members, and reruns only that one', () => {
    const member = (name: string) => ({ name, path: `/p/lib/test/${name}` });
    const group: FinishedFile = {
      name: 'unit/ (group 1 of 2: 3 files in one process)',
      folder: 'unit',
      code: 1,
      durationMs: 4_000,
      files: ['unit/a.test.js', 'unit/b.test.js', 'unit/c.test.js'].map(member),
      result: {
        ...passed.result!,
        tests: 9,
        pass: 8,
        fail: 1,
        failures: [{ title: 'b › rounds', error: 'off by one', location: '/p/lib/test/unit/b.test.js:7:5' }],
      },
    };
    const timings = { totalMs: 5_000, parallelMs: 5_000, serialMs: 0, concurrency: 4 };
    const text = summaryLines([group], timings, 'logs').join('\n');
    assert.match(text, / {2}✖ unit\/b\.test\.js › b › rounds\n/);
    assert.match(text, /files: 3 \(2 passed, 1 failed\) · tests: 9 \(8 passed, 1 failed/);
    assert.doesNotMatch(text, /slowest files/, 'a group is no file of its own');
    assert.match(text, /time by folder \(sum of its files\): unit 4\.0 s \(3\)/);
    assert.match(
      text,
      /rerun one \(a file that failed or did not run\): npx tsc --build && node lib\/test\/run-tests\.js lib\/test\/unit\/b\.test\.js\n/,
    );
    assert.doesNotMatch(text, /or all of these/);
    assert.deepEqual(filesToRerun({ ...group, result: undefined }), [
      'unit/a.test.js',
      'unit/b.test.js',
      'unit/c.test.js',
    ]);
  });
  it('files that did not run fail the run', () => {
    const timings = { totalMs: 1_000, parallelMs: 1_000, serialMs: 0, concurrency: 4 };
    const text = summaryLines([passed], timings, 'logs', ['integration/x.test.js', 'faults/y.serial.test.js']).join(
      '\n',
    );
    assert.match(text, /✖ 2 file\(s\) did not run \(the run stopped: see above\): integration\/x\.test\.js faults/);
    assert.match(
      text,
      /rerun one \(a file that failed or did not run\): npx tsc --build && node lib\/test\/run-tests\.js lib\/test\/integration\/x\.test\.js\n/,
    );
    assert.match(text, /✖ FAILED: wall time 1\.0 s$/);
    assert.match(summaryLines([passed], timings, 'logs').join('\n'), /✔ passed: wall time 1\.0 s$/);
  });
  it('a file with a CPU figure shows it, and the summary adds the CPU up against the cores over the wall time', () => {
    const busy: FinishedFile = { ...passed, name: 'integration/busy.test.js', durationMs: 30_000, cpuMs: 45_000 };
    const light: FinishedFile = { ...passed, cpuMs: 5_000 };
    const timings = { totalMs: 50_000, parallelMs: 50_000, serialMs: 0, concurrency: 4 };
    assert.equal(fileLine(busy), '✔ integration/busy.test.js  (3 tests, 30.0 s, 45.0 s CPU)');
    const text = summaryLines([busy, light], { ...timings, cores: 2 }, 'logs').join('\n');
    assert.match(
      text,
      /CPU of the files: 50\.0 s \(50 % of 2 cores over the wall time\) · most: integration\/busy\.test\.js 45\.0 s · unit\/a\.test\.js 5\.0 s/,
    );
    assert.doesNotMatch(summaryLines([passed], timings, 'logs').join('\n'), /CPU/);
  });
});

describe('CPU of the reaped children (runner/cpu.ts)', () => {
  it('reads cutime + cstime of a /proc stat line, a command name with spaces and parentheses included', () => {
    const stat = '4242 (node (x) y) S 1 2 3 0 -1 4194304 100 0 0 0 150 20 1234 66 20 0 1 0 37 3133440 410';
    assert.equal(reapedCpuMs(stat), 13_000);
    assert.equal(reapedCpuMs('4242 (node) S 1'), undefined);
  });
});
