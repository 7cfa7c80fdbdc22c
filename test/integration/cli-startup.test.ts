// The CLI starts at once: `--help`, `--version`, every command's `--help` and a bad flag load the command
// definitions only, never the worker, the bundler, the Temporal client, the tokenizer or an SDK. Each case runs in a
// worker thread: a module cache of its own (this process has loaded everything already). In integration/: unit/ holds
// no threads (unit-purity.test.ts), though it needs no server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

const MAIN = resolve(__dirname, '../../cli/main.js');
const LIB = resolve(__dirname, '../..');

/** Packages that a definition must never load: what the actions need, seconds of startup between them. */
const HEAVY = [
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/core-bridge',
  '@grpc/grpc-js',
  'webpack',
  'openai',
  'gpt-tokenizer',
  'zod',
  'ajv',
  'chrono-node',
  'better-sqlite3',
  'pg',
  'cli-progress',
  'protobufjs',
];
/** What `--help` loads today is under 40 modules (commander, the definitions, cli/options.ts); 1,594 before. */
const MAX_MODULES = 60;

interface Outcome {
  error?: { code?: string; exitCode?: number; message: string };
  modules: string[];
  stderr: string;
}

const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { buildProgram } = require(workerData.main);
buildProgram()
  .parseAsync(['node', 'llm-cascade', ...workerData.args])
  .then(() => undefined, (e) => ({ code: e.code, exitCode: e.exitCode, message: e.message }))
  .then((error) => parentPort.postMessage({ error, modules: Object.keys(require.cache) }));
`;

/** Parses `args` with a fresh module cache; what was loaded and what was said on stderr. */
function parse(args: string[]): Promise<Outcome> {
  return new Promise((done, fail) => {
    const worker = new Worker(SCRIPT, { eval: true, workerData: { main: MAIN, args }, stdout: true, stderr: true });
    let stderr = '';
    let message: Omit<Outcome, 'stderr'> | undefined;
    worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    worker.stdout.resume();
    worker.once('message', (sent: Omit<Outcome, 'stderr'>) => (message = sent));
    // The worker ends by itself once parsed (nothing keeps it alive); its stderr has ended by then.
    worker.stderr.once('end', () =>
      message ? done({ ...message, stderr }) : fail(new Error(`no outcome: ${stderr}`)),
    );
    worker.once('error', fail);
  });
}

function heavyIn(modules: string[]): string[] {
  const packages = new Set(
    modules.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter((name) => name !== undefined),
  );
  return HEAVY.filter((name) => packages.has(name));
}

const actions = (modules: string[]) => modules.filter((file) => file.startsWith(join(LIB, 'cli', 'actions')));

describe('CLI startup: definitions only until a command runs', () => {
  const COMMANDS = [
    [],
    ['run'],
    ['batch'],
    ['worker'],
    ['serve'],
    ['dev'],
    ['setup'],
    ['report'],
    ['tune'],
    ['explain'],
    ['eval'],
    ['dashboard'],
    ['ledger', 'backfill'],
    ['catalog', 'show'],
    ['lint'],
    ['demo'],
    ['agent', 'start'],
    ['codec-server'],
    ['init'],
  ];
  for (const command of COMMANDS) {
    it(`${['llm-cascade', ...command].join(' ')} --help loads no action and nothing heavy`, async () => {
      const outcome = await parse([...command, '--help']);
      assert.equal(outcome.error?.code, 'commander.helpDisplayed', outcome.error?.message);
      assert.deepEqual(heavyIn(outcome.modules), []);
      assert.deepEqual(actions(outcome.modules), []);
      assert.ok(outcome.modules.length <= MAX_MODULES, `${outcome.modules.length} modules loaded`);
    });
  }

  it('--version loads nothing heavy', async () => {
    const outcome = await parse(['--version']);
    assert.equal(outcome.error?.code, 'commander.version');
    assert.deepEqual(heavyIn(outcome.modules), []);
  });

  it('a bad flag value is refused (exit 2 in main) before any action or heavy module loads', async () => {
    const outcome = await parse(['run', '-t', 'extract', '-s', 's.json', '-i', 'x', '--max-cost-usd', 'ten']);
    assert.match(outcome.error?.message ?? '', /--max-cost-usd .*got "ten"/);
    assert.deepEqual(heavyIn(outcome.modules), []);
    assert.deepEqual(actions(outcome.modules), []);
  });

  it('a bad eval or dashboard flag value is refused before its action loads', async () => {
    for (const args of [
      ['eval', '--labels', 'l.jsonl', '--limit', '0'],
      ['dashboard', '--port', 'eighty'],
    ]) {
      const outcome = await parse(args);
      assert.match(outcome.error?.message ?? '', /got "(0|eighty)"/);
      assert.deepEqual(heavyIn(outcome.modules), []);
      assert.deepEqual(actions(outcome.modules), []);
    }
  });

  it('a --check spec is checked with the catalog schema (zod loads then), still without the worker', async () => {
    const outcome = await parse(['batch', '--check', 'grounded:']);
    assert.match(outcome.error?.message ?? '', /--check "grounded:": name the fields/);
    assert.deepEqual(
      heavyIn(outcome.modules).filter((name) => name !== 'zod'),
      [],
    );
  });
});

describe('CLI usage errors: the one to fix first, without the whole help', () => {
  it('an unknown flag is reported before a missing required option', async () => {
    const outcome = await parse(['run', '--task', 'extract', '--schma', 'x.json']);
    assert.equal(outcome.error?.code, 'commander.unknownOption');
    assert.match(outcome.stderr, /unknown option '--schma'/);
    assert.match(outcome.stderr, /\(Did you mean --schema\?\)/);
    assert.doesNotMatch(outcome.stderr, /required option/);
  });

  it('an unknown flag of a subcommand too (agent start)', async () => {
    const outcome = await parse(['agent', 'start', '--agnet', 'payer']);
    assert.equal(outcome.error?.code, 'commander.unknownOption');
  });

  it('a missing required option is still reported when every flag is known', async () => {
    const outcome = await parse(['run', '--task', 'extract']);
    assert.equal(outcome.error?.code, 'commander.missingMandatoryOptionValue');
  });

  it('the error is followed by a pointer to --help, not the help itself', async () => {
    const outcome = await parse(['run', '--bogus']);
    assert.match(outcome.stderr, /--help/);
    assert.doesNotMatch(outcome.stderr, /Usage:|Options:/);
    assert.ok(outcome.stderr.split('\n').length <= 4, outcome.stderr);
  });
});
