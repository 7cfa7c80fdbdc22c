/**
 * The OpenAI-compatible front door: `POST /v1/chat/completions` runs a cascade per request (its workflow id is the
 * request's Idempotency-Key), `GET /v1/models` lists the catalog's tasks. Built on the library's client API; no
 * provider is ever called from here. Longer than 250 lines because a request's whole life (key, idempotent start or
 * attach, the key budget's reservation and settlement, the answer) reads in one place.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { CascadeConfigError } from '../catalog/errors';
import { microToUsd } from '../catalog/pricing';
import type { Catalog } from '../catalog/types';
import { CascadeError, startCascade, toCascadeError } from '../client/cascade-client';
import type { cascadeWorkflow } from '../workflows/cascade/workflow';
import { FailureType, type CascadeResult } from '../workflows/definitions';
import type { GatewayConfig, GatewayKey } from './config';
import { httpDrain } from './drain';
import { badRequest, GatewayError, toGatewayError } from './errors';
import { KeyBudgets } from './key-budgets';
import { authenticate, RateLimiter } from './keys';
import {
  cascadeHeaders,
  chatCompletion,
  MODEL_PREFIX,
  parseChatRequest,
  streamEvents,
  type ParsedChatRequest,
} from './openai-wire';

export interface GatewayOptions {
  client: Client;
  catalog: Catalog;
  taskQueue: string;
  config: GatewayConfig;
  /** One line per request (no keys, no prompts). @default none */
  log?: (line: string) => void;
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

