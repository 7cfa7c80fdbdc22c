/**
 * CPU time of the runner's finished children, for each file's line and the summary: on a shared machine a file's wall
 * time says as much about the others' load as about the file, its CPU seconds do not, and on 2 cores the CPU the files
 * need together is what bounds the run. Linux only (/proc); elsewhere no figure.
 *
 * Read from the runner's own `/proc/self/stat` (cutime + cstime: every child it reaped, with whatever those children
 * reaped in turn: the workers, CLIs and servers a test file started and waited for) just after each child exits: the
 * growth since the previous reading is that child's. Two children that exit in the same instant share one reading
 * (rare; the figure is then on the first one).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux the project runs on). */
const TICKS_PER_SECOND = 100;

/** cutime + cstime of a /proc/<pid>/stat line, ms (pure: test/unit/test-runner-summary.test.ts). */
export function reapedCpuMs(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of the line, 14 and 15 counted from field 3.
  const [cutime, cstime] = [Number(fields[13]), Number(fields[14])];
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
  return ((cutime + cstime) * 1000) / TICKS_PER_SECOND;
}

let last: number | undefined;

/** CPU ms of the children reaped since the previous call (the first call starts counting); undefined off Linux. */
export function takeChildCpuMs(): number | undefined {
  let now: number | undefined;
  try {
    now = reapedCpuMs(readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return undefined;
  }
  if (now === undefined) return undefined;
  const taken = last === undefined ? undefined : now - last;
  last = now;
  return taken;
}
