/**
 * Flags of the long-running processes (`worker`, `serve`): the interfaces and ports their endpoints bind, and how long
 * a shutdown waits for work in flight. Loopback stays the default everywhere; a bad value exits 2 naming the flag.
 */
import { isIP } from 'node:net';
import type { Duration } from '@temporalio/common';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { msToNumber } from './options';

function invalid(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}

/** A TCP port, 0..65535 (0: a free one). */
export function parsePort(flag: string): (value: string) => number {
  return (value) => {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65_535) throw invalid(`${flag} must be a port 0..65535, got "${value}"`);
    return port;
  };
}

/** An interface to bind: an IPv4 or IPv6 address, or `localhost`. */
export function parseHost(flag: string): (value: string) => string {
  return (value) => {
    if (isIP(value) === 0 && value !== 'localhost') {
      throw invalid(`${flag} must be an IP address to bind (127.0.0.1, 0.0.0.0, ::), got "${value}"`);
    }
    return value;
  };
}

/** A duration of 0 or more (`30s`, `2m`, `0`), in ms. */
export function parseGrace(flag: string): (value: string) => number {
  return (value) => {
    let ms = NaN;
    try {
      ms = /^\d+$/.test(value) ? Number(value) * 1000 : msToNumber(value as Duration);
    } catch {
      // not a duration
    }
    if (!Number.isFinite(ms) || ms < 0)
      throw invalid(`${flag} must be a duration such as "30s" or "2m", got "${value}"`);
    return ms;
  };
}

export const SHUTDOWN_GRACE_FLAG = '--shutdown-grace <duration>';
export const SHUTDOWN_GRACE_HELP =
  'on SIGTERM/SIGINT: stop taking work, then wait this long for work in flight (model calls, open requests) before cancelling it (default 30s; a bare number is seconds)';
export const HOST_HELP = (what: string) =>
  `interface the ${what} binds (default 127.0.0.1, loopback only; 0.0.0.0 for every interface, as in a container)`;
