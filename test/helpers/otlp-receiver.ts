/**
 * An OTLP/HTTP trace receiver on loopback: what a collector, Jaeger or Phoenix is to a tracing worker. It accepts
 * `POST /v1/traces` in both OTLP/HTTP encodings, JSON (`@opentelemetry/exporter-trace-otlp-http`) and protobuf
 * (`@opentelemetry/exporter-trace-otlp-proto`, decoded with the OTLP message types the OpenTelemetry SDK ships), and
 * keeps every span, flattened: ids as hex, attributes as plain values, and the encoding it came in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Encoding = 'json' | 'protobuf';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  serviceName?: string;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  startNanos: bigint;
  encoding: Encoding;
}

export interface OtlpReceiver {
  /** The base URL, as `telemetry.otlpEndpoint` or OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  endpoint: string;
  spans: ReceivedSpan[];
  /** Requests that were not a JSON trace export (their content type), so a test can see a wrong encoding. */
  rejected: string[];
  /** Resolves once `ready(spans)` holds, polling every 100 ms; rejects after `timeoutMs`. */
  waitFor(ready: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
type Bytes = string | Uint8Array;
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: Bytes;
        spanId: Bytes;
        parentSpanId?: Bytes;
        name: string;
        kind: number;
        startTimeUnixNano: string | number;
        attributes?: OtlpKeyValue[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const type = request.headers['content-type'] ?? '';
      const encoding = encodingOf(type);
      if (request.method !== 'POST' || request.url !== '/v1/traces' || !encoding) {
        rejected.push(`${request.method} ${request.url} ${type}`);
        response.writeHead(415).end();
        return;
      }
      const body =
        encoding === 'json'
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport)
          : decodeProtobuf(Buffer.concat(chunks));
      for (const resourceSpans of body.resourceSpans ?? []) {
        const resource = attributesOf(resourceSpans.resource?.attributes);
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              traceId: hex(span.traceId),
              spanId: hex(span.spanId),
              ...(span.parentSpanId && span.parentSpanId.length > 0 ? { parentSpanId: hex(span.parentSpanId) } : {}),
              name: span.name,
              kind: span.kind,
              serviceName: resource['service.name'] as string | undefined,
              attributes: attributesOf(span.attributes),
              status: span.status ?? {},
              startNanos: BigInt(span.startTimeUnixNano),
              encoding,
            });
          }
        }
      }
      // An empty ExportTraceServiceResponse is `{}` in JSON and zero bytes in protobuf.
      if (encoding === 'json') response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    rejected,
    async waitFor(ready, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ready(spans)) {
        if (Date.now() > deadline) {
          throw new Error(
            `OTLP receiver: condition not met after ${timeoutMs} ms; spans: ${spans.map((s) => s.name).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return spans;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function encodingOf(contentType: string): Encoding | undefined {
  if (contentType.startsWith('application/json')) return 'json';
  if (contentType.startsWith('application/x-protobuf')) return 'protobuf';
  return undefined;
}

/** JSON carries ids as hex strings already; protobuf as bytes. */
function hex(id: Bytes): string {
  return typeof id === 'string' ? id : Buffer.from(id).toString('hex');
}

interface ProtobufType {
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: { longs: StringConstructor; defaults: boolean }): unknown;
}

/**
 * The request as the JSON encoding's shape (64-bit integers as strings, ids still bytes), decoded with the static
 * protobuf types `@opentelemetry/otlp-transformer` generates from the OTLP .proto files: the same definitions the
 * exporter encodes with, so this checks the wire format, not a copy of it.
 */
function decodeProtobuf(body: Buffer): OtlpExport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require('@opentelemetry/otlp-transformer/build/src/generated/root') as {
    opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtobufType } } } } };
  };
  const type = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
  return type.toObject(type.decode(body), { longs: String, defaults: false }) as OtlpExport;
}
