/*
 * `npm test` entry point (compiled to lib/test/run-tests.js). One run:
 *   1. starts ONE Temporal dev server and bundles the workflows ONCE (in a child process), side by side, while the
 *      files that need neither (unit, package, activities) already run (runner/setup.ts);
 *   2. runs every other file beside others, several at a time, each in its own `node --test` process (test/unit's pure
 *      files in a few groups instead, each group in one process: runner/plan.ts `jobs`), longest first,
 *      with the server's address and the bundles' folder in the environment (runner/schedule.ts, runner/run-file.ts;
 *      test/helpers/temporal.ts, worker/bundle.ts and test/helpers/bundles.ts read them);
 *   3. runs the `*.serial.test.js` files one at a time, alone;
 *   4. prints each file's line as it ends (its whole output when it failed), then what failed, by file and test, the
 *      time of each phase and folder, and the wall time (runner/summary.ts). Where a file goes: runner/plan.ts.
 *
 *   node lib/test/run-tests.js                   every *.test.js under lib/test/
 *   node lib/test/run-tests.js lib/test/unit     only these files or folders
 *   node lib/test/run-tests.js --fast | --slow   all but the slow suites (browser, faults, smoke) | only those
 *   node lib/test/run-tests.js --list            what would run, each file with its phase and process; runs nothing
 *   --concurrency N (or LLM_CASCADE_TEST_CONCURRENCY): files side by side; LLM_CASCADE_TEST_VERBOSE=1 prints every
 *   file's output, not only failed files'.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  collectTestFiles,
  defaultConcurrency,
  parseArgs,
  readDurations,
  saveDurations,
  sourceSizes,
  staleModules,
  withoutStaleOutput,
} from './runner/args';
import { takeChildCpuMs } from './runner/cpu';
import { describeFile, jobs, listing, order, phases, select, type TestJob } from './runner/plan';
import { runFile, slug, type FileRun } from './runner/run-file';
import { startPool } from './runner/schedule';
import { failed, fileLine, summaryLines } from './runner/summary';

const PROJECT = resolve(__dirname, '../..');
const LOGS = join(PROJECT, 'test-output', 'test-logs');
const DURATIONS = join(PROJECT, 'test-output', 'test-times.json');
/** Each file's CPU seconds in its last run (runner/cpu.ts): where the run's CPU goes, for whoever makes it faster. */
const CPU_TIMES = join(PROJECT, 'test-output', 'test-cpu.json');
/**
 * node:test's timeout of each test, and of each file as a whole: the smoke test's own budget, as files running side by
 * side take longer than alone. A hung test fails after it instead of blocking the run.
 */
const TEST_TIMEOUT_MS = 900_000;
/** A group of pure files takes seconds; killed after this (under load 20, 20 times more than it takes on a quiet machine). */
const GROUP_TIMEOUT_MS = 180_000;

