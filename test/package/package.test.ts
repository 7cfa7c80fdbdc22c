// Package test — what `npm pack` ships: the library and its CLI, a LICENSE, no tests or benchmarks, and every
// relative require of a shipped module resolves to another shipped file (nothing depends on what was left out).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = resolve(__dirname, '../../..');

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
}

describe('npm package', () => {
  const files = packedFiles();
  const shipped = new Set(files);

  it('ships the library, the CLI, the default catalog, the pipeline example, the Grafana dashboard and a LICENSE, without tests, benchmarks or source maps', () => {
    for (const needed of [
      'LICENSE',
      'README.md',
      'bin/llm-cascade.js',
      'lib/index.js',
      'lib/index.d.ts',
      'lib/workflows/index.js',
      'lib/cli/main.js',
      'lib/catalog/default-catalog.json',
      // `demo --pipeline` runs it from an install too.
      'lib/examples/support-triage/demo.js',
      // The Grafana dashboard for the worker's metrics (docs/metrics.md).
      'dashboards/llm-cascade.json',
      // The page `llm-cascade dashboard` serves (its chart library is the uplot dependency).
      'cli/dashboard/public/index.html',
      'cli/dashboard/public/app.js',
    ]) {
      assert.ok(shipped.has(needed), `the package must contain ${needed}`);
    }
    const unwanted = files.filter((file) => /^lib\/(test|bench)\/|\.map$|\.ts$(?<!\.d\.ts)/.test(file));
    assert.deepEqual(unwanted, []);
  });

  it('ships only the example the CLI runs (support-triage, for `demo --pipeline`); the others are read in the repo', () => {
    const examples = files.filter((file) => file.startsWith('lib/examples/'));
    assert.ok(examples.length > 0);
    assert.deepEqual(
      examples.filter((file) => !file.startsWith('lib/examples/support-triage/')),
      [],
    );
  });

  it('every compiled module it ships has its source (nothing stale from a moved file); `prepack` checks the same', () => {
    const orphans = files
      .filter((file) => file.startsWith('lib/') && file.endsWith('.js'))
      .filter((file) => !existsSync(join(ROOT, file.slice('lib/'.length).replace(/\.js$/, '.ts'))));
    assert.deepEqual(orphans, []);
    assert.match(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
        .prepack!,
      /check-stale/,
    );
  });

  it('every relative require of a shipped module resolves inside the package', () => {
    const missing: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(ROOT, file), 'utf8');
      for (const [, spec] of code.matchAll(/require\("(\.{1,2}\/[^"]*)"\)/g)) {
        const base = posix.normalize(posix.join(posix.dirname(file), spec!));
        const candidates = [base, `${base}.js`, `${base}/index.js`, `${base}.json`];
        if (!candidates.some((c) => shipped.has(c))) missing.push(`${file} → ${spec}`);
      }
    }
    assert.deepEqual(missing, [], 'modules the package needs but does not ship');
  });
});
