// Integration tests — the CLI's surface as a child process, no server: --version, exit codes in --help, which key
// variable each provider needs in `catalog show`
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from '../helpers/cli';

const version = (JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string })
  .version;

describe('CLI surface', () => {
  it('--version prints the package version and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      assert.equal(result.code, 0);
      assert.equal(result.stdout.trim(), version);
    }
  });

  it('--help documents the exit codes: the program, run and batch', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes \(every command\): 0 ok; 1 the work failed.*2 bad input.*3 a batch stopped/s);
    assert.match(
      (await runCli(['run', '--help'])).stdout,
      /Exit codes: 0 the cascade found a valid answer; 1 .*2 bad/s,
    );
    assert.match(
      (await runCli(['batch', '--help'])).stdout,
      /Exit codes: 0 every item ok; 1 .*2 bad input.*3 stopped/s,
    );
    const dev = await runCli(['dev', '--help']);
    assert.match(dev.stdout, /--headless/);
    assert.match(dev.stdout, /--no-worker/);
    assert.match(dev.stdout, /7233/);
  });

  it('catalog show names the key variable of each provider and whether it is set (never its value)', async () => {
    const result = await runCli(['catalog', 'show'], { DEEPSEEK_API_KEY: 'sk-secret-value', MISTRAL_API_KEY: '' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /│ deepseek\s+│ \S+\s+│ DEEPSEEK_API_KEY\s+│ yes\s+│/);
    assert.match(result.stdout, /│ mistral\s+│ \S+\s+│ MISTRAL_API_KEY\s+│ NO\s+│/);
    assert.doesNotMatch(result.stdout, /sk-secret-value/);
  });
});
