/**
 * A real S3-compatible server for tests: versitygw (Apache-2.0, a Go module) with its posix backend in a temp dir,
 * on a free loopback port, path-style addressing, one root account. Built once into the user cache like the
 * Temporal CLI (`~/.cache/llm-cascade/bin/versitygw`; .ci/run builds it on a fresh machine, and this helper does
 * when it is missing and `go` is there).
 *
 *   const s3 = await startS3Server();        // s3.endpoint: http://127.0.0.1:<port>
 *   await s3.createBucket('blobs-test');     // bucket names: 3-63 of a-z, 0-9, '.', '-'
 *   process.env = { ...process.env, ...s3.env };   // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION
 *   await s3.stop();                         // stops it and removes its data
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { registerChildForCleanup } from '../../server/child-cleanup';
import { findFreePort } from '../../server/free-port';
import { cacheDir } from '../../server/temporal-cli';

/** The version .ci/run and this helper build (`go install …@VERSITYGW_VERSION`). */
export const VERSITYGW_VERSION = 'v1.8.0';
const MODULE = 'github.com/versity/versitygw/cmd/versitygw';

export interface S3Server {
  endpoint: string;
  region: string;
  /** The AWS environment a client of this server needs (credentials, region, endpoint). */
  env: Record<string, string>;
  /** The directory whose subfolders are the buckets (what a reader of the bucket's disk would see). */
  root: string;
  createBucket(name: string): Promise<void>;
  /** An SDK client of this server, for a test's own looks (closed by `stop`). */
  client: S3Client;
  stop(): Promise<void>;
}

/** `VERSITYGW_PATH`, else `versitygw` on PATH, else the user cache (built there with `go install` when missing). */
export function findVersitygw(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VERSITYGW_PATH) return env.VERSITYGW_PATH;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'versitygw'))) return join(dir, 'versitygw');
  }
  const bin = join(cacheDir(env), 'bin');
  const cached = join(bin, 'versitygw');
  if (existsSync(cached)) return cached;
  mkdirSync(bin, { recursive: true });
  const go = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
  const built = spawnSync(go, ['install', `${MODULE}@${VERSITYGW_VERSION}`], {
    env: { ...env, GOBIN: bin },
    encoding: 'utf8',
    timeout: 20 * 60_000,
  });
  if (built.status !== 0 || !existsSync(cached)) {
    throw new Error(
      `versitygw (the tests' S3-compatible server) is missing and could not be built: run ` +
        `\`GOBIN=${bin} go install ${MODULE}@${VERSITYGW_VERSION}\` (needs Go), or set VERSITYGW_PATH.\n` +
        `${built.error?.message ?? ''}${built.stderr ?? ''}`,
    );
  }
  return cached;
}

async function waitReady(endpoint: string, child: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`versitygw exited while starting (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      await fetch(endpoint); // any HTTP answer (403 without credentials) means it serves
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`versitygw did not answer in ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function startS3Server(): Promise<S3Server> {
  const binary = findVersitygw();
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-s3-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'llmcascadetest', secretAccessKey: `secret-${process.pid}-${port}` };
  const child = spawn(
    binary,
    ['--access', credentials.accessKeyId, '--secret', credentials.secretAccessKey, '--region', region].concat([
      '--port',
      `127.0.0.1:${port}`,
      '--quiet',
      'posix',
      root,
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const unregister = registerChildForCleanup(child, kill, () => rmSync(dir, { recursive: true, force: true }));
  try {
    await waitReady(endpoint, child, () => output);
  } catch (error) {
    await kill();
    unregister();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const client = new S3Client({ region, endpoint, forcePathStyle: true, credentials });
  return {
    endpoint,
    region,
    root,
    client,
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
    },
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      client.destroy();
      await kill();
      unregister();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
