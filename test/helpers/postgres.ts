/**
 * A real PostgreSQL server for tests (and benchmarks): Debian's `postgresql` binaries, a cluster made with `initdb`
 * in a temp dir, the server run as a child process on a free loopback port (TCP only), and everything removed
 * after. As root (CI, these machines) the cluster belongs to `nobody`: PostgreSQL refuses to run as root.
 *
 *   const pg = await startPostgres();   // pg.url: postgres://postgres@127.0.0.1:<port>/postgres
 *   const url = await pg.createDatabase('one_test');   // a database of its own
 *   await pg.stop(); await pg.start();  // an outage, same data and port
 *   await pg.destroy();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { registerChildForCleanup } from '../../server/child-cleanup';
import { findFreePorts } from '../../server/free-port';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication on loopback). */
  url: string;
  port: number;
  /** Starts the server again after `stop()`: same data, same port. */
  start(): Promise<void>;
  /** Stops the server (fast shutdown): clients see connection errors until `start()`. */
  stop(): Promise<void>;
  /** Stops it and removes the cluster. */
  destroy(): Promise<void>;
  /** Creates a database of its own for one test; its URL. */
  createDatabase(name: string): Promise<string>;
}

export interface PostgresOptions {
  /** Durable settings (fsync on): for benchmarks. Tests turn fsync off: a crashed test cluster is thrown away. */
  durable?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

/** The directory of `initdb` and `postgres`: `LLM_CASCADE_PG_BIN`, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (env.LLM_CASCADE_PG_BIN) candidates.push(env.LLM_CASCADE_PG_BIN);
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // no Debian layout
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (!found)
    throw new Error(
      'PostgreSQL server binaries not found (initdb, postgres): install them with `apt-get install -y postgresql` ' +
        '(.ci/run does so on a fresh machine), or set LLM_CASCADE_PG_BIN to their directory',
    );
  return found;
}

/** uid/gid to run the server as: ours, or `nobody`'s when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : { uid: 65534, gid: 65534 };
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`postgres exited while starting (${child.exitCode ?? child.signalCode}):\n${output()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections in ${timeoutMs} ms: ${String(error)}\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'llm-cascade-pg-'));
  const data = join(root, 'data');
  if (user) chownSync(root, user.uid, user.gid);
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.stdout}`);
  }
  const [port] = await findFreePorts(1);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port: port!,
    unix_socket_directories: '',
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  const args = ['-D', data, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];

  let child: ChildProcess | undefined;
  let unregister: (() => void) | undefined;
  let output = '';
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGINT'); // fast shutdown: roll back open transactions, close connections
    const killTimer = setTimeout(() => running.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killTimer);
    unregister?.();
    child = undefined;
  };
  const start = async () => {
    if (child) return;
    output = '';
    child = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...user });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      options.log?.(chunk.toString().trimEnd());
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    // Killed (and its cluster removed) if this process exits without destroying it.
    unregister = registerChildForCleanup(child, stop, () => rmSync(root, { recursive: true, force: true }));
    try {
      await waitReady(url, child, () => output);
    } catch (error) {
      await stop();
      throw error;
    }
  };
  try {
    await start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port: port!,
    start,
    stop,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": lowercase letters, digits, _`);
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    destroy: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
