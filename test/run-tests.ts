/*
 * `npm test` entry point (compiled to lib/test/run-tests.js). One run:
 *   1. starts ONE Temporal dev server and bundles the workflows ONCE (in a child process), side by side, while the
 *      files that need neither (unit, package, activities) already run;
 *   2. runs every other file beside others, several at a time, each in its own `node --test` process, longest first,
 *      with the server's address and the bundles' folder in the environment (test/helpers/temporal.ts,
 *      worker/bundle.ts, test/helpers/bundles.ts);
 *   3. runs the `*.serial.test.js` files one at a time, alone;
 *   4. prints each file's line as it finishes (its whole output when it failed), then what failed, by file and test,
 *      the time of each phase and folder, and the wall time. The rules for where a file goes: test/runner/plan.ts.
 *
 *   node lib/test/run-tests.js                   every *.test.js under lib/test/
 *   node lib/test/run-tests.js lib/test/unit     only these files or folders
 *   node lib/test/run-tests.js --fast | --slow   all but the slow suites (browser, faults, smoke) | only those
 *   --concurrency N (or LLM_CASCADE_TEST_CONCURRENCY)   files side by side; LLM_CASCADE_TEST_VERBOSE=1 prints every
 *   file's output, not only failed files'.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { CascadeConfigError } from '../catalog/errors';
import { startDevServer, type DevServer } from '../server/dev-server';
import { PREBUILT_BUNDLES_ENV } from '../worker/bundle';
import { TEST_SERVER_ENV } from './helpers/temporal';
import { buildBundles } from './runner/bundles';
import {
  collectTestFiles,
  defaultConcurrency,
  parseArgs,
  readDurations,
  saveDurations,
  sourceSizes,
  withoutStaleOutput,
} from './runner/args';
import { describeFile, order, phases, select, type TestFile } from './runner/plan';
import { runFile, type FileRun } from './runner/run-file';
import { failed, fileLine, formatDuration, summaryLines } from './runner/summary';

const PROJECT = resolve(__dirname, '../..');
const OUTPUT = join(PROJECT, 'test-output');
const LOGS = join(OUTPUT, 'test-logs');
const DURATIONS = join(OUTPUT, 'test-times.json');
const TEST_TIMEOUT_MS = 300_000;

const load = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;

async function main(): Promise<number> {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const roots = args.roots.length > 0 ? args.roots.map((r) => resolve(r)) : [__dirname];
  const durations = readDurations(DURATIONS);
  const found = roots.flatMap(collectTestFiles).map((path) => describeFile(path, __dirname));
  const described = select(
    withoutStaleOutput(found, PROJECT, (line) => console.error(line)),
    args.selection,
  );
  const files = order(described, durations, sourceSizes(described));
  if (files.length === 0) {
    console.error(`no *.test.js files under ${roots.join(', ')} (${args.selection}; did \`npm run build\` run?)`);
    return 1;
  }
  const concurrency = args.concurrency ?? defaultConcurrency();
  const { parallel, serial } = phases(files);
  console.log(
    `${files.length} test file(s): ${parallel.length} side by side (${concurrency} at a time), ${serial.length} serial; ${load()}`,
  );

  mkdirSync(LOGS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'llm-cascade-test-run-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Agent jobs' claim-check store (prompts, transcripts) for this run only, removed at the end.
  if (!env.LLM_CASCADE_CLAIM_DIR) env.LLM_CASCADE_CLAIM_DIR = join(scratch, 'claims');

  const children = new Set<ChildProcess>();
  let server: DevServer | undefined;
  let stopping: number | undefined;
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    stopping ??= code;
    for (const child of children) child.kill(signal);
    void server?.stop();
  };
  process.on('SIGINT', onSignal('SIGINT', 130));
  process.on('SIGTERM', onSignal('SIGTERM', 143));

  const startedAt = Date.now();
  // Setup, beside the first files: the dev server and the bundles, each once for the whole run.
  const ready = { server: !files.some((f) => f.needsServer), bundles: !files.some((f) => f.needsBundles) };
  const timings = { serverMs: undefined as number | undefined, bundlesMs: undefined as number | undefined };
  const setupFailures: string[] = [];
  let wake = () => undefined as void;
  const setup: Promise<void>[] = [];
  if (!ready.server) {
    setup.push(
      startDevServer({ log: (msg) => console.error(msg) }).then(
        (started) => {
          server = started;
          timings.serverMs = Date.now() - startedAt;
          env[TEST_SERVER_ENV.address] = started.address;
          env[TEST_SERVER_ENV.namespace] = started.namespace;
          env[TEST_SERVER_ENV.uiUrl] = started.uiUrl ?? '';
          console.log(
            `Temporal dev server ${started.address} (namespace ${started.namespace}, UI ${started.uiUrl ?? 'off'}), ` +
              `started in ${formatDuration(timings.serverMs)}`,
          );
          ready.server = true;
          wake();
        },
        (err: unknown) => {
          setupFailures.push(err instanceof CascadeConfigError ? `${err.code}: ${err.message}` : String(err));
          wake();
        },
      ),
    );
  }
  let bundling = false;
  if (!ready.bundles && env[PREBUILT_BUNDLES_ENV]) ready.bundles = true; // a caller's own prebuilt folder
  if (!ready.bundles) {
    const dir = join(scratch, 'bundles');
    mkdirSync(dir);
    bundling = true;
    setup.push(
      buildBundles(dir).then(
        () => {
          timings.bundlesMs = Date.now() - startedAt;
          env[PREBUILT_BUNDLES_ENV] = dir;
          console.log(`workflows bundled once for the run in ${formatDuration(timings.bundlesMs)}`);
          bundling = false;
          ready.bundles = true;
          wake();
        },
        (err: unknown) => {
          bundling = false;
          setupFailures.push(String(err));
          wake();
        },
      ),
    );
  }

  const finished: FileRun[] = [];
  const report = (run: FileRun) => {
    finished.push(run);
    const log = join(LOGS, `${run.file.name.replaceAll('/', '__')}.log`);
    writeFileSync(log, run.output);
    const bad = failed({ ...run.file, ...run });
    if (bad || process.env.LLM_CASCADE_TEST_VERBOSE === '1') {
      console.log(`\n──── ${run.file.name} ${'─'.repeat(Math.max(4, 94 - run.file.name.length))}`);
      process.stdout.write(run.output.endsWith('\n') ? run.output : `${run.output}\n`);
    }
    console.log(fileLine({ ...run.file, ...run }));
  };
  const start = (file: TestFile) =>
    runFile(file, {
      env: { ...env },
      scratch,
      testTimeoutMs: TEST_TIMEOUT_MS,
      onSpawn: (child) => {
        children.add(child);
        child.once('close', () => children.delete(child));
      },
    }).then(report);

  // Files side by side: the next file in order whose needs are ready, whenever a slot is free. Bundling takes a slot.
  const parallelStarted = Date.now();
  await new Promise<void>((done) => {
    const pending = [...parallel];
    let running = 0;
    wake = () => {
      if (stopping !== undefined || setupFailures.length > 0) pending.length = 0;
      while (running < concurrency - (bundling ? 1 : 0)) {
        const index = pending.findIndex((f) => (!f.needsServer || ready.server) && (!f.needsBundles || ready.bundles));
        if (index < 0) break;
        const [file] = pending.splice(index, 1);
        running++;
        void start(file!).then(() => {
          running--;
          wake();
        });
      }
      if (pending.length === 0 && running === 0) done();
    };
    const heartbeat = setInterval(() => {
      const names = [...children].length;
      if (names > 0) console.log(`… ${names} file(s) running, ${finished.length}/${files.length} done, ${load()}`);
    }, 60_000);
    heartbeat.unref();
    wake();
  });
  const parallelMs = Date.now() - parallelStarted;
  await Promise.allSettled(setup);

  const serialStarted = Date.now();
  for (const file of serial) {
    if (stopping !== undefined || setupFailures.length > 0) break;
    console.log(`serial: ${file.name} (alone)`);
    await start(file);
  }
  const serialMs = Date.now() - serialStarted;

  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
  saveDurations(DURATIONS, durations, finished);

  for (const failure of setupFailures) console.error(`\nsetup failed: ${failure}`);
  const lines = summaryLines(
    finished.map((run) => ({ ...run.file, ...run })),
    { totalMs: Date.now() - started, ...timings, parallelMs, serialMs, concurrency },
    LOGS,
  );
  console.log([...lines.slice(0, -1), `${lines.at(-1)!} (${load()})`].join('\n'));
  if (stopping !== undefined) return stopping;
  const notRun = files.length - finished.length;
  if (notRun > 0) console.error(`${notRun} file(s) did not run`);
  return setupFailures.length > 0 || notRun > 0 || finished.some((run) => failed({ ...run.file, ...run })) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
