/**
 * The dashboard's HTTP server (node:http only): the page and its scripts, uPlot from the package's own
 * dependencies (no CDN: it works offline), and the JSON API of api.ts.
 *
 * Who may read it: it binds to loopback unless told otherwise, and refuses a request whose Host header names another
 * host (a web page cannot reach it through DNS rebinding). With a token (required off loopback, see the command),
 * every request carries it as the first path segment (`http://host:8234/<token>/`, what a browser can keep in a
 * bookmark) or as `Authorization: Bearer <token>`. The page's links to the Temporal UI send no Referer, so the
 * token never leaves in one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { findProjectRoot } from '../../server/temporal-cli';
import { loadGroups, loadRequest, loadView, type DashboardContext } from './api';
import { DashboardQueryError, parseDashboardQuery, parseGrouping } from './params';

export interface DashboardServerOptions extends DashboardContext {
  /** @default 8234; 0 picks a free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  token?: string;
  /** One line per refused request or failed query (never figures). */
  log?: (message: string) => void;
}

export interface DashboardServer {
  /** `http://host:port/`, with the token as its first path segment when there is one: the address to open. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_DASHBOARD_PORT = 8234;

const PAGE_FILES: Record<string, string> = {
  '': 'index.html',
  'index.html': 'index.html',
  'app.js': 'app.js',
  'charts.js': 'charts.js',
  'format.js': 'format.js',
  'render.js': 'render.js',
  'tables.js': 'tables.js',
  'style.css': 'style.css',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** The page's own files ship in the package beside the compiled code (package.json `files`). */
const PAGE_DIR = join(findProjectRoot(), 'cli', 'dashboard', 'public');
/** uPlot's browser build, from node_modules (resolved as Node resolves the package). */
const UPLOT_DIR = join(dirname(require.resolve('uplot/package.json')), 'dist');
const VENDOR_FILES: Record<string, string> = {
  'uPlot.iife.min.js': join(UPLOT_DIR, 'uPlot.iife.min.js'),
  'uPlot.min.css': join(UPLOT_DIR, 'uPlot.min.css'),
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const tokenHash = options.token ? sha256(options.token) : undefined;
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`dashboard: ${request.method} ${(request.url ?? '').split('?')[0]}: ${(error as Error).message}`);
      if (!response.headersSent) send(response, 500, { error: 'the store could not answer; see the dashboard log' });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (isLoopback(host) && !hostAllowed(request.headers.host, port))
      return refuse(response, 403, `Host ${String(request.headers.host)} is not this dashboard`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, { error: 'GET only' });
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    let path = url.pathname;
    if (tokenHash) {
      const [first = '', ...rest] = path.split('/').filter((_, index) => index > 0);
      const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer !== undefined && matches(bearer, tokenHash)) {
        // A client that sends the header may still use the token's path.
        if (matches(safeDecode(first), tokenHash)) path = `/${rest.join('/')}`;
      } else if (matches(safeDecode(first), tokenHash)) {
        // `/<token>` without its slash: relative links would lose the token.
        if (rest.length === 0 && !path.endsWith('/')) return redirect(response, `${path}/${url.search}`);
        path = `/${rest.join('/')}`;
      } else return refuse(response, 401, 'missing or wrong token: open the address the dashboard printed');
    }
    if (path.startsWith('/api/')) return api(path, url.searchParams, response);
    const name = path.slice(1);
    if (name.startsWith('vendor/') && VENDOR_FILES[name.slice('vendor/'.length)])
      return file(response, VENDOR_FILES[name.slice('vendor/'.length)]!, request.method === 'HEAD');
    const page = PAGE_FILES[name];
    if (page === undefined) return send(response, 404, { error: `no ${path} here` });
    return file(response, join(PAGE_DIR, page), request.method === 'HEAD');
  }

  async function api(path: string, params: URLSearchParams, response: ServerResponse): Promise<void> {
    try {
      if (path === '/api/view') return send(response, 200, await loadView(options, parseDashboardQuery(params)));
      if (path === '/api/groups') {
        const by = parseGrouping(params);
        params.delete('by');
        return send(response, 200, await loadGroups(options, parseDashboardQuery(params), by));
      }
      if (path === '/api/request') {
        const workflowId = params.get('workflowId');
        if (!workflowId) throw new DashboardQueryError('workflowId is required');
        return send(response, 200, await loadRequest(options, workflowId));
      }
    } catch (error) {
      if (error instanceof DashboardQueryError || error instanceof RangeError)
        return send(response, 400, { error: error.message });
      throw error;
    }
    send(response, 404, { error: `no ${path}: /api/view, /api/groups or /api/request` });
  }

  function refuse(response: ServerResponse, status: number, why: string): void {
    log(`dashboard: refused (${status}): ${why}`);
    send(response, status, { error: why });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_DASHBOARD_PORT, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    url: options.token ? `${base}${encodeURIComponent(options.token)}/` : base,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback dashboard answers only to its own names: `localhost`, `127.0.0.1`, `[::1]`, with its port. */
export function hostAllowed(header: string | undefined, port: number): boolean {
  if (!header) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.toLowerCase());
  if (!match) return false;
  const [, name = '', given] = match;
  return (LOOPBACK_NAMES.has(name) || (isIP(name) === 4 && name.startsWith('127.'))) && Number(given ?? 80) === port;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function matches(given: string, expected: Buffer): boolean {
  return timingSafeEqual(sha256(given), expected);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function file(response: ServerResponse, path: string, headOnly: boolean): Promise<void> {
  const body = await readFile(path);
  const type = TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
  response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
  response.end(headOnly ? undefined : body);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(308, { ...SECURITY_HEADERS, Location: location }).end();
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
