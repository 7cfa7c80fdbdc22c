import type { ChildProcess } from 'node:child_process';

/*
 * Child servers must not outlive the Node process that started them: an orphaned dev server keeps its ports and
 * makes the next test run fail in confusing ways. Node does not kill children when it exits, so every live
 * server is registered here until its stop() finishes.
 */

interface Entry {
  child: ChildProcess;
  stop: () => Promise<void>;
  afterKill?: () => void;
}

const live = new Set<Entry>();
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

function onExit(): void {
  // 'exit' handlers cannot wait, so graceful shutdown is impossible here; SIGKILL is the only sure way to free
  // the ports. The server persists through SQLite transactions, so a killed server loses no committed state.
  for (const { child, afterKill } of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    afterKill?.();
  }
}

function onSignal(signal: HandledSignal): void {
  const entries = [...live];
  // Node only exits on SIGINT/SIGTERM when nobody listens; we do, so exit ourselves unless another listener
  // (e.g. the test runner's own handler) has taken responsibility for it.
  const othersListen = process.listenerCount(signal) > 1;
  void Promise.allSettled(entries.map((e) => e.stop())).then(() => {
    if (!othersListen) process.exit(SIGNAL_EXIT_CODES[signal]);
  });
}

const handlers: Record<HandledSignal, () => void> = {
  SIGINT: () => onSignal('SIGINT'),
  SIGTERM: () => onSignal('SIGTERM'),
};

function install(): void {
  process.on('exit', onExit);
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
}

function uninstall(): void {
  // Once nothing is running, give Node back its default signal behaviour (exit immediately).
  process.off('exit', onExit);
  process.off('SIGINT', handlers.SIGINT);
  process.off('SIGTERM', handlers.SIGTERM);
}

/**
 * Kills `child` if the process exits (then runs the synchronous `afterKill`), and stops it (via `stop`) on
 * SIGINT/SIGTERM, until the returned function is called. Call that function once the child has exited.
 */
export function registerChildForCleanup(
  child: ChildProcess,
  stop: () => Promise<void>,
  afterKill?: () => void,
): () => void {
  const entry: Entry = { child, stop, afterKill };
  if (live.size === 0) install();
  live.add(entry);
  return () => {
    if (live.delete(entry) && live.size === 0) uninstall();
  };
}
