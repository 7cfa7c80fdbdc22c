/**
 * A real TLS front for the tests' Temporal dev server (which speaks plaintext only): nginx from Debian's package,
 * terminating TLS with client-certificate verification (`ssl_verify_client on`) and passing gRPC on over HTTP/2
 * (`grpc_pass`), with a CA, a server and a client certificate made by the openssl CLI. nginx runs as a child process
 * (unprivileged: `nobody` when we are root) on a free loopback port, its config and logs in a temp dir.
 *
 *   const certs = makeCertificates();
 *   const proxy = await startGrpcTlsProxy({ upstream: server.address, certs });   // proxy.address: 127.0.0.1:<port>
 *   proxy.requests();   // what went through it: [{ path, status, clientDn }]
 *   await proxy.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerChildForCleanup } from '../../server/child-cleanup';
import { findFreePort } from '../../server/free-port';

export interface TestCertificates {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Signed by the CA, for clientAuth: the proxy lets it in. */
  clientCert: string;
  clientKey: string;
  /** Signed by a CA of its own, which the proxy does not trust. */
  strangerCert: string;
  strangerKey: string;
}

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  }
}

/** A CA, a server certificate for `localhost` and 127.0.0.1, and client certificates: P-256 keys, valid a day. */
export function makeCertificates(dir = mkdtempSync(join(tmpdir(), 'llm-cascade-certs-'))): TestCertificates {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string) =>
    openssl(
      ['req', '-x509', ...key, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`],
      dir,
    );
  const leaf = (name: string, signer: string, extensions: string) => {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(['req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${signer}.crt`,
        '-CAkey',
        `${signer}.key`,
        '-CAcreateserial',
        '-days',
        '1',
        '-out',
        `${name}.crt`,
        '-extfile',
        `${name}.ext`,
      ],
      dir,
    );
  };
  ca('test-ca');
  ca('stranger-ca');
  leaf(
    'server',
    'test-ca',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  leaf('worker', 'test-ca', 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  leaf('stranger', 'stranger-ca', 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  const at = (name: string) => join(dir, name);
  return {
    dir,
    caCert: at('test-ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('worker.crt'),
    clientKey: at('worker.key'),
    strangerCert: at('stranger.crt'),
    strangerKey: at('stranger.key'),
  };
}

/** Debian's nginx binary, or a clear error saying how to install it. */
export function findNginx(): string {
  const found = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'nginx'))].find(
    (path) => existsSync(path),
  );
  if (!found) {
    throw new Error('nginx not found: install it with `apt-get install -y nginx` (.ci/run does so on a fresh machine)');
  }
  return found;
}

export interface GrpcTlsProxy {
  /** `127.0.0.1:<port>`: TLS, certificate for `localhost`. */
  address: string;
  /** The gRPC calls that reached the proxy, in order: method path, HTTP status, the client certificate's subject. */
  requests(): { path: string; status: number; clientDn: string }[];
  stop(): Promise<void>;
}

/** uid/gid to run nginx as: ours, or `nobody`'s when we are root. */
function unprivileged(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u') || 65534, gid: id('-g') || 65534 };
}

export async function startGrpcTlsProxy(options: { upstream: string; certs: TestCertificates }): Promise<GrpcTlsProxy> {
  const nginx = findNginx();
  const { certs } = options;
  const root = mkdtempSync(join(tmpdir(), 'llm-cascade-nginx-'));
  const port = await findFreePort();
  const accessLog = join(root, 'access.log');
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(root, dir));
  writeFileSync(
    join(root, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${root}/nginx.pid;
error_log stderr notice;
events { worker_connections 512; }
http {
  log_format calls '$request_uri $status "$ssl_client_s_dn"';
  access_log ${accessLog} calls;
  client_body_temp_path ${root}/body;
  proxy_temp_path ${root}/proxy;
  fastcgi_temp_path ${root}/fastcgi;
  uwsgi_temp_path ${root}/uwsgi;
  scgi_temp_path ${root}/scgi;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${certs.serverCert};
    ssl_certificate_key ${certs.serverKey};
    ssl_client_certificate ${certs.caCert};
    ssl_verify_client on;
    # Payloads up to Temporal's 2 MB and more; long polls hold a call for a minute or more.
    client_max_body_size 0;
    grpc_read_timeout 300s;
    grpc_send_timeout 300s;
    location / { grpc_pass grpc://${options.upstream}; }
  }
}
`,
  );
  const user = unprivileged();
  if (user) {
    for (const path of [root, ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((dir) => join(root, dir))]) {
      chownSync(path, user.uid, user.gid);
    }
    for (const file of [certs.dir, certs.serverKey]) chownSync(file, user.uid, user.gid);
  }
  let output = '';
  const child: ChildProcess = spawn(nginx, ['-e', 'stderr', '-p', root, '-c', join(root, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...user,
  });
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT'); // graceful: finish open requests
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    }
    unregister();
    rmSync(root, { recursive: true, force: true });
  };
  const unregister = registerChildForCleanup(child, stop, () => rmSync(root, { recursive: true, force: true }));
  await waitListening(port, child, () => output).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    address: `127.0.0.1:${port}`,
    requests: () =>
      (existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [, path = '', status = '0', clientDn = ''] = /^(\S*) (\d+) "(.*)"$/.exec(line) ?? [];
          return { path, status: Number(status), clientDn: clientDn === '-' ? '' : clientDn }; // nginx logs unset as -
        }),
    stop,
  };
}

async function waitListening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 500).unref();
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on 127.0.0.1:${port} in 10 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
