import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerChildForCleanup } from './child-cleanup';
import { findFreePorts, isPortFree } from './free-port';
import { searchAttributeArgs } from './search-attributes';
import { findProjectRoot, locateTemporalCli } from './temporal-cli';
import { waitUntilReady } from './wait-until-ready';

export { registerSearchAttributes } from './search-attributes';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** gRPC frontend port; a free one when omitted. Pass the previous port to restart a server in place. */
  port?: number;
  /** Web UI port; a free one when omitted, `false` for a headless server. */
  uiPort?: number | false;
  /** Address both ports bind to (default 127.0.0.1: nothing is exposed beyond this machine). */
  ip?: string;
  /** SQLite file that keeps state across restarts; in-memory when omitted. */
  dbFilename?: string;
  /** Namespace to create and to wait for (default `default`). */
  namespace?: string;
  /** Register llm-cascade's search attributes and wait until they are visible (default true). */
  searchAttributes?: boolean;
  /** Appended to the `temporal server start-dev` command line. */
  extraArgs?: string[];
  /** Receives progress lines. */
  log?: (msg: string) => void;
  /** How long to wait for health and search attributes before giving up (default 60 000 ms). */
  startTimeoutMs?: number;
  /**
   * Picks free ports (`count` distinct ones on `ip`); a test seam to force a port race. @default findFreePorts
   */
  pickPorts?: (count: number, ip: string) => Promise<number[]>;
  /**
   * Whether the running child keeps this Node process alive (default true). Pass false for a server that should
   * just die with the process (e.g. a test file's lazily started server); it is still killed on exit.
   */
  keepProcessAlive?: boolean;
}

/** A running `temporal server start-dev` child process. */
export interface DevServer {
  /** `host:port` of the gRPC frontend, for `Connection.connect({ address })`. */
  address: string;
  port: number;
  /** Web UI base URL; undefined when headless. */
  uiUrl?: string;
  namespace: string;
  pid: number;
  /** File receiving the server's stdout and stderr; removed by a stop() after a successful start. */
  logFile: string;
  /** SIGTERM, up to 10 s grace, then SIGKILL; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log output)';
  }
}

function logDir(): string {
  const dir = join(findProjectRoot(), '.tmp');
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return tmpdir(); // e.g. a read-only checkout
  }
}

/**
 * Starts `temporal server start-dev` as a child process and resolves once it answers health checks and lists
 * llm-cascade's search attributes (the dev server registers those asynchronously after it starts serving).
 * The child is killed when this process exits. Restarting on the same `port` and `dbFilename` after `stop()`
 * brings back the same state.
 *
 * @throws CascadeConfigError when no temporal CLI can be found; Error with the log's last lines when the
 *   server exits early or is not ready within `startTimeoutMs`.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const ip = options.ip ?? '127.0.0.1';
  const cli = await locateTemporalCli({ log });
  if (options.port !== undefined && !(await isPortFree(options.port, ip))) {
    throw new Error(`port ${ip}:${options.port} is in use; stop the server holding it before starting another there`);
  }
  for (let attempt = 1; ; attempt++) {
    // Three candidates so the UI port can always differ from a caller-chosen main port.
    const free = await (options.pickPorts ?? findFreePorts)(3, ip);
    const port = options.port ?? (free[0] as number);
    const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? free.find((p) => p !== port));
    try {
      return await launch(cli, { ...options, ip, port, uiPort });
    } catch (error) {
      // A port picked here was free a moment ago; another process can take it before the server binds it (a busy
      // machine, parallel tests). That is no reason to fail: pick again, a bounded number of times, saying so once.
      const picked = options.port === undefined || (options.uiPort === undefined && uiPort !== undefined);
      if (!(error instanceof PortTakenError) || !picked || attempt >= PORT_RACE_TRIES) throw error;
      if (attempt === 1) log(`${error.message}: starting the Temporal dev server on other ports`);
    }
  }
}

/** How many times a server whose freshly picked port was taken is started again on new ports. */
const PORT_RACE_TRIES = 5;

/** The server exited because a port it was given was taken in the meantime (`bind: address already in use`). */
class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
}

async function launch(
  cli: string,
  options: DevServerOptions & { ip: string; port: number; uiPort: number | undefined },
): Promise<DevServer> {
  const { ip, port, uiPort } = options;
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--namespace', namespace];
  // --ui-disable-news-fetch: the UI would otherwise reach out to the internet, which CI machines cannot.
  args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort), '--ui-disable-news-fetch']));
  if (options.dbFilename !== undefined) {
    const db = resolve(options.dbFilename);
    mkdirSync(dirname(db), { recursive: true });
    args.push('--db-filename', db);
  }
  args.push('--log-level', 'warn');
  // The same dynamic config the SDK's own test server uses: Workflow Update on, no version-check phone-home.
  // Eager activity execution hands a cascade's model call back to the worker in the workflow-task response,
  // saving a server round trip per attempt (about 40 ms at p50 on 2 cores: bench/README.md, worker tuning).
  for (const value of [
    'frontend.enableUpdateWorkflowExecution=true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    'frontend.enableServerVersionCheck=false',
    'system.enableActivityEagerExecution=true',
    // Eager workflow start: a client on an in-process worker's connection (`serve --with-worker`) gets the new
    // workflow's first task in the start response instead of through the task queue.
    'system.enableEagerWorkflowStart=true',
  ]) {
    args.push('--dynamic-config-value', value);
  }
  if (options.searchAttributes ?? true) args.push(...searchAttributeArgs());
  args.push(...(options.extraArgs ?? []));

  const logFile = join(logDir(), `temporal-dev-${port}-${Date.now()}.log`);
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    // The child writes straight into the file, so its output is kept even if this process is busy or dies.
    child = spawn(cli, args, { stdio: ['ignore', fd, fd], detached: false });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A spawn failure (e.g. EACCES) sets exitCode without an 'exit' event; keep its reason for the error below.
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  let ready = false;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!hasExited()) {
        child.kill('SIGTERM');
        const graceful = await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })]);
        if (!graceful) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      unregister();
      removeLog();
    })();
    return stopping;
  };
  // Logs matter while the server runs or when it failed to start (the error names the file); a server that
  // started fine would otherwise leave one file per test run behind.
  const removeLog = () => {
    if (ready) rmSync(logFile, { force: true });
  };
  const unregister = registerChildForCleanup(child, stop, removeLog);

  const address = `${ip}:${port}`;
  const started = Date.now();
  try {
    await waitUntilReady(address, namespace, options.searchAttributes ?? true, {
      deadline: started + (options.startTimeoutMs ?? 60_000),
      hasExited,
    });
  } catch (err) {
    await stop();
    const tail = logTail(logFile);
    if (/address already in use/.test(tail)) {
      rmSync(logFile, { force: true });
      throw new PortTakenError(
        `port ${ip}:${port}${uiPort ? ` or ${ip}:${uiPort}` : ''} was taken before the server bound it`,
      );
    }
    const why = spawnError?.message ?? (err instanceof Error ? err.message : String(err));
    throw new Error(
      `temporal dev server at ${address} did not start: ${why}\n--- ${logFile} (last lines) ---\n` + tail,
    );
  }
  ready = true;
  if (options.keepProcessAlive === false) child.unref();
  const uiUrl = uiPort === undefined ? undefined : `http://${ip}:${uiPort}`;
  log(`temporal dev server ready at ${address}${uiUrl ? `, UI ${uiUrl}` : ''} in ${Date.now() - started} ms`);
  return { address, port, uiUrl, namespace, pid: child.pid ?? -1, logFile, stop };
}
