/** HTTP helpers of the fake provider: JSON answers with OpenAI's headers, a huge streamed answer, bodies, delays. */
import type http from 'node:http';
import type { FakeHugeReply } from './fake-types';
import { countTextTokens, randomId } from './openai-wire';

/** One chunk of a huge answer: plain words, safe inside a JSON string. */
const HUGE_CHUNK = 'all work and no play makes a very long answer '.repeat(1_400);

export function hugeCompletionTokens(bytes: number): number {
  return Math.ceil((countTextTokens(HUGE_CHUNK) * bytes) / HUGE_CHUNK.length);
}

/**
 * Streams a completion whose content is `reply.bytes` bytes long, chunk by chunk with back-pressure, so a 60 MB
 * answer costs the fake no more memory than one chunk. The usage block comes after the choices, as OpenAI sends it.
 */
export function sendHuge(res: http.ServerResponse, payload: Record<string, unknown>, reply: FakeHugeReply): void {
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

export function sendJson(
  res: http.ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
) {
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

export function readBody(req: http.IncomingMessage, encoding: BufferEncoding = 'utf8'): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString(encoding)));
    req.on('error', reject);
  });
}

/** A signal that aborts when the response's connection closes before (or after) the reply is sent. */
export function abortOnClose(res: http.ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => ac.abort());
  return ac.signal;
}

/** Wait `ms`; resolves false (early) when `signal` aborts, true when the time has passed. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
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
