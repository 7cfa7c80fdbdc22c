// Integration test — `npm run smoke` (test/smoke/newcomer.ts) as CI runs it: pack, docs/getting-started.md as
// written in an empty folder (keyless), then init, run, batch, report and catalog show from the installed bin
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { PREBUILT_BUNDLES_ENV } from '../../worker/bundle';

describe('npm run smoke: a new user, from npm pack to a batch report', () => {
  it('every step passes and the script exits 0', { timeout: 900_000 }, async () => {
    // The installed package bundles its own workflows, as a new user's does: not the test run's prebuilt bundles.
    const env = { ...process.env };
    delete env[PREBUILT_BUNDLES_ENV];
    const child = spawn(process.execPath, [resolve(__dirname, '../smoke/newcomer.js')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 0, output);
    for (const step of [
      '✔ npm init -y',
      '✔ npm install llm-cascade',
      '✔ npx llm-cascade dev',
      '✔ npx tsc && node dist/quickstart.js',
      'getting started: from npm init -y to a printed ledger in',
      'llm-cascade init',
      'run --json',
      'batch',
      'report --json',
      'catalog show',
    ])
      assert.ok(
        output.includes(`✔ llm-cascade ${step}`) || output.includes(step),
        `step "${step}" missing:\n${output}`,
      );
  });
});
