/**
 * The OpenAI-compatible front door: `POST /v1/chat/completions` runs a cascade per request (its workflow id is the
 * request's Idempotency-Key), `GET /v1/models` lists the catalog's tasks. Built on the library's client API; no
 * provider is ever called from here. This file is the server's life (listen, close); routes.ts answers requests.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Catalog } from '../catalog/types';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { httpDrain } from './drain';
import { toGatewayError } from './errors';
import { send } from './http';
import { KeyBudgets } from './key-budgets';
import { RateLimiter } from './keys';
import { route } from './routes';
import type { MediaStoring } from './openai-media';

export interface GatewayOptions {
  client: Client;
  catalog: Catalog;
  taskQueue: string;
  config: GatewayConfig;
  /** One line per request (no keys, no prompts). @default none */
  log?: (line: string) => void;
  /** Stores requests' images and files where the workers read them (`serve` uses the config's blob store). */
  storeMedia?: MediaStoring;
}

export interface Gateway {
  server: http.Server;
  /** `http://host:port` once listening. */
  url: string;
  budgets: KeyBudgets;
  /** Requests being answered now. */
  readonly openRequests: number;
  /**
   * The graceful stop: no new connections, 503 + `Connection: close` for a request on one already open, the open
   * requests answered for up to `graceMs`; `cut`: how many were still open then (their cascades go on).
   */
  drain(graceMs: number): Promise<{ cut: number }>;
  close(): Promise<void>;
}

/** Starts the front door on `host:port` (port 0: a free one). */
export async function startGateway(options: GatewayOptions, listen: { host: string; port: number }): Promise<Gateway> {
  const { client, catalog, config } = options;
  const context: GatewayContext = {
    client,
    catalog,
    taskQueue: options.taskQueue,
    config,
    budgets: new KeyBudgets(client, { taskQueue: options.taskQueue, defaultMaxRequestUsd: config.maxRequestUsd }),
    rateLimiter: new RateLimiter(),
    tasks: Object.keys(catalog.routes).sort(),
    created: Math.floor(Date.now() / 1000),
    log: options.log,
    ...(options.storeMedia && { storeMedia: options.storeMedia }),
  };
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    if (draining.refuse(res)) return options.log?.(`${req.method} ${req.url} 503 draining`);
    const started = Date.now();
    route(context, req, res)
      .catch((error: unknown) => {
        const failure = toGatewayError(error);
        if (failure.status >= 500 && failure.type === 'server_error') options.log?.(`error: ${failure.message}`);
        send(res, failure.status, failure.body(), failure.headers);
      })
      .finally(() => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
  });
  const draining = httpDrain(server);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    budgets: context.budgets,
    get openRequests() {
      return draining.open;
    },
    drain: (graceMs) => draining.drain(graceMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
