/**
 * Whether a worker traces, and where its spans go: the config file's `telemetry` section (checked with zod) or the
 * standard `OTEL_*` variables, resolved by one pure function. Tracing is off unless one of them turns it on, so a
 * worker that does not trace never loads the OpenTelemetry SDK.
 */
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

/** The `telemetry` section of a config file, and the plugin's `telemetry` option. */
export const telemetrySchema = z.strictObject({
  /** false: no traces, whatever the environment says. @default true (the section is there) */
  enabled: z.boolean().optional(),
  /**
   * OTLP/HTTP endpoint of a collector, Jaeger, Phoenix…: the base URL (`http://localhost:4318`, spans go to its
   * `/v1/traces`) or the full traces URL ending in `/v1/traces`.
   * @default OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318
   */
  otlpEndpoint: z.string().url().optional(),
  /** `service.name` of the worker's spans. @default OTEL_SERVICE_NAME, else 'llm-cascade' */
  serviceName: z.string().min(1).optional(),
  /** Headers sent with every export (an API key of a hosted backend). @default OTEL_EXPORTER_OTLP_HEADERS */
  headers: z.record(z.string(), z.string()).optional(),
  /**
   * OTLP/HTTP encoding: JSON, or protobuf for backends that take only it (Arize Phoenix).
   * @default OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/json'
   */
  protocol: z.enum(['http/json', 'http/protobuf']).optional(),
});
export type TelemetryConfig = z.infer<typeof telemetrySchema>;

/** Where spans go, once tracing is on. */
export interface ResolvedTelemetry {
  /** The full traces URL (`…/v1/traces`). */
  url: string;
  serviceName: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
}

/** The OTLP/HTTP encodings a worker can export in (gRPC is not offered: it would add a gRPC stack to every worker). */
export type OtlpProtocol = 'http/json' | 'http/protobuf';
const PROTOCOLS: readonly string[] = ['http/json', 'http/protobuf'];

const DEFAULT_ENDPOINT = 'http://localhost:4318';
export const DEFAULT_SERVICE_NAME = 'llm-cascade';

/**
 * The tracing a worker runs with, or undefined for none. On when the config/plugin gives a `telemetry` section (not
 * `enabled: false`), or when `OTEL_TRACES_EXPORTER` names `otlp`; `OTEL_SDK_DISABLED=true` and
 * `OTEL_TRACES_EXPORTER=none` turn it off. The endpoint, service name and headers come from the section first, then
 * the standard variables (as the OpenTelemetry SDKs read them), then the defaults.
 */
export function resolveTelemetry(
  config: TelemetryConfig | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedTelemetry | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim().toLowerCase());
  if (exporters.includes('none')) return undefined;
  const on = config ? config.enabled !== false : exporters.includes('otlp');
  if (!on) return undefined;
  // The signal-specific variable is the traces URL as it is; the others are base URLs.
  const url = config?.otlpEndpoint
    ? tracesUrl(config.otlpEndpoint)
    : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT || DEFAULT_ENDPOINT);
  return {
    url,
    serviceName: config?.serviceName ?? env.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    headers: config?.headers ?? parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS),
    // The section wins; the variables are read only without it (a bad one is an error only when it is used).
    protocol: config?.protocol ?? protocolOf(env),
  };
}

/**
 * The encoding the standard variables ask for. JSON when none is set: the OpenTelemetry SDKs default to protobuf, but
 * JSON is what this worker sent before the choice existed and needs one package fewer. An unknown value (`grpc`, a
 * typo) is an error that names the ones offered, not a silent fallback.
 */
export function protocolOf(env: Readonly<Record<string, string | undefined>>): OtlpProtocol {
  const variable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = (env[variable] ?? '').trim().toLowerCase();
  if (value === '') return 'http/json';
  if (PROTOCOLS.includes(value)) return value as OtlpProtocol;
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidConfig,
    message: `${variable}=${value} is not offered: use http/json or http/protobuf (gRPC export is not supported)`,
  });
}

/**
 * The traces URL of an OTLP/HTTP base endpoint: `/v1/traces` appended, as the OTLP spec says for the all-signals
 * variable. A config's `otlpEndpoint` that already ends in `/v1/traces` is kept as it is.
 */
export function tracesUrl(base: string): string {
  if (/\/v1\/traces\/?$/.test(base)) return base;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** `key1=value1,key2=value2` (values URL-encoded), the OTEL_EXPORTER_OTLP_HEADERS format. */
export function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
