/**
 * Installs the peers on first use, from the pinned manifests under bench/peers/, into bench/.peers/ (gitignored):
 * LiteLLM with pip (`--target`), the Portkey gateway with `npm ci`. A stamp holding the manifest's hash skips
 * the install next time; a changed manifest reinstalls. A failure makes that peer "unavailable", not the run.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../server/temporal-cli';

/** Source folder of the bench (TypeScript is compiled to lib/bench, the manifests stay here). */
export const BENCH_DIR = join(findProjectRoot(), 'bench');
export const PEERS_DIR = join(BENCH_DIR, '.peers');

export type PeerStatus = { available: true; dir: string } | { available: false; reason: string };

function hashOf(...files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: BENCH_DIR });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} ${args.slice(0, 3).join(' ')}… ${signal ? `killed (${signal})` : `exited ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
    });
  });
}

/** Runs `install` into `dir` unless `dir`'s stamp matches `stamp`. */
async function ensure(
  dir: string,
  stamp: string,
  install: () => Promise<void>,
  log: (line: string) => void,
  what: string,
): Promise<PeerStatus> {
  const stampFile = join(dir, '.installed');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { available: true, dir };
  log(`installing ${what} into ${dir} (first run only)…`);
  const started = Date.now();
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await install();
    writeFileSync(stampFile, stamp);
    log(`installed ${what} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { available: true, dir };
  } catch (error) {
    return { available: false, reason: `${what} could not be installed: ${(error as Error).message}` };
  }
}

/** LiteLLM from `bench/peers/requirements.txt` (every dependency pinned). */
export function ensureLiteLLM(log: (line: string) => void): Promise<PeerStatus> {
  return pipInstall(['requirements.txt'], 'litellm', 'LiteLLM (pip)', log);
}

/**
 * LiteLLM's proxy server: the same pinned LiteLLM plus the proxy's own dependencies from
 * `bench/peers/requirements-proxy.txt` (its `[proxy]` extra cannot be installed as such: it requires a
 * `litellm-proxy` package of the same version that the registry does not have).
 */
export function ensureLiteLLMProxy(log: (line: string) => void): Promise<PeerStatus> {
  return pipInstall(['requirements.txt', 'requirements-proxy.txt'], 'litellm-proxy', 'LiteLLM proxy (pip)', log);
}

function pipInstall(files: string[], dirName: string, what: string, log: (line: string) => void): Promise<PeerStatus> {
  const requirements = files.map((file) => join(BENCH_DIR, 'peers', file));
  const dir = join(PEERS_DIR, dirName);
  return ensure(
    dir,
    hashOf(...requirements),
    () =>
      run(
        'python3',
        [
          '-m',
          'pip',
          'install',
          '--disable-pip-version-check',
          '--no-input',
          '--quiet',
          '--target',
          dir,
          ...requirements.flatMap((file) => ['-r', file]),
        ],
        15 * 60_000,
      ),
    log,
    what,
  );
}

/** The Portkey gateway from `bench/peers/portkey/package.json` + lockfile, without install scripts. */
export function ensurePortkey(log: (line: string) => void): Promise<PeerStatus> {
  const source = join(BENCH_DIR, 'peers', 'portkey');
  const dir = join(PEERS_DIR, 'portkey');
  const manifests = ['package.json', 'package-lock.json'];
  return ensure(
    dir,
    hashOf(...manifests.map((name) => join(source, name))),
    async () => {
      for (const name of manifests) copyFileSync(join(source, name), join(dir, name));
      // --ignore-scripts: the package's postinstall (patch-package) has nothing to patch in the npm tarball.
      await run(
        'npm',
        ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
        10 * 60_000,
      );
    },
    log,
    'Portkey gateway (npm)',
  );
}
