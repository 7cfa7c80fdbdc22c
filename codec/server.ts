/**
 * A codec server for the Temporal Web UI and CLI (Temporal's remote-codec protocol): `POST /decode` and
 * `POST /encode` with `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. node:http only.
 *
 * Who may use it: it binds to loopback unless told otherwise; a browser request must come from one of the UI origins
 * (any other page gets 403, so a random web page cannot have it decrypt); and with a token, every request must carry
 * it, as `Authorization: Bearer <token>` (Temporal CLI `--codec-auth`) or as the first path segment of the endpoint
 * (`http://127.0.0.1:8888/<token>`, for a UI that cannot send headers of its own).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** @default 8888; 0 picks a free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Origins of the Web UI allowed to call from a browser, e.g. `http://localhost:8233`. @default none */
  uiOrigins?: string[];
  /** Required on every request when set. */
  token?: string;
  /** Namespaces served (the UI's `X-Namespace` header); others get 403. @default all */
  namespaces?: string[];
  /** Largest request body. @default 16 MiB */
  maxBodyBytes?: number;
  /** One line per refused request or codec error (never payload contents). */
  log?: (message: string) => void;
}

export interface CodecServer {
  /** `http://host:port`; the endpoint to give the UI is `endpoint`. */
  url: string;
  /** What to configure in the UI / `--ui-codec-endpoint`: the URL, with the token as its path when there is one. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const ALLOWED_HEADERS = 'content-type, x-namespace, authorization, authorization-extras';

export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const host = options.host ?? '127.0.0.1';
  const origins = new Set(options.uiOrigins ?? []);
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const log = options.log ?? (() => undefined);
  const tokenHash = options.token ? sha256(options.token) : undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`codec server: ${request.method} ${route(request.url).path}: ${(error as Error).message}`);
      if (!response.headersSent) send(response, 500, { error: 'internal error' });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!origins.has(origin)) return refuse(response, 403, `origin ${origin} is not allowed`);
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    const { token, path } = route(request.url);
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      response.setHeader('Access-Control-Max-Age', '600');
      response.writeHead(204).end();
      return;
    }
    if (path !== '/encode' && path !== '/decode') return send(response, 404, { error: 'POST /encode or /decode' });
    if (request.method !== 'POST') return send(response, 405, { error: 'POST only' });
    if (tokenHash && !authorized(request, token, tokenHash)) return refuse(response, 401, 'missing or wrong token');
    const namespace = request.headers['x-namespace'];
    if (options.namespaces && !(typeof namespace === 'string' && options.namespaces.includes(namespace))) {
      return refuse(response, 403, `namespace ${String(namespace)} is not served`);
    }
    const body = await readBody(request, maxBody);
    if (body === undefined) return send(response, 413, { error: `body over ${maxBody} bytes` });
    let payloads: Payload[];
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { payloads?: unknown };
      if (!Array.isArray(parsed.payloads)) throw new Error('no payloads array');
      payloads = (parsed.payloads as JsonPayload[]).map(fromJson);
    } catch (error) {
      return send(response, 400, { error: `not a payloads document: ${(error as Error).message}` });
    }
    try {
      const result = path === '/decode' ? await options.codec.decode(payloads) : await options.codec.encode(payloads);
      send(response, 200, { payloads: result.map(toJson) });
    } catch (error) {
      log(`codec server: ${path} failed: ${(error as Error).message}`);
      send(response, 422, { error: (error as Error).message });
    }
  }

  function refuse(response: ServerResponse, status: number, why: string): void {
    log(`codec server: refused (${status}): ${why}`);
    send(response, status, { error: why });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8888, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    endpoint: options.token ? `${url}/${encodeURIComponent(options.token)}` : url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `/decode` or `/<token>/decode`, query ignored (the UI adds `?preserveStorageRefs=true`). */
function route(url: string | undefined): { token?: string; path: string } {
  const pathname = (url ?? '/').split('?')[0] ?? '/';
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 2) return { token: decodeURIComponent(parts[0]!), path: `/${parts[1]}` };
  return { path: `/${parts.join('/')}` };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function authorized(request: IncomingMessage, pathToken: string | undefined, expected: Buffer): boolean {
  const header = request.headers.authorization;
  const bearer =
    typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : undefined;
  return [bearer, pathToken].some((given) => given !== undefined && timingSafeEqual(sha256(given), expected));
}

function readBody(request: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: metadata
      ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]))
      : undefined,
    data: data ? Buffer.from(data, 'base64') : undefined,
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: metadata
      ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v).toString('base64')]))
      : undefined,
    data: data ? Buffer.from(data).toString('base64') : undefined,
  };
}
