/**
 * The front door's routes: `GET /health`, `GET /v1/models` (the catalog's tasks), `GET /v1/models/<id>`, and
 * `POST /v1/chat/completions`, which runs a cascade per request (idempotency.ts starts or attaches to it).
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { GatewayKey } from './config';
import type { GatewayContext } from './context';
import { badRequest, GatewayError } from './errors';
import { headerOf, readJson, send } from './http';
import { settleWhenDone, startOrAttach } from './idempotency';
import { authenticate } from './keys';
import { MODEL_PREFIX, parseChatRequest } from './openai-request';
import { attachMedia } from './openai-media';
import { cascadeHeaders, chatCompletion, streamEvents } from './openai-response';

/** Idempotency keys become part of a workflow id: printable, bounded. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Answers one request (or throws a `GatewayError`, which the server sends). */
export async function route(
  context: GatewayContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
  if (req.method === 'GET' && path === '/health') return send(res, 200, { ok: true });
  const key = authenticate(context.config.keys, req.headers);
  if (req.method === 'GET' && path === '/v1/models') {
    return send(res, 200, { object: 'list', data: context.tasks.map((task) => modelEntry(task, context.created)) });
  }
  if (req.method === 'GET' && path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    const task = id.startsWith(MODEL_PREFIX) ? id.slice(MODEL_PREFIX.length) : id;
    if (!context.tasks.includes(task)) {
      throw new GatewayError({
        status: 404,
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: 'model',
        message: `The model \`${id}\` does not exist`,
      });
    }
    return send(res, 200, modelEntry(task, context.created));
  }
  if (req.method === 'POST' && path === '/v1/chat/completions') return chat(context, req, res, key);
  throw new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    message: `Invalid URL (${req.method} ${path})`,
  });
}

async function chat(
  context: GatewayContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  key: GatewayKey | undefined,
): Promise<void> {
  if (key) context.rateLimiter.take(key);
  const parsed = parseChatRequest(await readJson(req, context.config.maxBodyBytes), context.config, context.tasks);
  // Images and files are stored first: the cascade receives references, never the bytes.
  parsed.request.messages = await attachMedia(parsed.request.messages ?? [], parsed.media, context.storeMedia);
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
  if (mode ? mode === 'latency' : context.config.latencyMode) parsed.request.latencyMode = true;
  const run = await startOrAttach(context, parsed, workflowId, key, wait);
  if (!wait && !run.replayed) {
    // Accepted: the cascade runs on; the same request with the same key later returns its answer.
    settleWhenDone(context, run, key).catch(() => undefined);
    return send(
      res,
      202,
      { id: workflowId, object: 'cascade.run', status: 'running' },
      { 'x-cascade-workflow-id': workflowId },
    );
  }
  const result = await settleWhenDone(context, run, key);
  const now = Math.floor(Date.now() / 1000);
  const headers = cascadeHeaders(result, run.replayed);
  if (parsed.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    res.end(streamEvents(result, now, run.replayed, parsed.includeUsage));
    return;
  }
  send(res, 200, chatCompletion(result, now, run.replayed), headers);
}

function modelEntry(task: string, created: number) {
  return { id: `${MODEL_PREFIX}${task}`, object: 'model', created, owned_by: 'llm-cascade' };
}
