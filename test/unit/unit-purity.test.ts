// Pure unit test — test/unit holds pure tests only (the test runner loads them into shared processes, and
// `npm run test:unit` is the inner loop): no file here starts a process, a server or a browser, or opens a connection.
// A test that needs one belongs in test/integration (or activities, package, browser, faults; bundles and replays in
// test/replay). Reads the sources only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const UNIT_SOURCES = resolve(__dirname, '../../../test/unit');

/** What a pure test never writes, each with the reason shown when one does. */
const IMPURE: [RegExp, string][] = [
  [
    /from 'node:(?:child_process|net|http|https|http2|dgram|cluster|worker_threads)'/,
    'a process, a socket or a thread',
  ],
  [/\b(?:runCli|startCli|startDevServer|startPostgres|launchBrowser)\(/, 'the CLI, a server or a browser'],
  [/from '\.\.\/helpers\/(?:temporal|postgres|browser|python-openai|pipeline-worker|agent-env)'/, 'a server helper'],
  [/\b(?:Worker\.create|Connection\.connect|NativeConnection\.connect|TestWorkflowEnvironment)\b/, 'Temporal'],
  [/(?<![.\w])fetch\(|\.listen\(/, 'the network'],
  [/\bbundleWorkflowCode\(|\bWorker\.runReplayHistor/, 'a workflow bundle (webpack: seconds of CPU) or a replay'],
];

function impurities(text: string): string[] {
  return IMPURE.filter(([pattern]) => pattern.test(text)).map(([, why]) => why);
}

describe('test/unit is pure', () => {
  it('finds what is not pure', () => {
    assert.deepEqual(impurities("import { spawn } from 'node:child_process';"), ['a process, a socket or a thread']);
    assert.deepEqual(impurities("await runCli(['run']); await fetch(url);"), [
      'the CLI, a server or a browser',
      'the network',
    ]);
    assert.deepEqual(
      impurities("const c = Connection.lazy({ address }); import { tempFiles } from '../helpers/cli';"),
      [],
    );
    assert.deepEqual(impurities('await bundleWorkflowCode({ workflowsPath });'), [
      'a workflow bundle (webpack: seconds of CPU) or a replay',
    ]);
    assert.deepEqual(impurities("const module = 'exports.fetch = (...a) => globalThis.fetch(...a);';"), []);
  });

  it('no file in test/unit starts a process, a server or a connection', () => {
    const files = readdirSync(UNIT_SOURCES).filter((name) => name.endsWith('.ts') && name !== 'unit-purity.test.ts');
    assert.ok(files.length > 40, `read ${files.length} files from ${UNIT_SOURCES}`);
    const found = files.flatMap((name) =>
      impurities(readFileSync(join(UNIT_SOURCES, name), 'utf8')).map((why) => `${name}: ${why}`),
    );
    assert.deepEqual(
      found,
      [],
      'move these files to test/integration (or activities, package, browser, faults, replay)',
    );
  });
});
