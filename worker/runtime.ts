/**
 * The worker process's Temporal Runtime: logs as one JSON object per line (so a log pipeline can ingest the
 * per-attempt `llm_attempt` records) and, optionally, a Prometheus endpoint with the SDK's and our metrics.
 * Must run before any connection or worker is created in the process.
 */
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import { METRICS } from '../activities/cascade/telemetry';
import { redactSecrets } from '../catalog/redact';

export interface RuntimeOptions {
  /** Serve Prometheus metrics on `<metricsHost>:<port>`. */
  metricsPort?: number;
  /** Interface the metrics endpoint binds. @default '127.0.0.1' (loopback: give '0.0.0.0' for a scraper elsewhere) */
  metricsHost?: string;
  /** @default 'INFO' */
  logLevel?: LogLevel;
  /** Where log lines go. @default process.stderr */
  write?: (line: string) => void;
  /**
   * `json`: one JSON object per line, every field (for log pipelines and `--log-file`); `text`: one short line per
   * entry for a person at a terminal (`warn: Activity failed (callModel): …`), no task tokens, no stacks.
   * @default 'json'
   */
  format?: 'json' | 'text';
  /** Entries not to write at all, e.g. the SDK's "Workflow failed" where the caller prints the failure itself. */
  skip?: (entry: LogEntry) => boolean;
}

/**
 * Bucket bounds (ms) of the attempt latency histogram. Core's default buckets stop at 10 s, but premium models
 * routinely take 10–60 s per answer: without these, every slow call lands in `+Inf` and p95 reads as 10 s.
 */
export const ATTEMPT_LATENCY_BUCKETS_MS = [
  100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000,
];

/** How often this process's workers heartbeat (see `worker/queue-workers.ts`). */
export const WORKER_HEARTBEAT_INTERVAL = '10s';

export function installRuntime(options: RuntimeOptions = {}): void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const text = textLines();
  const format = options.format === 'text' ? text : logLine;
  const logger = new DefaultLogger(options.logLevel ?? 'INFO', (entry) => {
    if (options.skip?.(entry)) return;
    const line = format(entry);
    if (line !== undefined) write(`${line}\n`);
  });
  Runtime.install({
    logger,
    // Workers heartbeat to the server (ListWorkers): who polls a queue with which catalog, and whether a worker that
    // polled lately is still running. 10 s instead of the SDK's 60 s, so a worker joining a queue learns it soon.
    workerHeartbeatInterval: WORKER_HEARTBEAT_INTERVAL,
    telemetryOptions: options.metricsPort
      ? {
          metrics: {
            prometheus: {
              bindAddress: `${bindHost(options.metricsHost ?? '127.0.0.1')}:${options.metricsPort}`,
              histogramBucketOverrides: { [METRICS.latency]: ATTEMPT_LATENCY_BUCKETS_MS },
            },
          },
        }
      : undefined,
  });
}

/** An IPv6 address in brackets, as a socket address needs it (`[::]:9464`). */
function bindHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
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

/** Longest text log line: a person reads these at a terminal; the whole record is in the JSON format. */
const MAX_TEXT_LINE = 300;

/**
 * A formatter of one short line per entry: `warn: <message> (<activity or workflow type>): <error or outcome>`.
 * Drops the SDK's "Activity failed" line that repeats the error of the attempt record just before it.
 */
export function textLines(): (entry: LogEntry) => string | undefined {
  let lastError: string | undefined;
  // A provider that stays down repeats the same warning on every retry: print it once, then at ×10, ×100…
  const seen = new Map<string, number>();
  const once = (line: string): string | undefined => {
    const count = (seen.get(line) ?? 0) + 1;
    seen.set(line, count);
    if (count === 1) return line;
    return /^10+$/.test(String(count)) ? `${line} (×${count})` : undefined;
  };
  const format = (entry: LogEntry): string | undefined => {
    const meta = (entry.meta ?? {}) as Record<string, unknown>;
    const error = errorText(meta.error);
    if (meta.event === 'llm_attempt') {
      lastError = typeof meta.error === 'string' ? meta.error : undefined;
      const what = [meta.tier, meta.model, meta.outcome].filter((part) => typeof part === 'string').join(' ');
      return clip(`${entry.level.toLowerCase()}: ${entry.message} ${what}${lastError ? `: ${lastError}` : ''}`);
    }
    if (error !== undefined && error === lastError) return undefined;
    lastError = undefined;
    const where = meta.activityType ?? meta.workflowType;
    return clip(
      `${entry.level.toLowerCase()}: ${entry.message}${typeof where === 'string' ? ` (${where})` : ''}${error ? `: ${error}` : ''}`,
    );
  };
  return (entry) => {
    const line = format(entry);
    return line === undefined ? undefined : once(line);
  };
}

function errorText(error: unknown): string | undefined {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : undefined;
}

function clip(line: string): string {
  const flat = line.replace(/\s*\n\s*/g, ' ');
  return flat.length > MAX_TEXT_LINE ? `${flat.slice(0, MAX_TEXT_LINE - 1)}…` : flat;
}
