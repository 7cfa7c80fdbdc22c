/**
 * The CLI exits with the package manager that started it. `npx llm-cascade worker` runs `npm exec` → `sh -c` →
 * node; stopping npx (`kill <pid of npx>`) ends npm and its shell but signals nothing further, so the worker would
 * live on, orphaned, still serving its task queue with a catalog nobody runs any more. Under npm, npx, yarn or pnpm
 * the CLI therefore watches its parent (and a shell parent's own parent) and, when one is gone, stops itself with
 * SIGTERM: the same graceful shutdown as Ctrl-C. Started any other way (a terminal, systemd, a container, `nohup`)
 * it does not watch: outliving its parent is then what the user asked for.
 */
import { readFileSync } from 'node:fs';

/** How often the parent is looked at. */
const WATCH_MS = 1_000;
/** After the SIGTERM, how long a graceful shutdown may take before the process exits anyway. */
const FORCE_EXIT_MS = 30_000;
const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'busybox']);

/** Whether a package manager ran this process: npm, npx, yarn and pnpm set `npm_lifecycle_event` for what they run. */
export function startedByPackageManager(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.npm_lifecycle_event);
}

/** A Linux process's parent pid and command name (from /proc); undefined elsewhere or when it is gone. */
function procInfo(pid: number): { ppid: number; comm: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { ppid, comm } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The processes whose end ends this one: the parent, and, when the parent is a shell (`sh -c` under npm), the
 * package manager above it (a SIGKILLed npx leaves its shell waiting on us).
 */
export function watchedAncestors(ppid: number, info: (pid: number) => { ppid: number; comm: string } | undefined) {
  const parent = info(ppid);
  return parent && SHELLS.has(parent.comm) && parent.ppid > 1 ? [ppid, parent.ppid] : [ppid];
}

/**
 * Under a package manager, stops this process (SIGTERM, then exit after 30 s) once its parent or the package
 * manager above a shell parent is gone. Returns a function that stops watching.
 */
export function exitWithParent(
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; everyMs?: number } = {},
): () => void {
  if (!startedByPackageManager(options.env ?? process.env)) return () => undefined;
  const ppid = process.ppid;
  const watched = watchedAncestors(ppid, procInfo);
  const timer = setInterval(() => {
    const gone = process.ppid !== ppid ? ppid : watched.find((pid) => !alive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    options.log?.(`llm-cascade: the process that started this one (pid ${gone}) has stopped: stopping too`);
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  }, options.everyMs ?? WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
