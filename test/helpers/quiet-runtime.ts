import { appendFileSync, mkdirSync } from 'node:fs';
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';

let installed = false;

/** Where the workers of the tests log their warnings (failed activities a test provoked on purpose, etc.). */
export const TEST_LOG_FILE = 'test-output/test-warnings.log';

/**
 * A logger for tests: the SDK's INFO chatter is dropped, and warnings and errors go to `TEST_LOG_FILE` instead of the
 * test output (most are failures a test provokes on purpose; an assertion that fails still says what went wrong).
 * `LLM_CASCADE_TEST_LOGS=1` prints them on stderr instead.
 */
export function testLogger(): DefaultLogger {
  const toStderr = process.env.LLM_CASCADE_TEST_LOGS === '1';
  if (!toStderr) mkdirSync('test-output', { recursive: true });
  return new DefaultLogger('WARN', (entry: LogEntry) => {
    const meta = entry.meta
      ? ` ${JSON.stringify(entry.meta, (_key, value: unknown) => (value instanceof Error ? value.message : value))}`
      : '';
    const line = `${new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString()} [${entry.level}] ${entry.message}${meta}\n`;
    if (toStderr) process.stderr.write(line);
    else appendFileSync(TEST_LOG_FILE, line);
  });
}

/** Installs the test logger (and keeps core's gRPC retry warnings out) unless a runtime already exists. */
export function quietRuntime(): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({
      logger: testLogger(),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
  } catch {
    // Already instantiated by an earlier connection in this process: keep its logger.
  }
}
