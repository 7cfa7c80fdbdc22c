/**
 * Runs one test file as `node --test <file>` (its own process, as node's runner does), with the spec reporter's text
 * captured (printed by the caller once the file is done, so files running side by side never interleave) and the
 * reporter of reporter.ts writing the file's counts and failures as JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { RESULT_FILE_ENV, type FileResult } from './file-result';
import type { TestFile } from './plan';

export interface FileRun {
  file: TestFile;
  /** Exit code of `node --test`; a signal counts as 128 + its number. */
  code: number;
  startedMs: number;
  durationMs: number;
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
  /** Called with the child as soon as it exists (so an interrupted run can stop it). */
  onSpawn?: (child: ChildProcess) => void;
}

const REPORTER = join(__dirname, 'reporter.js');

export function nodeTestArgs(file: string, testTimeoutMs: number): string[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  // A test file that leaks a handle (an unclosed connection) would otherwise hang the run forever;
  // the flag exists from Node 20.14.
  const forceExit = major > 20 || (major === 20 && minor >= 14) ? ['--test-force-exit'] : [];
  return [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${REPORTER}`,
    '--test-reporter-destination=stderr', // it writes nothing there: see reporter.ts
    `--test-timeout=${testTimeoutMs}`,
    ...forceExit,
    file,
  ];
}

export function runFile(file: TestFile, options: RunFileOptions): Promise<FileRun> {
  const resultPath = join(options.scratch, `${file.name.replaceAll('/', '__')}.json`);
  const startedMs = Date.now();
  const child = spawn(process.execPath, nodeTestArgs(file.path, options.testTimeoutMs), {
    env: { ...options.env, [RESULT_FILE_ENV]: resultPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    const done = (code: number) =>
      resolve({
        file,
        code,
        startedMs,
        durationMs: Date.now() - startedMs,
        output: Buffer.concat(chunks).toString('utf8'),
        result: readResult(resultPath),
      });
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
