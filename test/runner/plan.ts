/**
 * Which test files a run takes and in what order (pure: test/unit/test-runner.test.ts). The rules live in the tree, so
 * a new file follows them by where it is put and how it is named:
 *
 *   test/unit/        pure: no server, no child process, no network, no tsc (`npm run test:unit`, the inner loop);
 *                     so they share processes: a few groups of them, each group's files in one process (groups below)
 *   test/package/     what ships: `npm pack`, the types a consumer compiles against, the README's and docs' code (tsc)
 *   test/activities/  activities against the loopback fake provider, no Temporal
 *   test/replay/      the workflow bundle and recorded histories replayed against it
 *   test/integration/ the shared dev server, workers, the CLI as child processes
 *   test/browser/, test/faults/   the same, slow: tagged `slow` (`npm run test:fast` skips them)
 *   test/smoke/       slow too: `npm pack`, installed into a fresh app with its own dev server
 *   *.serial.test.ts  anywhere: runs alone, after every other file (tight timing that others' load would break);
 *                     every other file runs beside others (one that restarts a dev server in place takes
 *                     test/helpers/ports.ts's port, which no other connection takes while it is down)
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
/**
 * Folders whose files are pure and so may share a process with others of them: starting node and loading the modules
 * a file imports costs more than most unit files' tests (~0.4 s of CPU each, 25 s for test/unit on 2 cores, against
 * 5 s in one process).
 */
export const SHARED_FOLDERS = ['unit'] as const;
/** A group of shared files holds at least this many (fewer groups than slots when there are few files). */
export const MIN_GROUP_SIZE = 8;

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
  /** Pure: runs in one process with other such files (a group). */
  shared: boolean;
}

/**
 * What one process runs: one file (`node --test <file>`), or a group of shared files loaded into one process
 * (runner/load-files.ts). A group has the members' needs (none) and a name of its own.
 */
export interface TestJob extends TestFile {
  files: TestFile[];
}

export type Selection = 'all' | 'fast' | 'slow';

export function describeFile(path: string, testRoot: string): TestFile {
  const inside = relative(testRoot, path).split(sep).join('/');
  // A file outside the test folder keeps its whole path and belongs to no folder.
  const name = inside.startsWith('../') ? path : inside;
  const folder = name.includes('/') && name === inside ? name.slice(0, name.indexOf('/')) : '';
  const among = (folders: readonly string[]) => folders.includes(folder);
  const serial = basename(path).endsWith(SERIAL_SUFFIX);
  return {
    path,
    name,
    folder,
    slow: among(SLOW_FOLDERS),
    serial,
    needsServer: !among(SERVERLESS_FOLDERS),
    needsBundles: !among(BUNDLELESS_FOLDERS),
    shared: among(SHARED_FOLDERS) && !serial,
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
export function order<F extends TestFile>(
  files: F[],
  durations: Durations = {},
  sizes: Record<string, number> = {},
): F[] {
  const rank = (file: F) => (file.slow ? 0 : file.needsServer ? 1 : file.needsBundles ? 2 : 3);
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
export function phases<F extends TestFile>(files: F[]): { parallel: F[]; serial: F[] } {
  return { parallel: files.filter((file) => !file.serial), serial: files.filter((file) => file.serial) };
}

/**
 * The jobs of a run: each unshared file alone, and the shared ones in up to `slots` groups (at least MIN_GROUP_SIZE
 * files each), balanced by source size (the largest file into the lightest group). A group's name says how many files
 * it holds; its members keep their own names for the summary and for a rerun.
 */
export function jobs(files: TestFile[], slots: number, sizes: Record<string, number> = {}): TestJob[] {
  const shared = files.filter((file) => file.shared);
  const alone: TestJob[] = files.filter((file) => !shared.includes(file)).map((file) => ({ ...file, files: [file] }));
  const count = Math.min(Math.max(1, slots), Math.ceil(shared.length / MIN_GROUP_SIZE));
  const groups: TestFile[][] = Array.from({ length: count }, () => []);
  const weight = (group: TestFile[]) => group.reduce((sum, file) => sum + (sizes[file.name] ?? 0), 0);
  const bySize = [...shared].sort(
    (a, b) => (sizes[b.name] ?? 0) - (sizes[a.name] ?? 0) || a.name.localeCompare(b.name),
  );
  for (const file of bySize)
    groups.reduce((lightest, group) => (weight(group) < weight(lightest) ? group : lightest)).push(file);
  const grouped = groups.map((members, index): TestJob => {
    members.sort((a, b) => a.name.localeCompare(b.name));
    const folders = [...new Set(members.map((file) => file.folder))];
    const name =
      members.length === 1
        ? members[0]!.name
        : `${folders.join('+')}/ (group ${index + 1} of ${count}: ${members.length} files in one process)`;
    return { ...members[0]!, path: '', name, folder: folders.join('+'), files: members };
  });
  return [...grouped, ...alone];
}

/** `run-tests.js --list`: one line per file, in the order jobs start (serial ones last), with where and how it runs. */
export function listing(files: TestJob[]): string[] {
  const { parallel, serial } = phases(files);
  return [...parallel, ...serial].flatMap((job) =>
    job.files.map((file) => {
      const tags = [
        job.serial ? 'serial (alone, after the rest)' : 'side by side',
        job.shared ? (job.files.length > 1 ? `in ${job.name}` : 'pure, through the loader') : 'own process',
        file.slow ? 'slow' : '',
        file.needsServer ? 'server' : '',
        file.needsBundles ? 'bundles' : '',
      ].filter(Boolean);
      return `${file.name}  [${tags.join(', ')}]`;
    }),
  );
}
