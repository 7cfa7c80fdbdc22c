import { createServer, type Server } from 'node:net';

function listen(server: Server, ip: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: ip, port, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error(`no TCP address for ${ip}`));
      else resolve(address.port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Returns `count` distinct ports that were free on `ip` a moment ago, by binding port 0 and letting the kernel
 * choose. All sockets are held open together before closing, so the ports differ from each other (a server
 * and its UI must not collide). Another process could still take one before the caller binds it; callers that
 * start servers treat an early exit as a failure worth reporting, not a hang.
 */
export async function findFreePorts(count: number, ip = '127.0.0.1'): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    const ports: number[] = [];
    for (const server of servers) ports.push(await listen(server, ip, 0));
    return ports;
  } finally {
    await Promise.all(servers.filter((s) => s.listening).map(close));
  }
}

/** One free port on `ip`; see {@link findFreePorts}. */
export async function findFreePort(ip = '127.0.0.1'): Promise<number> {
  const [port] = await findFreePorts(1, ip);
  return port as number;
}

/**
 * True when `ip:port` can be bound right now (nothing listens there). Used before restarting a server on a
 * port it just released, so a still-closing predecessor gives a clear error instead of a confusing early exit.
 */
export async function isPortFree(port: number, ip = '127.0.0.1'): Promise<boolean> {
  const server = createServer();
  try {
    await listen(server, ip, port);
    return true;
  } catch {
    return false;
  } finally {
    if (server.listening) await close(server);
  }
}
