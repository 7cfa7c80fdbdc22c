/**
 * Runs one job: a test file as `node --test <file>` (its own process, as node's runner does), or a group of pure files
 * in one process (load-files.ts), with the spec reporter's text captured (printed by the caller once the job is done,
 * so jobs running side by side never interleave) and the reporter of reporter.ts writing the counts and failures as
 * JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { takeChildCpuMs } from './cpu';
import { RESULT_FILE_ENV, type FileResult } from './file-result';
import type { TestJob } from './plan';

export interface FileRun {
  file: TestJob;
  /** Exit code of `node --test`; a signal counts as 128 + its number. */
  code: number;
  startedMs: number;
  durationMs: number;
  /** CPU time of its process and the children it waited for, ms (runner/cpu.ts); undefined off Linux. */
  cpuMs?: number;
  /** stdout and stderr, in the order they came. */
  output: string;
  /** The reporter's JSON; undefined when the process died before writing it. */
  result?: FileResult;
}

export interface RunFileOptions {
  env: NodeJS.ProcessEnv;
  /** A folder for the reporter's JSON. */
  scratch: string;
  /** node:test's per-test timeout, ms. */
  testTimeoutMs: number;
  /**
   * A group's limit as a whole, ms: node:test applies --test-timeout only under `node --test`, so a group's process
   * is killed after this instead.
   */
  groupTimeoutMs: number;
  /** Called with the child as soon as it exists (so an interrupted run can stop it). */
  onSpawn?: (child: ChildProcess) => void;
}

const REPORTER = join(__dirname, 'reporter.js');
const LOAD_FILES = join(__dirname, 'load-files.js');
const REPORTERS = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  `--test-reporter=${REPORTER}`,
  '--test-reporter-destination=stderr', // it writes nothing there: see reporter.ts
];

/** A job's name as a file name (its log, its result). */
export function slug(name: string): string {
  return name.replaceAll('/', '__').replace(/[^\w.-]+/g, '-');
}

/** The arguments of `node` for a job: `node --test` for a file alone, the loader for a group. */
export function nodeArgs(job: TestJob, testTimeoutMs: number, nodeVersion = process.versions.node): string[] {
  if (job.shared) return [...REPORTERS, LOAD_FILES, ...job.files.map((file) => file.path)];
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  // A test file that leaks a handle (an unclosed connection) would otherwise hang the run forever;
  // the flag exists from Node 20.14.
  const forceExit = major > 20 || (major === 20 && minor >= 14) ? ['--test-force-exit'] : [];
  return ['--test', ...REPORTERS, `--test-timeout=${testTimeoutMs}`, ...forceExit, job.path];
}

export function runFile(file: TestJob, options: RunFileOptions): Promise<FileRun> {
  const resultPath = join(options.scratch, `${slug(file.name)}.json`);
  const startedMs = Date.now();
  const child = spawn(process.execPath, nodeArgs(file, options.testTimeoutMs), {
    env: { ...options.env, [RESULT_FILE_ENV]: resultPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const limit = file.shared
    ? setTimeout(() => {
        chunks.push(Buffer.from(`\nkilled: the group ran longer than ${options.groupTimeoutMs / 1000} s\n`));
        child.kill('SIGKILL');
      }, options.groupTimeoutMs)
    : undefined;
  // Read as soon as the child is reaped ('exit'), before another child's exit can add to the counter.
  let cpuMs: number | undefined;
  child.once('exit', () => (cpuMs = takeChildCpuMs()));
  return new Promise((resolve) => {
    const done = (code: number) => {
      clearTimeout(limit);
      resolve({
        file,
        code,
        startedMs,
        durationMs: Date.now() - startedMs,
        ...(cpuMs !== undefined && { cpuMs }),
        output: Buffer.concat(chunks).toString('utf8'),
        result: readResult(resultPath),
      });
    };
    child.once('error', (error) => {
      chunks.push(Buffer.from(`could not start node --test: ${error.message}\n`));
      done(1);
    });
    child.once('close', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

function readResult(path: string): FileResult | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FileResult;
  } catch {
    return undefined; // cut short while writing: the exit code and the output say what happened
  }
}