/** Memo fields of a gateway request's workflow. */
const MEMO_FINGERPRINT = 'gatewayRequest';
const MEMO_KEY = 'gatewayKey';
/** Idempotency keys become part of a workflow id: printable, bounded. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Starts the front door on `host:port` (port 0: a free one). */
export async function startGateway(options: GatewayOptions, listen: { host: string; port: number }): Promise<Gateway> {
  const { client, catalog, config } = options;
  const budgets = new KeyBudgets(client, { taskQueue: options.taskQueue, defaultMaxRequestUsd: config.maxRequestUsd });
  const rateLimiter = new RateLimiter();
  const tasks = Object.keys(catalog.routes).sort();
  const sockets = new Set<Socket>();
  const created = Math.floor(Date.now() / 1000);

  const server = http.createServer((req, res) => {
    if (draining.refuse(res)) return options.log?.(`${req.method} ${req.url} 503 draining`);
    const started = Date.now();
    handle(req, res)
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

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/health') return send(res, 200, { ok: true });
    const key = authenticate(config.keys, req.headers);
    if (req.method === 'GET' && path === '/v1/models') {
      return send(res, 200, { object: 'list', data: tasks.map((task) => modelEntry(task, created)) });
    }
    if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      const task = id.startsWith(MODEL_PREFIX) ? id.slice(MODEL_PREFIX.length) : id;
      if (!tasks.includes(task)) {
        throw new GatewayError({
          status: 404,
          type: 'invalid_request_error',
          code: 'model_not_found',
          param: 'model',
          message: `The model \`${id}\` does not exist`,
        });
      }
      return send(res, 200, modelEntry(task, created));
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res, key);
    throw new GatewayError({
      status: 404,
      type: 'invalid_request_error',
      message: `Invalid URL (${req.method} ${path})`,
    });
  }

  async function chat(req: http.IncomingMessage, res: http.ServerResponse, key: GatewayKey | undefined): Promise<void> {
    if (key) rateLimiter.take(key);
    const parsed = parseChatRequest(await readJson(req, config.maxBodyBytes), config, tasks);
    const idempotencyKey = headerOf(req, 'idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        param: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1 to 200 printable ASCII characters without spaces',
      });
    }
    // Scoped by key: two clients' keys never meet, and one client cannot read another's answer by guessing its key.
    const workflowId = `gw-${key?.id ?? 'open'}-${idempotencyKey ?? randomUUID()}`;
    const wait = !/\brespond-async\b/i.test(headerOf(req, 'prefer') ?? '');
    const mode = headerOf(req, 'x-cascade-mode');
    if (mode !== undefined && mode !== 'latency' && mode !== 'durable') {
      throw badRequest('x-cascade-mode must be latency or durable', 'x-cascade-mode');
    }
    if (mode ? mode === 'latency' : config.latencyMode) parsed.request.latencyMode = true;
    const run = await startOrAttach(parsed, workflowId, key, wait);
    if (!wait && !run.replayed) {
      // Accepted: the cascade runs on; the same request with the same key later returns its answer.
      settleWhenDone(run, key).catch(() => undefined);
      return send(
        res,
        202,
        { id: workflowId, object: 'cascade.run', status: 'running' },
        { 'x-cascade-workflow-id': workflowId },
      );
    }
    const result = await settleWhenDone(run, key);
    const now = Math.floor(Date.now() / 1000);
    const headers = cascadeHeaders(result, run.replayed);
    if (parsed.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
      res.end(streamEvents(result, now, run.replayed, parsed.includeUsage));
      return;
    }
    send(res, 200, chatCompletion(result, now, run.replayed), headers);
  }

  interface Run {
    handle: WorkflowHandle<typeof cascadeWorkflow>;
    replayed: boolean;
    /** Settle the key's reservation with this request's cost when it ends (false: another request owns it). */
    settles: boolean;
    /** The grant, when the key's remaining budget (not its per-request cap) limited it. */
    keyLimited?: number;
  }

  /**
   * Reserves the key's budget, then starts the cascade with the reservation as its budget; when the workflow id
   * exists already (a retry, or the same key used twice) attaches to it after checking the request is the same.
   */
  async function startOrAttach(
    parsed: ParsedChatRequest,
    workflowId: string,
    key: GatewayKey | undefined,
    wait: boolean,
  ): Promise<Run> {
    let grantMicroUsd: number | undefined;
    let reservation: 'none' | 'new' | 'existing' | 'settled' = 'none';
    if (key) {
      const reserved = await budgets.reserve(key, workflowId);
      if (reserved.kind === 'refused') {
        const limit = `${reserved.reason} budget of key ${key.id}`;
        throw new GatewayError({
          status: 429,
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          message: `You exceeded the ${limit}: $${microToUsd(reserved.spentMicroUsd)} spent or reserved of $${microToUsd(reserved.limitMicroUsd)}`,
          headers: { 'x-should-retry': 'false' },
        });
      }
      if (reserved.kind === 'granted') {
        grantMicroUsd = reserved.grantMicroUsd;
        reservation = reserved.existing ? 'existing' : 'new';
      } else reservation = 'settled';
    }
    if (reservation !== 'settled') {
      try {
        const started = await startCascade(
          client,
          {
            ...parsed.request,
            maxCostUsd: grantMicroUsd === undefined ? config.maxRequestUsd : microToUsd(grantMicroUsd),
          },
          {
            catalog,
            taskQueue: options.taskQueue,
            workflowId,
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            memo: { [MEMO_FINGERPRINT]: parsed.fingerprint, ...(key ? { [MEMO_KEY]: key.id } : {}) },
          },
        );
        // The key's remaining budget, not its per-request cap, set this request's budget: when that is too small for
        // any call, the answer is the key's budget refusal (429), not the request's own (402).
        const keyLimited =
          key && grantMicroUsd !== undefined && grantMicroUsd < budgets.limitsOf(key).perRequestMicroUsd
            ? grantMicroUsd
            : undefined;
        return { handle: started.handle, replayed: false, settles: reservation !== 'none', keyLimited };
      } catch (error) {
        const attach = error instanceof WorkflowExecutionAlreadyStartedError;
        // A fresh reservation for a request that never started (bad request) or that attaches to a run it does not
        // own is released; an existing one belongs to the run and is settled by whoever sees it end.
        if (key && reservation === 'new') await budgets.release(key, workflowId);
        if (!attach) throw error;
      }
    }
    const handle = client.workflow.getHandle<typeof cascadeWorkflow>(workflowId);
    const description = await handle.describe().catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // The key's ledger remembers a settled request longer than the namespace keeps its workflow.
      throw new GatewayError({
        status: 409,
        type: 'invalid_request_error',
        code: 'idempotency_key_expired',
        param: 'Idempotency-Key',
        message: 'The request with this Idempotency-Key ran, and Temporal no longer keeps its record: use a new key',
        headers: { 'x-should-retry': 'false' },
      });
    });
    if (description.memo?.[MEMO_FINGERPRINT] !== parsed.fingerprint) {
      throw new GatewayError({
        status: 409,
        type: 'invalid_request_error',
        code: 'idempotency_key_reused',
        param: 'Idempotency-Key',
        message: 'This Idempotency-Key was used with a different request body: use a new key for a new request',
        headers: { 'x-cascade-workflow-id': workflowId, 'x-should-retry': 'false' },
      });
    }
    if (!wait && description.status.name === 'RUNNING') {
      throw new GatewayError({
        status: 409,
        type: 'invalid_request_error',
        code: 'request_in_progress',
        message:
          'The request with this Idempotency-Key is still running: retry later, or without Prefer: respond-async to wait for it',
        headers: { 'x-cascade-workflow-id': workflowId, 'retry-after': '1' },
      });
    }
    return { handle, replayed: true, settles: reservation === 'existing' };
  }

  /** Waits for the cascade and settles the key's reservation to what it cost (failed cascades included). */
  const isBudgetFailure = (failure: unknown) =>
    failure instanceof CascadeError && failure.type === FailureType.BudgetExceeded;

  async function settleWhenDone(run: Run, key: GatewayKey | undefined): Promise<CascadeResult> {
    const id = run.handle.workflowId;
    try {
      const result = await run.handle.result();
      if (key && run.settles) await budgets.settle(key, id, result.totals.costMicroUsd);
      return result;
    } catch (error) {
      const failure = toCascadeError(error, id);
      if (key && run.settles && failure instanceof CascadeError) {
        const cost = failure.totals?.costMicroUsd ?? failure.attempts.reduce((sum, a) => sum + a.costMicroUsd, 0);
        await budgets.settle(key, id, cost);
      }
      // The worker's catalog refused the request while planning it: no attempt ran, nothing was spent.
      if (key && run.settles && failure instanceof CascadeConfigError) await budgets.settle(key, id, 0);
      const spent = failure instanceof CascadeError && failure.attempts.some((a) => a.costMicroUsd > 0);
      if (key && run.keyLimited !== undefined && isBudgetFailure(failure) && !spent) {
        throw new GatewayError({
          status: 429,
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          message: `You exceeded the budget of key ${key.id}: the $${microToUsd(run.keyLimited)} it has left cannot pay for one call of this request`,
          headers: { 'x-should-retry': 'false', 'x-cascade-workflow-id': id },
        });
      }
      // Anything else (Temporal unreachable, the run timed out) leaves the reservation open: a retry settles it,
      // and one nobody settles is charged in full when it expires.
      throw failure;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    budgets,
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

function modelEntry(task: string, created: number) {
  return { id: `${MODEL_PREFIX}${task}`, object: 'model', created, owned_by: 'llm-cascade' };
}

function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readJson(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new GatewayError({
        status: 413,
        type: 'invalid_request_error',
        message: `request body over ${maxBytes} bytes`,
      });
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      message: 'We could not parse the JSON body of your request.',
    });
  }
}
