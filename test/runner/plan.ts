/**
 * Which test files a run takes and in what order (pure: test/unit/test-runner.test.ts). The rules live in the tree, so
 * a new file follows them by where it is put and how it is named:
 *
 *   test/unit/        pure: no server, no child process, no network, no tsc (`npm run test:unit`, the inner loop)
 *   test/package/     what ships: `npm pack`, the types a consumer compiles against, the README's code (tsc)
 *   test/activities/  activities against the loopback fake provider, no Temporal
 *   test/replay/      the workflow bundle and recorded histories replayed against it
 *   test/integration/ the shared dev server, workers, the CLI as child processes
 *   test/browser/, test/faults/   the same, slow: tagged `slow` (`npm run test:fast` skips them)
 *   test/smoke/       slow too: `npm pack`, installed into a fresh app with its own dev server
 *   *.serial.test.ts  anywhere: runs alone, after every other file (restarts a server, kills processes on fixed
 *                     ports, measures time tightly); every other file runs beside others
 */
import { basename, relative, sep } from 'node:path';

/** Folders whose files are slow suites: `--fast` leaves them out, `--slow` runs only them. */
export const SLOW_FOLDERS = ['browser', 'faults', 'smoke'] as const;
/** Folders whose files need no Temporal server of the run's (smoke starts its own, as a new user does). */
export const SERVERLESS_FOLDERS = ['unit', 'package', 'activities', 'replay', 'smoke'] as const;
/**
 * Folders whose files create no worker and replay nothing, so they need no prebuilt bundle (smoke's installed package
 * bundles its own).
 */
export const BUNDLELESS_FOLDERS = ['unit', 'package', 'activities', 'smoke'] as const;
export const SERIAL_SUFFIX = '.serial.test.js';

export interface TestFile {
  /** Absolute path of the compiled file. */
  path: string;
  /** Path under the compiled test folder, with `/` (`integration/batch-run.test.js`). */
  name: string;
  folder: string;
  slow: boolean;
  serial: boolean;
  needsServer: boolean;
  needsBundles: boolean;
}

export type Selection = 'all' | 'fast' | 'slow';

export function describeFile(path: string, testRoot: string): TestFile {
  const inside = relative(testRoot, path).split(sep).join('/');
  // A file outside the test folder keeps its whole path and belongs to no folder.
  const name = inside.startsWith('../') ? path : inside;
  const folder = name.includes('/') && name === inside ? name.slice(0, name.indexOf('/')) : '';
  const among = (folders: readonly string[]) => folders.includes(folder);
  return {
    path,
    name,
    folder,
    slow: among(SLOW_FOLDERS),
    serial: basename(path).endsWith(SERIAL_SUFFIX),
    needsServer: !among(SERVERLESS_FOLDERS),
    needsBundles: !among(BUNDLELESS_FOLDERS),
  };
}

export function select(files: TestFile[], selection: Selection): TestFile[] {
  if (selection === 'fast') return files.filter((file) => !file.slow);
  if (selection === 'slow') return files.filter((file) => file.slow);
  return files;
}

/** How long each file took in an earlier run, ms, by name. */
export type Durations = Record<string, number>;

/**
 * The order in which files start: the longest first, so that no long file starts last and makes the run wait for it
 * alone. Files the last run did not time (new ones, or every file on a fresh clone) go first, ranked slow suites,
 * then files that need a server, then the rest, larger sources first; then the timed ones, longest first. The
 * scheduler still starts a file only once what it needs (server, bundles) is ready.
 */
export function order(files: TestFile[], durations: Durations = {}, sizes: Record<string, number> = {}): TestFile[] {
  const rank = (file: TestFile) => (file.slow ? 0 : file.needsServer ? 1 : file.needsBundles ? 2 : 3);
  return [...files].sort((a, b) => {
    const [da, db] = [durations[a.name], durations[b.name]];
    if (da === undefined && db === undefined) {
      return rank(a) - rank(b) || (sizes[b.name] ?? 0) - (sizes[a.name] ?? 0) || a.name.localeCompare(b.name);
    }
    if (da === undefined || db === undefined) return da === undefined ? -1 : 1;
    return db - da || a.name.localeCompare(b.name);
  });
}

/** The files that run beside others, then the serial ones (each alone, in order). */
export function phases(files: TestFile[]): { parallel: TestFile[]; serial: TestFile[] } {
  return { parallel: files.filter((file) => !file.serial), serial: files.filter((file) => file.serial) };
}
