/**
 * A fake OpenAI-compatible provider on loopback: real HTTP (`node:http`), OpenAI's real wire format,
 * scripted per model, with a call log readable in-process (`calls`) and over HTTP (`GET /__calls`),
 * so integration tests, benchmarks and worker child processes can all assert on what was received.
 *
 * Routes: `POST /v1/chat/completions` (fake-chat.ts), `GET /v1/models`, the Files and Batches APIs
 * (fake-batch-api.ts over fake-batches.ts), `GET|DELETE /__calls`, `GET /__batch-lines`, `GET /__bill`, `GET /__health`.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeBatchBehavior, FakeProvider, FakeProviderOptions } from './fake-types';
import { FakeBatchStore } from './fake-batches';
import { batchApi } from './fake-batch-api';
import { answerLine, chatCompletion } from './fake-chat';
import { sendJson } from './fake-http';
import { bill, type FakeState, type ModelState } from './fake-state';

export type {
  FakeBatchBehavior,
  FakeBatchLine,
  FakeBatchTiming,
  FakeBehavior,
  FakeBill,
  FakeCall,
  FakeCallContext,
  FakeCallKind,
  FakeContentReply,
  FakeEmptyReply,
  FakeErrorReply,
  FakeHangReply,
  FakeHugeReply,
  FakeNoChoicesReply,
  FakeProvider,
  FakeProviderOptions,
  FakeRefusalReply,
  FakeReply,
  FakeResetReply,
  FakeUsage,
} from './fake-types';

/**
 * Start a fake provider on 127.0.0.1.
 * @param options - port (default 0: a free one), initial model behaviours, optional API key to enforce.
 * @returns the running provider; call `close()` when done (it also kills hanging sockets).
 */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const models = new Map<string, ModelState>();
  for (const [id, behavior] of Object.entries(options.models ?? {})) models.set(id, { behavior, callIndex: 0 });
  const state: FakeState = {
    options,
    models,
    calls: [],
    callLogLimit: options.callLogLimit ?? 50_000,
    seq: 0,
    batches: new FakeBatchStore((body) => answerLine(state, body)),
    closing: new AbortController(),
  };
  const { calls, batches, closing } = state;
  const sockets = new Set<Socket>();

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
    if (key === 'POST /v1/chat/completions') return chatCompletion(state, req, res);
    if (key === 'GET /v1/models') {
      const data = [...models.keys()].map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (key === 'POST /v1/files' || key.startsWith('GET /v1/files/') || key.startsWith('POST /v1/batches')) {
      return batchApi(state, req, res, key);
    }
    if (key === 'GET /v1/batches' || key.startsWith('GET /v1/batches/')) return batchApi(state, req, res, key);
    if (key === 'GET /__batch-lines') return sendJson(res, 200, batches.lines);
    if (key === 'GET /__bill') return sendJson(res, 200, bill(state));
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
    bill: () => bill(state),
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
