/**
 * A worker process's health endpoint for orchestrators (Kubernetes probes, load balancers, systemd watchdogs):
 * `GET /health` answers 200 while the worker polls and 503 once it drains or stops, so a rolling deploy sees a
 * draining worker as not ready while its in-flight activities finish. Names and states only, nothing else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { State } from '@temporalio/worker';

export interface HealthServerOptions {
  /** Interface to bind. @default '127.0.0.1' (loopback: give '0.0.0.0' or the pod's address for probes) */
  host?: string;
  /** Port; 0: a free one. */
  port: number;
  /** The worker's state now (`Worker.getState()`). */
  state: () => State;
  /** In-flight activities now, for the body (`Worker.getStatus().numInFlightActivities`). */
  inFlight?: () => number;
}

export interface HealthServer {
  /** `http://host:port/health` */
  url: string;
  close(): Promise<void>;
}

/** The status code and body of a worker in `state`: 200 only while it runs (polls for work). */
export function healthOf(state: State, inFlight?: number): { status: number; body: Record<string, unknown> } {
  const status = state === 'RUNNING' ? 200 : 503;
  const phase =
    state === 'RUNNING'
      ? 'ok'
      : state === 'INITIALIZED'
        ? 'starting'
        : ['STOPPING', 'DRAINING', 'DRAINED'].includes(state)
          ? 'draining'
          : 'stopped';
  return {
    status,
    body: { status: phase, worker: state, ...(inFlight !== undefined && { inFlightActivities: inFlight }) },
  };
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const { status, body } =
      req.method === 'GET' && path === '/health'
        ? healthOf(options.state(), options.inFlight?.())
        : { status: 404, body: { error: 'GET /health only' } };
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(`${JSON.stringify(body)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  // Probes must never keep a draining process alive.
  server.unref();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/health`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
