/**
 * A fake OpenAI-compatible provider on loopback: real HTTP (`node:http`), OpenAI's real wire format,
 * scripted per model, with a call log readable in-process (`calls`) and over HTTP (`GET /__calls`),
 * so integration tests, benchmarks and worker child processes can all assert on what was received.
 *
 * Routes: `POST /v1/chat/completions`, `GET /v1/models`, the Files and Batches APIs (`fake-batches.ts`),
 * `GET|DELETE /__calls`, `GET /__batch-lines`, `GET /__bill`, `GET /__health`.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type {
  FakeBatchBehavior,
  FakeBehavior,
  FakeBill,
  FakeCallKind,
  FakeCall,
  FakeHugeReply,
  FakeProvider,
  FakeProviderOptions,
  FakeReply,
  FakeUsage,
} from './fake-types';
import { completionBody, countPromptTokens, countTextTokens, errorBody, randomId } from './openai-wire';
import { FakeBatchStore, fileObject } from './fake-batches';
import { costMicroUsd } from '../catalog/pricing';

export type * from './fake-types';

interface ModelState {
  behavior: FakeBehavior;
  /** Calls since the last `setModel`: the function's `callIndex` and the queue position. */
  callIndex: number;
}

/**
 * Start a fake provider on 127.0.0.1.
 * @param options - port (default 0: a free one), initial model behaviours, optional API key to enforce.
 * @returns the running provider; call `close()` when done (it also kills hanging sockets).
 */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const models = new Map<string, ModelState>();
  for (const [id, behavior] of Object.entries(options.models ?? {})) models.set(id, { behavior, callIndex: 0 });
  const calls: FakeCall[] = [];
  const callLogLimit = options.callLogLimit ?? 50_000;
  const sockets = new Set<Socket>();
  // Aborted on close(), so pending delays end and no timer keeps the process alive.
  const closing = new AbortController();
  let seq = 0;
  const batches = new FakeBatchStore((body) => answerLine(body));

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { error: { message: String(err), type: 'server_error', param: null, code: null } });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const key = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
    if (key === 'POST /v1/chat/completions') return chatCompletion(req, res);
    if (key === 'GET /v1/models') {
      const data = [...models.keys()].map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (key === 'POST /v1/files' || key.startsWith('GET /v1/files/') || key.startsWith('POST /v1/batches')) {
      return batchApi(req, res, key);
    }
    if (key === 'GET /v1/batches' || key.startsWith('GET /v1/batches/')) return batchApi(req, res, key);
    if (key === 'GET /__batch-lines') return sendJson(res, 200, batches.lines);
    if (key === 'GET /__bill') return sendJson(res, 200, bill());
    if (key === 'GET /__calls') return sendJson(res, 200, calls);
    if (key === 'DELETE /__calls') {
      const cleared = calls.length;
      calls.length = 0;
      return sendJson(res, 200, { cleared });
    }
    if (key === 'GET /__health') return sendJson(res, 200, { ok: true, models: [...models.keys()] });
    const message = `Invalid URL (${req.method ?? 'GET'} ${path})`;
    sendJson(res, 404, { error: { message, type: 'invalid_request_error', param: null, code: null } });
  }

  async function chatCompletion(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      // Left null: answered below with a 400 like the real API's "could not parse the JSON body".
    }
    const b = (body ?? {}) as Record<string, unknown>;
    const model = typeof b.model === 'string' ? b.model : '';
    const promptTokens = countPromptTokens(body);
    const reply = await chooseReply(req.headers.authorization, body, model, promptTokens);

    const call: FakeCall = { seq: ++seq, at: started, model, body, status: 0, reply: reply.kind };
    if (req.headers.authorization !== undefined) call.authorization = req.headers.authorization;
    calls.push(call);
    if (calls.length > callLogLimit) calls.splice(0, calls.length - callLogLimit);

    // A client that gives up (timeout, abort) closes the connection; stop any pending work then.
    const gone = AbortSignal.any([closing.signal, abortOnClose(res)]);
    const finish = (status: number) => {
      call.status = status;
      call.durationMs = Date.now() - started;
    };
    if (reply.kind === 'hang') {
      gone.addEventListener('abort', () => finish(0), { once: true });
      return;
    }
    if (reply.delayMs && !(await sleep(reply.delayMs, gone))) return finish(0);
    if (reply.kind === 'reset') {
      finish(0);
      req.socket.destroy();
      return;
    }
    if (reply.kind === 'error') {
      finish(reply.status);
      return sendJson(res, reply.status, errorBody(reply, model, promptTokens), reply.headers);
    }
    if (reply.kind === 'huge') {
      const usage = billedUsage(reply.usage, promptTokens, () => hugeCompletionTokens(reply.bytes));
      call.usage = usage;
      finish(200);
      return sendHuge(
        res,
        completionBody({ model, content: '', refusal: null, finishReason: 'stop', ...usage }),
        reply,
      );
    }
    const toolCalls = reply.kind === 'content' ? reply.toolCalls : undefined;
    const text = toolCalls
      ? null
      : reply.kind === 'content'
        ? toText(reply.content)
        : reply.kind === 'refusal'
          ? null
          : '';
    const refusal = reply.kind === 'refusal' ? reply.refusal : null;
    const usage = billedUsage(reply.usage, promptTokens, () =>
      countTextTokens(text ?? refusal ?? JSON.stringify(toolCalls ?? '')),
    );
    call.usage = usage;
    finish(200);
    const finishReason = reply.kind === 'content' ? (reply.finishReason ?? 'stop') : 'stop';
    const payload = completionBody({ model, content: text, refusal, finishReason, ...usage });
    if (toolCalls) {
      const choice = (payload.choices as { message: Record<string, unknown>; finish_reason: string }[])[0]!;
      choice.message.tool_calls = toolCalls.map((call, index) => ({
        id: `call_${index + 1}`,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
      choice.finish_reason = 'tool_calls';
    }
    if (reply.kind === 'no_choices') {
      if (reply.choices === 'empty') payload.choices = [];
      else delete payload.choices;
    }
    if (reply.kind === 'content' && reply.wireUsage !== undefined) {
      if (reply.wireUsage === null) delete payload.usage;
      else payload.usage = reply.wireUsage;
    }
    sendJson(res, 200, payload);
  }

  /** Decide the reply: request-level faults first (bad JSON, key, model, streaming), then the script. */
  async function chooseReply(
    authorization: string | undefined,
    body: unknown,
    model: string,
    promptTokens: number,
  ): Promise<FakeReply> {
    if (body === null || typeof body !== 'object') {
      return { kind: 'error', status: 400, message: 'We could not parse the JSON body of your request.' };
    }
    if (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`) {
      return { kind: 'error', status: 401 };
    }
    const state = models.get(model);
    if (!state) return { kind: 'error', status: 404, code: 'model_not_found' };
    if ((body as { stream?: unknown }).stream === true) {
      return { kind: 'error', status: 400, message: 'The fake provider does not implement stream: true.' };
    }
    const callIndex = state.callIndex++;
    const { behavior } = state;
    try {
      if (typeof behavior === 'function') return await behavior({ model, body, callIndex, promptTokens });
      if (!Array.isArray(behavior)) return behavior;
      const queued = behavior[Math.min(callIndex, behavior.length - 1)];
      return queued ?? { kind: 'error', status: 500, message: `Empty reply queue for model ${model}` };
    } catch (err) {
      return { kind: 'error', status: 500, message: `Fake behaviour for ${model} threw: ${String(err)}` };
    }
  }

  /**
   * One line of a batch, answered by the model's script as a chat call would be. The batch was created with the
   * key, so no key is checked here; a hang or reset has no meaning inside a batch and becomes a 500 line.
   */
  async function answerLine(body: unknown) {
    const b = (body ?? {}) as Record<string, unknown>;
    const model = typeof b.model === 'string' ? b.model : '';
    const promptTokens = countPromptTokens(body);
    const reply = await chooseReply(`Bearer ${options.apiKey ?? ''}`, body, model, promptTokens);
    if (reply.kind === 'error') return { status: reply.status, body: errorBody(reply, model, promptTokens) };
    if (reply.kind === 'hang' || reply.kind === 'reset' || reply.kind === 'huge') {
      const error = { kind: 'error' as const, status: 500 };
      return { status: 500, body: errorBody(error, model, promptTokens) };
    }
    const text = reply.kind === 'content' ? toText(reply.content) : reply.kind === 'refusal' ? null : '';
    const refusal = reply.kind === 'refusal' ? reply.refusal : null;
    const usage = billedUsage(reply.usage, promptTokens, () => countTextTokens(text ?? refusal ?? ''));
    const finishReason = reply.kind === 'content' ? (reply.finishReason ?? 'stop') : 'stop';
    const payload = completionBody({ model, content: text, refusal, finishReason, ...usage });
    if (reply.kind === 'no_choices') delete payload.choices;
    return { status: 200, body: payload, usage };
  }

  /** The Files and Batches APIs; every request enters the call log with its kind. */
  async function batchApi(req: http.IncomingMessage, res: http.ServerResponse, key: string): Promise<void> {
    const started = Date.now();
    const log = (kind: FakeCallKind, status: number, body: unknown = null) => {
      calls.push({ seq: ++seq, kind, at: started, model: '', body, status, reply: 'content', durationMs: 0 });
      if (calls.length > callLogLimit) calls.splice(0, calls.length - callLogLimit);
    };
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, errorBody({ kind: 'error', status: 401 }, '', 0));
    }
    const [, , resource, id, action] = key.split(' ')[1]!.split('/');
    const notFound = (what: string) =>
      sendJson(res, 404, {
        error: { message: `No such ${what}: ${id}`, type: 'invalid_request_error', param: 'id', code: null },
      });
    if (key === 'POST /v1/files') {
      const form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: Buffer.from(await readBody(req, 'binary'), 'binary'),
      }).formData();
      const file = form.get('file');
      const purpose = String(form.get('purpose') ?? '');
      if (!(file instanceof Blob)) return sendJson(res, 400, errorBody({ kind: 'error', status: 400 }, '', 0));
      const name = 'name' in file && typeof file.name === 'string' ? file.name : 'upload.jsonl';
      const stored = batches.upload(Buffer.from(await file.arrayBuffer()), name, purpose);
      log('file_upload', 200, { filename: name, purpose, bytes: stored.bytes });
      return sendJson(res, 200, stored);
    }
    if (resource === 'files' && action === 'content' && id) {
      const file = batches.files.get(id);
      log('file_content', file ? 200 : 404, { id });
      if (!file) return notFound('File');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      return void res.end(file.bytes);
    }
    if (resource === 'files' && id) {
      const file = batches.files.get(id);
      return file ? sendJson(res, 200, fileObject(file)) : notFound('File');
    }
    if (key === 'POST /v1/batches') {
      const params = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const created = batches.create(params);
      log('batch_create', created.status, params);
      return sendJson(res, created.status, created.body);
    }
    if (key === 'GET /v1/batches') {
      const query = new URL(req.url ?? '/', 'http://fake').searchParams;
      const limit = Math.min(100, Number(query.get('limit') ?? 20) || 20);
      log('batch_list', 200, { limit, after: query.get('after') });
      return sendJson(res, 200, await batches.list(limit, query.get('after') ?? undefined));
    }
    if (id && action === 'cancel' && req.method === 'POST') {
      const batch = await batches.cancel(id);
      log('batch_cancel', batch ? 200 : 404, { id });
      return batch ? sendJson(res, 200, batches.body(batch)) : notFound('Batch');
    }
    if (id && action === undefined && req.method === 'GET') {
      const batch = await batches.retrieve(id);
      log('batch_retrieve', batch ? 200 : 404, { id });
      return batch ? sendJson(res, 200, batches.body(batch)) : notFound('Batch');
    }
    sendJson(res, 404, errorBody({ kind: 'error', status: 404, message: `Invalid URL (${key})` }, '', 0));
  }

  /** Chat calls at list price, batch lines at the batch rate, by `options.prices`. */
  function bill(): FakeBill {
    const price = (model: string) => options.prices?.[model];
    const cost = (model: string, usage: FakeCall['usage'], batch: boolean) => {
      const p = price(model);
      if (!p || !usage) return 0;
      const tokens = {
        inputTokens: usage.promptTokens,
        cachedInputTokens: usage.cachedTokens,
        cacheWriteTokens: 0,
        outputTokens: usage.completionTokens,
      };
      return costMicroUsd(tokens, p, { batch });
    };
    let chatMicroUsd = 0;
    for (const call of calls) if (call.kind === undefined) chatMicroUsd += cost(call.model, call.usage, false);
    let batchMicroUsd = 0;
    for (const line of batches.lines) batchMicroUsd += cost(line.model, line.usage, true);
    return { chatMicroUsd, batchMicroUsd, totalMicroUsd: chatMicroUsd + batchMicroUsd };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    calls,
    setModel(model, behavior) {
      models.set(model, { behavior, callIndex: 0 });
    },
    clearCalls() {
      calls.length = 0;
      batches.lines.length = 0;
    },
    batchLines: batches.lines,
    setBatchBehavior(behavior: FakeBatchBehavior, timing = {}) {
      batches.behavior = behavior;
      batches.timing = { ...batches.timing, ...timing };
    },
    bill,
    close() {
      closing.abort();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
    },
  };
}

/** What the provider bills for a call: scripted counts, else its own count. */
function billedUsage(scripted: FakeUsage | undefined, promptTokens: number, completionTokens: () => number) {
  return {
    promptTokens: scripted?.promptTokens ?? promptTokens,
    completionTokens: scripted?.completionTokens ?? completionTokens(),
    cachedTokens: scripted?.cachedTokens ?? 0,
  };
}

/** One chunk of a huge answer: plain words, safe inside a JSON string. */
const HUGE_CHUNK = 'all work and no play makes a very long answer '.repeat(1_400);

function hugeCompletionTokens(bytes: number): number {
  return Math.ceil((countTextTokens(HUGE_CHUNK) * bytes) / HUGE_CHUNK.length);
}

/**
 * Streams a completion whose content is `reply.bytes` bytes long, chunk by chunk with back-pressure, so a 60 MB
 * answer costs the fake no more memory than one chunk. The usage block comes after the choices, as OpenAI sends it.
 */
function sendHuge(res: http.ServerResponse, payload: Record<string, unknown>, reply: FakeHugeReply): void {
  const json = JSON.stringify(payload);
  const marker = '"content":"';
  const cut = json.indexOf(marker) + marker.length;
  const finishReason = reply.finishReason ?? 'stop';
  const head = json.slice(0, cut);
  const rest = json.slice(cut).replace('"finish_reason":"stop"', `"finish_reason":"${finishReason}"`);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(head) + reply.bytes + Buffer.byteLength(rest),
    'x-request-id': randomId('req_'),
  });
  res.write(head);
  let left = reply.bytes;
  const stallAt = reply.bytes - (reply.stallAfterBytes ?? reply.bytes);
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      if (reply.stallAfterBytes !== undefined && left <= stallAt) return;
      const piece = left >= HUGE_CHUNK.length ? HUGE_CHUNK : HUGE_CHUNK.slice(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end(rest);
  };
  pump();
}

function toText(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content);
}

function sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': randomId('req_'),
    'openai-processing-ms': '1',
    ...headers,
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage, encoding: BufferEncoding = 'utf8'): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString(encoding)));
    req.on('error', reject);
  });
}

/** A signal that aborts when the response's connection closes before (or after) the reply is sent. */
function abortOnClose(res: http.ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => ac.abort());
  return ac.signal;
}

/** Wait `ms`; resolves false (early) when `signal` aborts, true when the time has passed. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
