/**
 * The worker process's Temporal Runtime: logs as one JSON object per line (so a log pipeline can ingest the
 * per-attempt `llm_attempt` records) and, optionally, a Prometheus endpoint with the SDK's and our metrics.
 * Must run before any connection or worker is created in the process.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

export interface RuntimeOptions {
  /** Serve Prometheus metrics on 127.0.0.1:<port>. */
  metricsPort?: number;
  /** @default 'INFO' */
  logLevel?: LogLevel;
  /** Where log lines go. @default process.stderr */
  write?: (line: string) => void;
}

export function installRuntime(options: RuntimeOptions = {}): void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const logger = new DefaultLogger(options.logLevel ?? 'INFO', (entry) => {
    const { message, level, timestampNanos, meta } = entry;
    write(`${JSON.stringify({ time: new Date(Number(timestampNanos / 1_000_000n)).toISOString(), level, message, ...meta })}\n`);
  });
  Runtime.install({
    logger,
    telemetryOptions: options.metricsPort
      ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${options.metricsPort}` } } }
      : undefined,
  });
}
