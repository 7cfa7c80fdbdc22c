// Pure unit tests — the test runner's rules: where a file belongs (serial, slow, shared, what it needs), the groups
// and order jobs start in, the command line (test/runner/; the summary and the pool: test-runner-summary.test.ts,
// test-runner-pool.test.ts)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConcurrency, parseArgs, staleModules } from '../runner/args';
import { describeFile, jobs, listing, order, phases, select } from '../runner/plan';
import { nodeArgs } from '../runner/run-file';

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
        shared: true,
      },
    );
    const integration = file('integration/batch-run.test.js');
    assert.equal(integration.needsServer, true);
    assert.equal(integration.needsBundles, true);
    assert.equal(integration.shared, false);
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

describe('jobs', () => {
  const unit = Array.from({ length: 20 }, (_, i) => file(`unit/u${String(i).padStart(2, '0')}.test.js`));
  const others = [file('integration/a.test.js'), file('unit/v.serial.test.js'), file('package/p.test.js')];
  const sizes = Object.fromEntries(unit.map((f, i) => [f.name, (i + 1) * 100]));

  it('each unshared file alone; the pure ones in groups of at least 8, no more groups than slots', () => {
    const all = jobs([...unit, ...others], 4, sizes);
    const groups = all.filter((job) => job.files.length > 1);
    assert.equal(groups.length, 3, '20 files: 3 groups (of 8 at least), though 4 slots');
    assert.deepEqual(
      all.filter((job) => job.files.length === 1).map((job) => [job.name, job.shared]),
      [
        ['integration/a.test.js', false],
        ['unit/v.serial.test.js', false],
        ['package/p.test.js', false],
      ],
      'a serial unit file runs alone, in the serial phase',
    );
    assert.deepEqual(
      groups.flatMap((group) => group.files.map((f) => f.name)).sort(),
      unit.map((f) => f.name),
      'every pure file in exactly one group',
    );
    const weights = groups.map((group) => group.files.reduce((n, f) => n + sizes[f.name]!, 0));
    assert.ok(Math.max(...weights) - Math.min(...weights) <= 2_000, `balanced by size: ${weights.join(', ')}`);
    assert.match(groups[0]!.name, /^unit\/ \(group 1 of 3: \d+ files in one process\)$/);
    assert.deepEqual([groups[0]!.shared, groups[0]!.needsServer, groups[0]!.needsBundles], [true, false, false]);
  });
  it('--list: every file once, serial ones last, each with how it runs', () => {
    const lines = listing(jobs([...others, ...unit], 2, sizes));
    assert.equal(lines.length, unit.length + others.length);
    assert.match(lines.at(-1)!, /^unit\/v\.serial\.test\.js {2}\[serial \(alone, after the rest\), own process\]$/);
    assert.ok(lines.includes('integration/a.test.js  [side by side, own process, server, bundles]'));
    assert.match(
      lines[0]!,
      /^unit\/u\d\d\.test\.js {2}\[side by side, in unit\/ \(group 1 of 2: 10 files in one process\)\]$/,
    );
  });
  it('a few pure files: one group; one pure file keeps its name; one slot: one group', () => {
    assert.equal(jobs(unit.slice(0, 5), 4).length, 1);
    assert.deepEqual(
      jobs(unit.slice(0, 1), 4).map((job) => [job.name, job.shared]),
      [['unit/u00.test.js', true]],
    );
    assert.equal(jobs(unit, 1).length, 1);
  });
  it('a file alone runs under `node --test` with the timeout; a group through the loader, every member named', () => {
    const [alone] = jobs([file('integration/a.test.js')], 4);
    const args = nodeArgs(alone!, 1_000, '20.20.2');
    assert.deepEqual(args.slice(0, 1), ['--test']);
    assert.ok(args.includes('--test-timeout=1000') && args.includes('--test-force-exit'));
    assert.equal(args.at(-1), `${ROOT}/integration/a.test.js`);
    assert.ok(!nodeArgs(alone!, 1_000, '20.11.0').includes('--test-force-exit'), 'no such flag before 20.14');
    const [group] = jobs(unit.slice(0, 3), 4);
    const groupArgs = nodeArgs(group!, 1_000);
    assert.ok(!groupArgs.includes('--test'));
    assert.match(groupArgs[4]!, /load-files\.js$/);
    assert.deepEqual(
      groupArgs.slice(5),
      unit.slice(0, 3).map((f) => f.path),
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
    assert.deepEqual(parseArgs(['--list'], {}), { roots: [], selection: 'all', list: true });
    assert.deepEqual(parseArgs(['--slow'], { LLM_CASCADE_TEST_CONCURRENCY: '5' }), {
      roots: [],
      selection: 'slow',
      concurrency: 5,
    });
  });
  it('an unknown option or a bad concurrency is an error that names the choices', () => {
    assert.throws(
      () => parseArgs(['--quick'], {}),
      /unknown option --quick \(--fast, --slow, --list, --concurrency N\)/,
    );
    assert.throws(() => parseArgs(['--concurrency=0'], {}), /whole number ≥ 1, not 0/);
    assert.throws(() => parseArgs([], { LLM_CASCADE_TEST_CONCURRENCY: 'many' }), /not NaN/);
  });
  it('the default concurrency: two per core, at least three', () => {
    assert.equal(defaultConcurrency(1), 3);
    assert.equal(defaultConcurrency(2), 4);
    assert.equal(defaultConcurrency(8), 16);
  });
});

describe('staleModules', () => {
  it('names compiled modules whose source is gone (a file moved into a folder of its name), not test files', () => {
    const root = mkdtempSync(join(tmpdir(), 'llm-cascade-stale-'));
    try {
      const put = (path: string) => {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), '');
      };
      ['workflows/definitions/index.ts', 'test/unit/a.test.ts'].forEach(put);
      ['lib/workflows/definitions/index.js', 'lib/workflows/definitions.js', 'lib/test/unit/gone.test.js'].forEach(put);
      assert.deepEqual(staleModules(join(root, 'lib'), root), [join(root, 'lib/workflows/definitions.js')]);
      assert.deepEqual(staleModules(join(root, 'nothing-built'), root), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
