/**
 * The worker process's Temporal Runtime: logs as one JSON object per line (so a log pipeline can ingest the
 * per-attempt `llm_attempt` records) and, optionally, a Prometheus endpoint with the SDK's and our metrics.
 * Must run before any connection or worker is created in the process.
 */
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import { METRICS } from '../activities/cascade/telemetry';
import { redactSecrets } from '../catalog/redact';

export interface RuntimeOptions {
  /** Serve Prometheus metrics on 127.0.0.1:<port>. */
  metricsPort?: number;
  /** @default 'INFO' */
  logLevel?: LogLevel;
  /** Where log lines go. @default process.stderr */
  write?: (line: string) => void;
}

/**
 * Bucket bounds (ms) of the attempt latency histogram. Core's default buckets stop at 10 s, but premium models
 * routinely take 10–60 s per answer: without these, every slow call lands in `+Inf` and p95 reads as 10 s.
 */
export const ATTEMPT_LATENCY_BUCKETS_MS = [
  100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000,
];

export function installRuntime(options: RuntimeOptions = {}): void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const logger = new DefaultLogger(options.logLevel ?? 'INFO', (entry) => write(`${logLine(entry)}\n`));
  Runtime.install({
    logger,
    telemetryOptions: options.metricsPort
      ? {
          metrics: {
            prometheus: {
              bindAddress: `127.0.0.1:${options.metricsPort}`,
              histogramBucketOverrides: { [METRICS.latency]: ATTEMPT_LATENCY_BUCKETS_MS },
            },
          },
        }
      : undefined,
  });
}

/**
 * One log entry as one JSON line: `time`, `level`, `message`, then the Temporal logger's meta (workflow id,
 * activity type…) and our own fields, flat. Errors keep their message and stack (JSON.stringify would reduce
 * an Error to `{}`), bigints become strings (JSON.stringify would throw and lose the line).
 */
export function logLine(entry: LogEntry): string {
  const { message, level, timestampNanos, meta } = entry;
  const record = { time: new Date(Number(timestampNanos / 1_000_000n)).toISOString(), level, message, ...meta };
  // Last line of defence: whatever a log call was handed, no key value or key-shaped string leaves the process.
  return redactSecrets(JSON.stringify(record, jsonSafe));
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const { name, message, stack } = value;
    // Own enumerable fields too: ApplicationFailure's type/details, an APIError's status, a cause chain.
    return { ...value, name, message, stack, ...(value.cause !== undefined ? { cause: value.cause } : {}) };
  }
  return value;
}
