/** The few HTTP helpers the front door needs: a JSON answer, a capped JSON body, one header's value. */
import type http from 'node:http';
import { GatewayError } from './errors';

export function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The request's JSON body, read up to `maxBytes` (413 past it, 400 when it does not parse). */
export async function readJson(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
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
