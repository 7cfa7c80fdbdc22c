/** What the test runner prints: one line per finished file, and the run's summary (pure: test/unit/test-runner.test.ts). */
import type { FileResult } from './file-result';

export interface FinishedFile {
  name: string;
  folder: string;
  code: number;
  durationMs: number;
  /** CPU of its process and the children it waited for, ms (runner/cpu.ts); undefined off Linux. */
  cpuMs?: number;
  result?: FileResult;
  /** A group's member files (runner/plan.ts `jobs`); a file alone has none or itself. */
  files?: { name: string; path: string }[];
}

export interface Timings {
  /** Wall time of the whole run, ms. */
  totalMs: number;
  /** Dev server start and bundling (in parallel with the first files), ms; undefined when not needed. */
  serverMs?: number;
  bundlesMs?: number;
  /** Wall time of the phase where files run side by side, and of the serial phase, ms. */
  parallelMs: number;
  serialMs: number;
  concurrency: number;
  /** Cores of the machine, to say how much of them the files' CPU filled. */
  cores?: number;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A file failed when its process did not exit 0 (a failing test, a crash, a hook that threw) or a test failed. */
export function failed(file: FinishedFile): boolean {
  return file.code !== 0 || (file.result?.fail ?? 0) > 0 || (file.result?.cancelled ?? 0) > 0;
}

/** What failed in a file: its failed tests, or (a crash before any test failed) the exit code. */
export function failures(file: FinishedFile): { title: string; error: string; location?: string }[] {
  const listed = file.result?.failures ?? [];
  if (listed.length > 0 || !failed(file)) return listed;
  return [
    { title: '(the file itself)', error: `node --test exited with code ${file.code} and reported no failed test` },
  ];
}

/** The files a failed job asks to rerun: a group's members named by its failures' locations, else all of them. */
export function filesToRerun(file: FinishedFile): string[] {
  const members = file.files ?? [];
  if (!failed(file)) return [];
  if (members.length <= 1) return [file.files?.[0]?.name ?? file.name];
  const named = failures(file)
    .map((failure) => memberOf(file, failure.location))
    .filter((name): name is string => name !== undefined);
  return named.length > 0 ? [...new Set(named)] : members.map((member) => member.name);
}

function memberOf(file: FinishedFile, location: string | undefined): string | undefined {
  if (!location || !file.files) return undefined;
  return file.files.find((member) => location.startsWith(`${member.path}:`))?.name;
}

/** The path to give run-tests.js for a file of the test folder (its name) or outside it (its path). */
export function rerunPath(name: string): string {
  return name.startsWith('/') ? name : `lib/test/${name}`;
}

export function fileLine(file: FinishedFile): string {
  const tests = file.result ? `${file.result.tests} test${file.result.tests === 1 ? '' : 's'}` : 'no report';
  const bad = file.result && failed(file) ? `, ${file.result.fail + file.result.cancelled} failed` : '';
  const cpu = file.cpuMs !== undefined ? `, ${formatDuration(file.cpuMs)} CPU` : '';
  return `${failed(file) ? '✖' : '✔'} ${file.name}  (${tests}${bad}, ${formatDuration(file.durationMs)}${cpu})`;
}

export function summaryLines(files: FinishedFile[], timings: Timings, logDir: string, notRun: string[] = []): string[] {
  const sum = (pick: (r: FileResult) => number) => files.reduce((n, f) => n + (f.result ? pick(f.result) : 0), 0);
  const bad = files.filter(failed);
  const fileCount = files.reduce((n, file) => n + Math.max(1, file.files?.length ?? 1), 0);
  const badCount = bad.reduce((n, file) => n + filesToRerun(file).length, 0);
  const lines = [
    '',
    '─'.repeat(100),
    `files: ${fileCount} (${fileCount - badCount} passed, ${badCount} failed) · ` +
      `tests: ${sum((r) => r.tests)} (${sum((r) => r.pass)} passed, ${sum((r) => r.fail + r.cancelled)} failed, ` +
      `${sum((r) => r.skipped)} skipped, ${sum((r) => r.todo)} todo)`,
  ];
  const setup = [
    timings.serverMs !== undefined ? `dev server ${formatDuration(timings.serverMs)}` : '',
    timings.bundlesMs !== undefined ? `bundles ${formatDuration(timings.bundlesMs)}` : '',
  ].filter(Boolean);
  lines.push(
    `time by phase: ${setup.length ? `setup ${setup.join(', ')} (beside the first files) · ` : ''}` +
      `side by side ${formatDuration(timings.parallelMs)} (${timings.concurrency} at a time) · ` +
      `serial ${formatDuration(timings.serialMs)}`,
  );
  const folders = new Map<string, { files: number; ms: number }>();
  for (const file of files) {
    const entry = folders.get(file.folder) ?? { files: 0, ms: 0 };
    const count = Math.max(1, file.files?.length ?? 1);
    folders.set(file.folder, { files: entry.files + count, ms: entry.ms + file.durationMs });
  }
  lines.push(
    `time by folder (sum of its files): ${[...folders]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([folder, { files: n, ms }]) => `${folder || '.'} ${formatDuration(ms)} (${n})`)
      .join(' · ')}`,
  );
  const slowest = [...files]
    .filter((file) => (file.files?.length ?? 1) <= 1)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 5);
  if (slowest.length > 0) {
    lines.push(`slowest files: ${slowest.map((f) => `${f.name} ${formatDuration(f.durationMs)}`).join(' · ')}`);
  }
  lines.push(...cpuLines(files, timings));
  if (bad.length > 0) {
    lines.push('', `FAILED (full output above; each file's output is in ${logDir}):`);
    for (const file of bad) {
      for (const failure of failures(file)) {
        lines.push(`  ✖ ${memberOf(file, failure.location) ?? file.name} › ${failure.title}`);
        for (const line of failure.error.split('\n')) lines.push(`      ${line}`);
        if (failure.location) lines.push(`      at ${failure.location}`);
      }
    }
  }
  if (notRun.length > 0) {
    lines.push('', `✖ ${notRun.length} file(s) did not run (the run stopped: see above): ${notRun.join(' ')}`);
  }
  const rerun = [...bad.flatMap(filesToRerun), ...notRun].map(rerunPath);
  if (rerun.length > 0) {
    lines.push(
      '',
      `to rerun one (a file that failed or did not run): npx tsc --build && node lib/test/run-tests.js ${rerun[0]}`,
    );
    if (rerun.length > 1)
      lines.push(`or all of these: npx tsc --build && node lib/test/run-tests.js ${rerun.join(' ')}`);
  }
  const ok = bad.length === 0 && notRun.length === 0;
  lines.push('', `${ok ? '✔ passed' : '✖ FAILED'}: wall time ${formatDuration(timings.totalMs)}`);
  return lines;
}

/**
 * What the files' CPU came to (runner/cpu.ts): the total against what the cores could give over the wall time (near
 * 100 %: the run waits on CPU, and only less CPU makes it faster), and the five files that took most.
 */
function cpuLines(files: FinishedFile[], timings: Timings): string[] {
  const timed = files.filter((file) => file.cpuMs !== undefined);
  if (timed.length === 0) return [];
  const total = timed.reduce((n, file) => n + file.cpuMs!, 0);
  const share = timings.cores
    ? ` (${Math.round((100 * total) / (timings.cores * timings.totalMs))} % of ${timings.cores} cores over the wall time)`
    : '';
  const most = [...timed]
    .filter((file) => (file.files?.length ?? 1) <= 1)
    .sort((a, b) => b.cpuMs! - a.cpuMs!)
    .slice(0, 5)
    .map((file) => `${file.name} ${formatDuration(file.cpuMs!)}`);
  return [`CPU of the files: ${formatDuration(total)}${share}${most.length > 0 ? ` · most: ${most.join(' · ')}` : ''}`];
}
