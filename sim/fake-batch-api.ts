/** The fake provider's Files and Batches APIs over its batch store; every request enters the call log. */
import type http from 'node:http';
import type { FakeCallKind } from './fake-types';
import { fileObject } from './fake-batches';
import { readBody, sendJson } from './fake-http';
import { logCall, type FakeState } from './fake-state';
import { errorBody } from './openai-wire';

/** The Files and Batches APIs; every request enters the call log with its kind. */
export async function batchApi(
  state: FakeState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  key: string,
): Promise<void> {
  const started = Date.now();
  const log = (kind: FakeCallKind, status: number, body: unknown = null) => {
    logCall(state, { seq: ++state.seq, kind, at: started, model: '', body, status, reply: 'content', durationMs: 0 });
  };
  if (state.options.apiKey !== undefined && req.headers.authorization !== `Bearer ${state.options.apiKey}`) {
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
    const stored = state.batches.upload(Buffer.from(await file.arrayBuffer()), name, purpose);
    log('file_upload', 200, { filename: name, purpose, bytes: stored.bytes });
    return sendJson(res, 200, stored);
  }
  if (resource === 'files' && action === 'content' && id) {
    const file = state.batches.files.get(id);
    log('file_content', file ? 200 : 404, { id });
    if (!file) return notFound('File');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
    return void res.end(file.bytes);
  }
  if (resource === 'files' && id) {
    const file = state.batches.files.get(id);
    return file ? sendJson(res, 200, fileObject(file)) : notFound('File');
  }
  if (key === 'POST /v1/batches') {
    const params = JSON.parse(await readBody(req)) as Record<string, unknown>;
    const created = state.batches.create(params);
    log('batch_create', created.status, params);
    return sendJson(res, created.status, created.body);
  }
  if (key === 'GET /v1/batches') {
    const query = new URL(req.url ?? '/', 'http://fake').searchParams;
    const limit = Math.min(100, Number(query.get('limit') ?? 20) || 20);
    log('batch_list', 200, { limit, after: query.get('after') });
    return sendJson(res, 200, await state.batches.list(limit, query.get('after') ?? undefined));
  }
  if (id && action === 'cancel' && req.method === 'POST') {
    const batch = await state.batches.cancel(id);
    log('batch_cancel', batch ? 200 : 404, { id });
    return batch ? sendJson(res, 200, state.batches.body(batch)) : notFound('Batch');
  }
  if (id && action === undefined && req.method === 'GET') {
    const batch = await state.batches.retrieve(id);
    log('batch_retrieve', batch ? 200 : 404, { id });
    return batch ? sendJson(res, 200, state.batches.body(batch)) : notFound('Batch');
  }
  sendJson(res, 404, errorBody({ kind: 'error', status: 404, message: `Invalid URL (${key})` }, '', 0));
}
