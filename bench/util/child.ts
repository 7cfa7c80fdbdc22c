/** Child processes of the harness (fake upstream, Portkey gateway, LiteLLM runner): started, awaited, stopped. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerChildForCleanup } from '../../server/child-cleanup';

export interface BenchChild {
  child: ChildProcess;
  /** Line reader over the child's stdout. */
  lines: Interface;
  /** The last lines of stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM, 5 s grace, then SIGKILL. Idempotent. */
  stop(): Promise<void>;
}

/** Spawns a child whose stdout speaks line-delimited text, killed when the harness exits. */
export function spawnChild(command: string, args: string[], options: SpawnOptions = {}): BenchChild {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.splice(0, stderr.length - 50);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const graceful = await Promise.race([exited.then(() => true), sleep(5_000, false, { ref: false })]);
        if (!graceful) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      unregister();
    })();
    return stopping;
  };
  const unregister = registerChildForCleanup(child, stop);
  const lines = createInterface({ input: child.stdout! });
  return { child, lines, stderrTail: () => stderr.join('').split('\n').slice(-15).join('\n'), stop };
}

/**
 * Resolves with the first stdout line that `accept` maps to a value, or rejects when the child exits first or
 * `timeoutMs` passes (the error carries the child's stderr tail).
 */
export function waitForLine<T>(
  bench: BenchChild,
  accept: (line: string) => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`${what}: not ready after ${timeoutMs} ms\n${bench.stderrTail()}`)),
      timeoutMs,
    );
    const onLine = (line: string) => {
      const value = accept(line);
      if (value !== undefined) finish(undefined, value);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`${what}: exited (code ${code}) before it was ready\n${bench.stderrTail()}`));
    const finish = (error: Error | undefined, value?: T) => {
      clearTimeout(timer);
      bench.lines.off('line', onLine);
      bench.child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    };
    bench.lines.on('line', onLine);
    bench.child.once('exit', onExit);
  });
}