const load = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;
const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  const startedMs = Date.now();
  takeChildCpuMs(); // from here on, each child's CPU is counted as it exits (runner/cpu.ts)
  const args = parseArgs(process.argv.slice(2));
  const stale = staleModules(join(PROJECT, 'lib'), PROJECT);
  if (stale.length > 0) {
    console.error(
      `${stale.length} compiled module(s) in lib/ have no source any more and may shadow the moved code ` +
        `(${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): rm -rf lib && npx tsc --build, then run again`,
    );
    return 1;
  }
  const roots = args.roots.length > 0 ? args.roots.map((root) => resolve(root)) : [__dirname];
  const found = roots.flatMap(collectTestFiles).map((path) => describeFile(path, __dirname));
  const chosen = select(
    withoutStaleOutput(found, PROJECT, (line) => console.error(line)),
    args.selection,
  );
  const durations = readDurations(DURATIONS);
  const concurrency = args.concurrency ?? defaultConcurrency();
  const sizes = sourceSizes(chosen);
  // Pure files compute rather than wait: one group per core (more would load the same modules again for nothing).
  const files = order(jobs(chosen, Math.min(concurrency, availableParallelism()), sizes), durations, sizes);
  if (files.length === 0) {
    console.error(`no *.test.js files under ${roots.join(', ')} (${args.selection}; did \`npm run build\` run?)`);
    return 1;
  }
  if (args.list) {
    for (const line of listing(files)) log(line);
    log(`${chosen.length} test file(s), ${files.length} process(es)`);
    return 0;
  }
  const { parallel, serial } = phases(files);
  const groups = files.filter((job) => job.shared);
  log(
    `${chosen.length} test file(s): ${parallel.length} side by side (${groups.reduce((n, g) => n + g.files.length, 0)} ` +
      `pure ones in ${groups.length} process(es)), ${concurrency} at a time, then ${serial.length} alone; ${load()}`,
  );

  mkdirSync(LOGS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'llm-cascade-test-run-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The workers' blob store (agent claim checks, provider-batch answers) for this run only, removed with the scratch
  // folder.
  env.LLM_CASCADE_BLOBS ||= join(scratch, 'blobs');
  // The CLI's workers keep the ledger store in the user's data directory: this run's go to a data directory of its
  // own, removed with the scratch folder (a developer's own ledger is never written by tests).
  env.XDG_DATA_HOME = join(scratch, 'data');
  mkdirSync(env.XDG_DATA_HOME);
  env.LLM_CASCADE_LEDGER_URL = '';
  env.LLM_CASCADE_LEDGER_PATH = '';
  // The tests name their Temporal themselves: a developer's own temporal.toml or TEMPORAL_PROFILE must not point the
  // CLI under test at another cluster (a test that wants a profile sets TEMPORAL_CONFIG_FILE itself).
  delete env.TEMPORAL_PROFILE;
  env.TEMPORAL_CONFIG_FILE = join(scratch, 'temporal.toml');
  writeFileSync(env.TEMPORAL_CONFIG_FILE, '');

  const children = new Set<ChildProcess>();
  let stopping: number | undefined;
  let wake = () => undefined as void;
  // Loaded only now, after the check for stale modules: it is the runner's one import of the project's own code.
  const { startSetup } = await import('./runner/setup');
  const setup = startSetup(files, env, scratch, () => wake(), log);
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    stopping ??= code;
    for (const child of children) child.kill(signal);
    void setup.server?.stop();
  };
  process.on('SIGINT', onSignal('SIGINT', 130));
  process.on('SIGTERM', onSignal('SIGTERM', 143));
  const halted = () => stopping !== undefined || setup.failures.length > 0;

  const finished: FileRun[] = [];
  const run = async (file: TestJob) => {
    const result = await runFile(file, {
      env: { ...env },
      scratch,
      testTimeoutMs: TEST_TIMEOUT_MS,
      groupTimeoutMs: GROUP_TIMEOUT_MS,
      onSpawn: (child) => {
        children.add(child);
        child.once('close', () => children.delete(child));
      },
    });
    finished.push(result);
    writeFileSync(join(LOGS, `${slug(file.name)}.log`), result.output);
    const finishedFile = { ...file, ...result };
    if (failed(finishedFile) || process.env.LLM_CASCADE_TEST_VERBOSE === '1') {
      log(`\n──── ${file.name} ${'─'.repeat(Math.max(4, 94 - file.name.length))}`);
      process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    }
    log(fileLine(finishedFile));
  };

  const parallelStartedMs = Date.now();
  const pool = startPool(parallel, {
    concurrency,
    busy: () => (setup.bundling ? 1 : 0),
    canStart: (file) => (!file.needsServer || setup.ready.server) && (!file.needsBundles || setup.ready.bundles),
    stopping: halted,
    run,
  });
  wake = pool.wake;
  const heartbeat = setInterval(() => {
    if (children.size > 0) log(`… ${children.size} running, ${finished.length} of ${files.length} done, ${load()}`);
  }, 60_000);
  pool.wake();
  await pool.done;
  const parallelMs = Date.now() - parallelStartedMs;
  await setup.done;

  const serialStartedMs = Date.now();
  for (const file of serial) {
    if (halted()) break;
    log(`serial: ${file.name} runs alone`);
    await run(file);
  }
  const serialMs = Date.now() - serialStartedMs;
  clearInterval(heartbeat);

  await setup.server?.stop();
  rmSync(scratch, { recursive: true, force: true });
  // A group's members change with the files chosen: only files alone are timed (untimed groups start first).
  saveDurations(
    DURATIONS,
    durations,
    finished.filter((result) => result.file.files.length === 1 && !result.file.shared),
  );
  saveDurations(
    CPU_TIMES,
    readDurations(CPU_TIMES),
    finished
      .filter((result) => result.file.files.length === 1 && !result.file.shared && result.cpuMs !== undefined)
      .map((result) => ({ ...result, durationMs: result.cpuMs! })),
  );
  for (const failure of setup.failures) console.error(`\nsetup failed: ${failure}`);
  const ran = new Set(finished.map((result) => result.file));
  const notRun = files.filter((job) => !ran.has(job)).flatMap((job) => job.files.map((file) => file.name));
  const lines = summaryLines(
    finished.map((result) => ({ ...result.file, ...result, files: result.file.files })),
    {
      totalMs: Date.now() - startedMs,
      serverMs: setup.serverMs,
      bundlesMs: setup.bundlesMs,
      parallelMs,
      serialMs,
      concurrency,
      cores: availableParallelism(),
    },
    LOGS,
    notRun,
  );
  log(`${lines.join('\n')} (${load()})`);
  if (stopping !== undefined) return stopping;
  const anyFailed = finished.some((result) => failed({ ...result.file, ...result }));
  return setup.failures.length > 0 || notRun.length > 0 || anyFailed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
