/**
 * A node:test reporter for the test runner (`node --test --test-reporter=<this file>`): one JSON document with the
 * file's counts and each failed test's full title and error, so the run's summary can say which file and which test
 * failed without parsing the spec reporter's text. It writes the file named by `RESULT_FILE_ENV` itself, synchronously
 * after every finished test: `--test-force-exit` ends the process before a reporter's stream reaches its destination.
 */
import { writeFileSync } from 'node:fs';
import { RESULT_FILE_ENV, type FileResult } from './file-result';

interface TestEventData {
  name: string;
  nesting: number;
  file?: string;
  line?: number;
  column?: number;
  skip?: unknown;
  todo?: unknown;
  message?: string;
  details?: { duration_ms?: number; type?: string; error?: TestError };
}
interface TestError {
  message?: string;
  failureType?: string;
  cause?: unknown;
  /** A file whose process exited badly. */
  exitCode?: number | null;
  signal?: string | null;
}
interface TestEvent {
  type: string;
  data: TestEventData;
}

const COUNTS = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const;

async function* fileResultReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const path = process.env[RESULT_FILE_ENV];
  const titles: string[] = [];
  const result: FileResult = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0, failures: [] };
  const own = { ...result };
  let summarised = false;
  for await (const { type, data } of source) {
    if (type === 'test:start') titles[data.nesting] = data.name;
    if (type === 'test:diagnostic' && data.nesting === 0) {
      // The runner's own totals at the end ("tests 12", "fail 0"): the authority when present.
      const [key, value] = (data.message ?? '').split(' ');
      if ((COUNTS as readonly string[]).includes(key!) && value !== undefined && /^\d+$/.test(value)) {
        result[key as (typeof COUNTS)[number]] = Number(value);
        summarised = true;
      }
    }
    if (type === 'test:diagnostic' && summarised && path) writeFileSync(path, JSON.stringify(result));
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    titles[data.nesting] = data.name;
    titles.length = data.nesting + 1;
    const suite = data.details?.type === 'suite';
    if (!suite) {
      own.tests++;
      if (data.skip !== undefined && data.skip !== false) own.skipped++;
      else if (data.todo !== undefined && data.todo !== false) own.todo++;
      else if (type === 'test:pass') own.pass++;
      else if (data.details?.error?.failureType === 'cancelledByParent') own.cancelled++;
      else own.fail++;
    }
    const error = data.details?.error;
    // A suite fails because a test in it failed (reported already) or because of its own hook: keep the latter.
    const subtestsFailed = error?.failureType === 'subtestsFailed' || error?.failureType === 'cancelledByParent';
    if (type === 'test:fail' && !subtestsFailed) {
      result.failures.push({
        title: titles.filter((title) => title !== data.file).join(' › ') || (data.file ?? data.name),
        error: errorText(error),
        location: data.file ? `${data.file}:${data.line ?? 0}:${data.column ?? 0}` : undefined,
      });
    }
    if (!summarised) for (const key of COUNTS) result[key] = own[key];
    if (path) writeFileSync(path, JSON.stringify(result));
  }
  yield* [];
}

function errorText(error: TestError | undefined): string {
  // node:test wraps the assertion's error (`ERR_TEST_FAILURE`) and keeps it as the cause.
  const cause = error?.cause;
  const text =
    typeof cause === 'string'
      ? cause
      : cause && typeof cause === 'object' && 'message' in cause
        ? String(cause.message)
        : error?.message;
  const exit =
    error?.exitCode !== undefined && error.exitCode !== null && error.exitCode !== 0
      ? ` (the file's process exited with code ${error.exitCode})`
      : error?.signal
        ? ` (the file's process was killed by ${error.signal})`
        : '';
  return `${(text ?? 'failed').split('\n').slice(0, 12).join('\n')}${exit}`;
}

export = fileResultReporter;
