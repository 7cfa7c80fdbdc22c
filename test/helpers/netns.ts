/**
 * Hosts for the multi-host test, made of Linux namespaces (root only): a bridge with a private /24 in the test's
 * network namespace, and per host a network namespace joined to it by a veth pair. A process started on a host runs
 * in that network namespace and in a mount namespace of its own where every mount is read-only except a private
 * tmpfs /tmp and the host's data directory, so the kernel refuses any write outside them.
 *
 * The servers keep listening on loopback only; `bridgePort` opens a TCP relay on the bridge address (private to the
 * test's namespaces) in front of one of them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

export interface Cluster {
  /** The bridge's address: what hosts use to reach the servers. */
  gateway: string;
  hosts: NetHost[];
  /** A relay on the bridge address to `127.0.0.1:port`; its port on the bridge. */
  bridgePort(port: number): Promise<number>;
  destroy(): Promise<void>;
}

export interface NetHost {
  name: string;
  address: string;
  /** Its data directory (the only place besides its /tmp where it may write). */
  dataDir: string;
  /** Starts `command` on this host; its stdout and stderr go to `<dataDir>/<log>`. */
  spawn(command: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess;
  /** Runs `command` on this host to its end. */
  run(command: string[], env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string };
}

function sh(args: string[]): void {
  const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr || result.status}`);
}

/**
 * The shell that turns a fresh mount namespace into a host's view: everything read-only, /tmp a private tmpfs, the
 * data directory writable. Pure text, so a unit test can read it.
 */
export function hostMountScript(dataDir: string): string {
  return [
    'set -e',
    'mount --make-rprivate /',
    `mount --bind ${dataDir} ${dataDir}`,
    // Deepest first, so a parent's remount never hides a child; /proc, /sys, /dev and the data dir stay as they are.
    `for m in $(findmnt -rn -o TARGET | sort -r); do case "$m" in /proc*|/sys*|/dev*|${dataDir}) ;; *) mount -o remount,bind,ro "$m" 2>/dev/null || true ;; esac; done`,
    'mount -t tmpfs -o size=512m tmpfs /tmp',
    `cd ${dataDir}`,
    'exec "$@"',
  ].join('\n');
}

export function startCluster(root: string, hostCount: number): Cluster {
  const id = String(process.pid % 10000);
  const subnet = `10.213.${20 + (process.pid % 200)}`;
  const gateway = `${subnet}.1`;
  const bridge = `lcbr${id}`;
  const made: string[][] = [];
  sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
  made.push(['ip', 'link', 'del', bridge]);
  sh(['ip', 'addr', 'add', `${gateway}/24`, 'dev', bridge]);
  sh(['ip', 'link', 'set', bridge, 'up']);
  const hosts: NetHost[] = [];
  for (let i = 1; i <= hostCount; i++) {
    const ns = `lc${id}h${i}`;
    const veth = `lc${id}v${i}`;
    sh(['ip', 'netns', 'add', ns]);
    made.push(['ip', 'netns', 'del', ns]);
    sh(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    // Deleted by its host end: a namespace a dead host's mounts still pin would otherwise keep the pair.
    made.push(['ip', 'link', 'del', veth]);
    sh(['ip', 'link', 'set', veth, 'master', bridge, 'up']);
    const address = `${subnet}.${10 + i}`;
    sh(['ip', '-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
    sh(['ip', '-n', ns, 'link', 'set', 'eth0', 'up']);
    sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    const dataDir = join(root, `host${i}`);
    mkdirSync(dataDir, { recursive: true });
    const argv = (command: string[]) => [
      'netns',
      'exec',
      ns,
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      hostMountScript(dataDir),
      'host',
      ...command,
    ];
    hosts.push({
      name: `host${i}`,
      address,
      dataDir,
      spawn(command, env, log) {
        const child = spawn('ip', argv(command), { env, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = createWriteStream(join(dataDir, log));
        child.stdout!.pipe(out);
        child.stderr!.pipe(out);
        return child;
      },
      run(command, env = process.env) {
        const result = spawnSync('ip', argv(command), { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      },
    });
  }
  const relays: Server[] = [];
  const sockets = new Set<Socket>();
  return {
    gateway,
    hosts,
    async bridgePort(port) {
      const server = createServer((socket) => {
        const upstream = createConnection({ host: '127.0.0.1', port });
        for (const end of [socket, upstream]) {
          sockets.add(end);
          end.on('close', () => sockets.delete(end));
        }
        socket.pipe(upstream).pipe(socket);
        const close = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', close);
        upstream.on('error', close);
      });
      relays.push(server);
      await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
      return (server.address() as { port: number }).port;
    },
    async destroy() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(relays.map((server) => new Promise((resolve) => server.close(resolve))));
      for (const command of made.reverse()) spawnSync(command[0]!, command.slice(1));
    },
  };
}
