/** The test runner's command line, the files under its roots, and the durations kept between runs. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Durations, Selection, TestFile } from './plan';

export interface RunnerArgs {
  roots: string[];
  selection: Selection;
  concurrency?: number;
  /** Print what would run (each file, its phase and process), run nothing. */
  list?: boolean;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunnerArgs {
  const roots: string[] = [];
  let selection: Selection = 'all';
  let list = false;
  let concurrency = env.LLM_CASCADE_TEST_CONCURRENCY ? Number(env.LLM_CASCADE_TEST_CONCURRENCY) : undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--fast' || arg === '--slow') selection = arg === '--fast' ? 'fast' : 'slow';
    else if (arg === '--list') list = true;
    else if (arg === '--concurrency') concurrency = Number(argv[++i]);
    else if (arg.startsWith('--concurrency=')) concurrency = Number(arg.slice('--concurrency='.length));
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg} (--fast, --slow, --list, --concurrency N)`);
    else roots.push(arg);
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new Error(`--concurrency / LLM_CASCADE_TEST_CONCURRENCY must be a whole number ≥ 1, not ${concurrency}`);
  }
  return { roots, selection, ...(concurrency !== undefined && { concurrency }), ...(list && { list }) };
}

/**
 * Files side by side: most wait on the server, timers and child processes rather than compute, so two per core, plus
 * one; at least 3. Measured on 2 cores: see docs/tests.md.
 */
export function defaultConcurrency(cores = availableParallelism()): number {
  return Math.max(3, cores * 2);
}

export function collectTestFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = `${path}/${entry.name}`;
      if (entry.isDirectory()) return collectTestFiles(child);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [child] : [];
    });
}

/**
 * Drops compiled files whose TypeScript source is gone (a test file moved or deleted since the last build: tsc leaves
 * its old output behind, which would otherwise run twice or run a test that no longer exists).
 */
export function withoutStaleOutput(files: TestFile[], projectRoot: string, warn: (line: string) => void): TestFile[] {
  return files.filter((file) => {
    if (file.name.startsWith('/')) return true; // not under lib/test: not ours to judge
    const source = `${projectRoot}/test/${file.name.replace(/\.js$/, '.ts')}`;
    if (existsSync(source)) return true;
    warn(
      `skipped lib/test/${file.name}: test/${file.name.replace(/\.js$/, '.ts')} is gone (stale build output; rm it)`,
    );
    return false;
  });
}

/**
 * Compiled modules (not test files: those are skipped above) whose TypeScript source is gone. tsc never deletes its
 * old output, so after a file moves into a folder of the same name (`workflows/definitions.ts` →
 * `workflows/definitions/index.ts`) the stale `definitions.js` still wins every `require('./definitions')`, and tests
 * fail far from the cause. The run refuses to start instead.
 */
export function staleModules(libDir: string, projectRoot: string): string[] {
  if (!existsSync(libDir)) return [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith('.js') && !entry.name.endsWith('.test.js') ? [path] : [];
    });
  return walk(libDir).filter((path) => {
    const source = `${projectRoot}/${path.slice(libDir.length + 1).replace(/\.js$/, '')}`;
    return !existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`);
  });
}

export function sourceSizes(files: TestFile[]): Record<string, number> {
  return Object.fromEntries(files.map((file) => [file.name, statSync(file.path).size]));
}

export function readDurations(path: string): Durations {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Durations;
  } catch {
    return {};
  }
}

/** Keeps each file's last duration (a partial run updates only its own files) for the next run's order. */
export function saveDurations(path: string, before: Durations, runs: { file: TestFile; durationMs: number }[]): void {
  const after = { ...before };
  for (const run of runs) after[run.file.name] = run.durationMs;
  writeFileSync(path, `${JSON.stringify(after, null, 2)}\n`);
}
