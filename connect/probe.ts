/**
 * Why a TLS connection failed, learnt by shaking hands once with `node:tls`. The client's gRPC (grpc-js) reports
 * every TLS failure as "Failed to connect before the deadline"; the handshake itself names the cause (an unknown
 * issuer, a certificate for another name, a server that speaks no TLS), which connect/explain.ts turns into a fix.
 */
import { connect } from 'node:tls';
import { isIP } from 'node:net';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';

/** The handshake's error message, or undefined when the handshake succeeds (the trouble is elsewhere). */
export function tlsHandshakeError(
  address: string,
  tls: TLSConfig | true,
  timeoutMs = 3_000,
): Promise<string | undefined> {
  const config = tls === true ? {} : tls;
  const { host, port } = splitAddress(address);
  const servername = config.serverNameOverride ?? (isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(servername && { servername }),
      // Without a servername, node checks the address's IP against the certificate, as gRPC does.
      ...(config.serverRootCACertificate && { ca: Buffer.from(config.serverRootCACertificate) }),
      ...(config.clientCertPair && {
        cert: Buffer.from(config.clientCertPair.crt),
        key: Buffer.from(config.clientCertPair.key),
      }),
      ALPNProtocols: ['h2'],
    });
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(`no TLS handshake within ${timeoutMs} ms`), timeoutMs);
    socket.once('secureConnect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(`TLS handshake: ${error.message}${error.code ? ` (${error.code})` : ''}`),
    );
  });
}

/** `host:port`, `[v6]:port`; the port defaults to 7233, Temporal's. */
function splitAddress(address: string): { host: string; port: number } {
  const match = /^\[?(.*?)\]?(?::(\d+))?$/.exec(address);
  return { host: match?.[1] || address, port: Number(match?.[2] ?? 7233) };
}
