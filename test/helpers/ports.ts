/**
 * A port for a dev server a test stops and starts again in place (same port, same SQLite file), safe while other test
 * files run beside it. A port the kernel hands out (`listen(0)`, and the local port of every outgoing connection) comes
 * from the ephemeral range, so in the seconds a restarted server is down, any process's next connection could take it.
 * Below that range the kernel never picks a port by itself: only a process naming that very port could take it, and
 * the run's files name none there (they ask for free ports, or `llm-cascade dev`'s 7233).
 */
import { readFileSync } from 'node:fs';
import { isPortFree } from '../../server/free-port';

/** Where the kernel's own picks start when /proc does not say (Linux's default range is 32768-60999). */
const DEFAULT_EPHEMERAL_LOW = 32_768;
/** The lowest port this picks: above the well-known servers' ports (Temporal 7233/8233, Postgres 5432, …). */
const LOWEST = 20_000;

/** The first port of the kernel's ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`). */
export function ephemeralLow(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): number {
  try {
    const low = Number(read().trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
  } catch {
    return DEFAULT_EPHEMERAL_LOW;
  }
}

/** A free port between LOWEST and the ephemeral range, chosen at random among them (two files rarely try the same). */
export async function restartablePort(ip = '127.0.0.1'): Promise<number> {
  const high = ephemeralLow();
  for (let tries = 0; tries < 50; tries++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (await isPortFree(port, ip)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${high} on ${ip} after 50 tries`);
}
