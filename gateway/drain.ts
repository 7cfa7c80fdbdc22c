/**
 * The front door's graceful stop (`llm-cascade serve` on SIGTERM/SIGINT): the listener closes, so a new connection
 * is refused; a request that still arrives on a connection already open (keep-alive, or one whose headers were on
 * the way) is answered 503 with `Connection: close` and `Retry-After`, so a client or a load balancer sends it to
 * another instance; every request already open is answered for up to a timeout (a chat completion waits on its
 * cascade), and its response closes the connection; then whatever is left is cut. A cut request's cascade goes on in
 * Temporal: the client's retry with the same Idempotency-Key attaches to it and pays nothing twice.
 */
import type http from 'node:http';

/** How often a drain looks whether the open requests are answered. */
const SETTLE_POLL_MS = 50;

export interface HttpDrain {
  /**
   * Call first in the request listener: while draining, answers 503 + `Connection: close` and returns true (the
   * request must not be handled); otherwise remembers the response, so a drain can mark it `Connection: close`.
   */
  refuse(res: http.ServerResponse): boolean;
  /** Stops taking requests and waits up to `timeoutMs` for the open ones; `cut`: how many were still open then. */
  drain(timeoutMs: number): Promise<{ cut: number }>;
  /** Requests being answered now. */
  readonly open: number;
}

export function httpDrain(server: http.Server): HttpDrain {
  const open = new Set<http.ServerResponse>();
  let draining = false;
  return {
    get open() {
      return open.size;
    },
    refuse(res) {
      if (draining) {
        const body = JSON.stringify({
          error: {
            message: 'This gateway is shutting down: send the request again (to another instance)',
            type: 'server_error',
            param: null,
            code: 'shutting_down',
          },
        });
        res.writeHead(503, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
          'retry-after': '1',
        });
        res.end(body);
        return true;
      }
      open.add(res);
      res.once('close', () => open.delete(res));
      return false;
    },
    async drain(timeoutMs) {
      draining = true;
      // Answers still owed close their connection: a keep-alive client must not send its next request here.
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Done when the last open request is answered, not when every connection is gone: a connection that never
      // sent a byte (a load balancer's spare, a client's pre-connect) counts as neither idle nor busy to Node.
      const answered = new Promise<void>((resolve) => {
        const check = () => {
          if (open.size === 0) resolve();
          else setTimeout(check, SETTLE_POLL_MS);
        };
        check();
      });
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
      const timedOut = await Promise.race([answered.then(() => false), expired]);
      clearTimeout(timer);
      const cut = timedOut ? open.size : 0;
      server.closeAllConnections();
      await closed;
      return { cut };
    },
  };
}
