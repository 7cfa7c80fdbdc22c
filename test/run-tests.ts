/*
 * `npm test` entry point (compiled to lib/test/run-tests.js): starts ONE Temporal dev server for the whole run,
 * hands its address to every test file through the environment, runs `node --test` over the compiled test
 * files, stops the server and exits with the test run's exit code.
 *
 *   node lib/test/run-tests.js                 every *.test.js under lib/test/
 *   node lib/test/run-tests.js lib/test/unit   only these files or folders
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CascadeConfigError } from '../catalog/errors';
import { startDevServer, type DevServer } from '../server/dev-server';
import { TEST_SERVER_ENV } from './helpers/temporal';

function collectTestFiles(path: string): string[] {
  const stat = statSync(path);
  if (stat.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return collectTestFiles(child);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [child] : [];
    });
}

function nodeTestArgs(files: string[]): string[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  // A test file that leaks a handle (an unclosed connection) would otherwise hang the run forever;
  // the flag exists from Node 20.14.
  const forceExit = major > 20 || (major === 20 && minor >= 14) ? ['--test-force-exit'] : [];
  // One file at a time: the files share one server, and integration tests measure things like timeouts.
  return ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000', ...forceExit, ...files];
}

async function main(): Promise<number> {
  const roots = process.argv.slice(2);
  const files = (roots.length > 0 ? roots.map((r) => resolve(r)) : [__dirname]).flatMap(collectTestFiles);
  if (files.length === 0) {
    console.error(`no *.test.js files under ${roots.join(', ') || __dirname} (did \`npm run build\` run?)`);
    return 1;
  }

  const started = Date.now();
  let server: DevServer;
  try {
    server = await startDevServer({ log: (msg) => console.error(msg) });
  } catch (err) {
    console.error(err instanceof CascadeConfigError ? `${err.code}: ${err.message}` : err);
    return 1;
  }
  console.log(
    `Temporal dev server ${server.address} (namespace ${server.namespace}, UI ${server.uiUrl ?? 'off'}), ` +
      `started in ${Date.now() - started} ms; running ${files.length} test file(s)`,
  );

  // Agent jobs' claim-check store (prompts, transcripts) for this run only, removed at the end.
  const claimDir = process.env.LLM_CASCADE_CLAIM_DIR ? undefined : mkdtempSync(join(tmpdir(), 'llm-cascade-claims-'));
  // The tests name their Temporal themselves: a developer's own temporal.toml or TEMPORAL_PROFILE must not point the
  // CLI under test at another cluster (a test that wants a profile sets TEMPORAL_CONFIG_FILE itself).
  const configDir = mkdtempSync(join(tmpdir(), 'llm-cascade-temporal-config-'));
  writeFileSync(join(configDir, 'temporal.toml'), '');
  const { TEMPORAL_PROFILE: _profile, ...inherited } = process.env;
  // The CLI's workers keep the ledger store in the user's data directory: this run's go to a data directory of its
  // own, removed at the end (a developer's own ledger is never written by tests).
  const dataHome = mkdtempSync(join(tmpdir(), 'llm-cascade-data-'));
  const env = {
    ...inherited,
    TEMPORAL_CONFIG_FILE: join(configDir, 'temporal.toml'),
    ...(claimDir && { LLM_CASCADE_CLAIM_DIR: claimDir }),
    XDG_DATA_HOME: dataHome,
    LLM_CASCADE_LEDGER_URL: '',
    LLM_CASCADE_LEDGER_PATH: '',
    [TEST_SERVER_ENV.address]: server.address,
    [TEST_SERVER_ENV.namespace]: server.namespace,
    [TEST_SERVER_ENV.uiUrl]: server.uiUrl ?? '',
  };
  const tests = spawn(process.execPath, nodeTestArgs(files), { stdio: 'inherit', env });

  // Ctrl-C reaches the whole process group; a SIGINT/SIGTERM sent to this process alone is forwarded. Either way
  // the server is stopped here and we exit once the test process has.
  let interrupted: number | undefined;
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    interrupted ??= code;
    tests.kill(signal);
    void server.stop();
  };
  process.on('SIGINT', onSignal('SIGINT', 130));
  process.on('SIGTERM', onSignal('SIGTERM', 143));

  const code = await new Promise<number>((done) => {
    tests.once('exit', (exitCode, signal) => done(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
    tests.once('error', (err) => {
      console.error(err);
      done(1);
    });
  });
  await server.stop();
  if (claimDir) rmSync(claimDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
  rmSync(dataHome, { recursive: true, force: true });
  return interrupted ?? code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
