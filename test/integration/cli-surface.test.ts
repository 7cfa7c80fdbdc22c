// Integration tests — the CLI's surface as a child process, no server: --version, exit codes in --help, which key
// variable each provider needs in `catalog show`, --api-key and --json everywhere, one-pass config errors
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli';
import { buildProgram } from '../../cli/main';
import { listColumnsHint } from '../../cli/temporal-target';

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

  it('every command that talks to a cluster takes --api-key and --profile; run, batch, report and catalog show take --json', () => {
    // Read from the command tree in-process: a dozen child processes would only re-prove what one proves below.
    const program = buildProgram();
    const flagsOf = (path: string[]) => {
      let command = program;
      for (const name of path) command = command.commands.find((sub) => sub.name() === name)!;
      return command.options.map((option) => option.long);
    };
    const clusterCommands = [
      ['run'],
      ['batch'],
      ['worker'],
      ['serve'],
      ['setup'],
      ['report'],
      ['tune'],
      ['explain'],
      ['agent', 'start'],
      ['ledger', 'backfill'],
    ];
    for (const name of ['status', 'watch', 'send', 'approve', 'deny', 'pause', 'resume', 'cancel'])
      clusterCommands.push(['agent', name]);
    for (const path of clusterCommands) {
      assert.ok(flagsOf(path).includes('--api-key'), path.join(' '));
      assert.ok(flagsOf(path).includes('--profile'), path.join(' '));
    }
    for (const path of [['run'], ['batch'], ['report'], ['explain'], ['catalog', 'show']])
      assert.ok(flagsOf(path).includes('--json'), path.join(' '));
    // Waiting is bounded everywhere: run and batch bound the wait on providers, serve and batch the wait for a worker.
    for (const path of [['run'], ['batch']]) assert.ok(flagsOf(path).includes('--max-wait'), path.join(' '));
    for (const path of [['serve'], ['batch']]) assert.ok(flagsOf(path).includes('--wait-for-worker'), path.join(' '));
  });

  it('output piped into `head` ends quietly, exit 0 (no EPIPE trace)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli');
    for (const args of ['catalog show', '--help', 'catalog show --json']) {
      // As a user types it; PIPESTATUS[0] is the CLI's own exit code, 2>&1 shows whatever it printed on stderr.
      const out = execFileSync(
        'bash',
        [
          '-c',
          `"${process.execPath}" "${CLI}" ${args} 2>/tmp/llm-cascade-epipe.$$ | head -c 20 >/dev/null; echo "exit \${PIPESTATUS[0]}"; cat /tmp/llm-cascade-epipe.$$; rm -f /tmp/llm-cascade-epipe.$$`,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(out, 'exit 0\n', args);
    }
  });

  it('--out is a file everywhere; the demo names its folder --out-dir', async () => {
    const demo = (await runCli(['demo', '--help'])).stdout;
    assert.match(demo, /--out-dir <dir>/);
    assert.doesNotMatch(demo, /--out </);
    assert.match((await runCli(['batch', '--help'])).stdout, /--out <file\.jsonl>/);
    assert.equal((await runCli(['demo', '--out', 'x'])).code, 2);
  });

  it('catalog show --json: routes with prices, providers with their key variable and whether it is set', async () => {
    const result = await runCli(['catalog', 'show', '--json'], {
      DEEPSEEK_API_KEY: 'sk-secret-value',
      MISTRAL_API_KEY: '',
    });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as {
      routes: Record<string, { candidate: string; inputUsdPerMTok: number }[]>;
      providers: { provider: string; apiKeyEnv: string; keySet: boolean }[];
    };
    assert.ok(
      summary.routes.extract!.some((row) => row.candidate === 'deepseek/deepseek-chat' && row.inputUsdPerMTok > 0),
    );
    assert.deepEqual(
      summary.providers
        .filter((row) => ['deepseek', 'mistral'].includes(row.provider))
        .map((row) => [row.apiKeyEnv, row.keySet]),
      [
        ['MISTRAL_API_KEY', false],
        ['DEEPSEEK_API_KEY', true],
      ],
    );
    assert.doesNotMatch(result.stdout, /sk-secret-value/);
  });

  it('a config is checked in one pass (exit 2): a misspelt key, a shape error and an unknown model together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-surface-'));
    const config = join(dir, 'catalog.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: 'default',
        providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', structuredOutput: 'json_object' } },
        routes: { extract: { tiers: [{ name: 'economy', candidates: ['nope/model'] }], startRule: [] } },
      }),
    );
    const result = await runCli(['catalog', 'show', '--config', config]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /providers\["local"\]\.baseUrl: unknown key \(check the spelling\); did you mean "baseURL"\?/,
    );
    assert.match(result.stderr, /routes\["extract"\]\.startRule: unknown key.*did you mean "startRules"/);
    assert.match(
      result.stderr,
      /routes\["extract"\]\.tiers\[0\]\.candidates\[0\]: "nope\/model" is not declared under models/,
    );
    const litellm = join(dir, 'litellm.yaml.json');
    writeFileSync(litellm, JSON.stringify({ model_list: [{ model_name: 'gpt-4o' }] }));
    const pointer = await runCli(['catalog', 'show', '--config', litellm]);
    assert.equal(pointer.code, 2);
    assert.match(pointer.stderr, /LiteLLM proxy config.*llm-cascade catalog import-litellm/s);
  });

  it('exit codes: a usage error is 2, --help is 0', async () => {
    assert.equal((await runCli(['run', '--no-such-flag'])).code, 2);
    assert.equal((await runCli(['no-such-command'])).code, 2);
    assert.equal((await runCli(['run', '--help'])).code, 0);
  });

  it('dev offers the workflow list columns for cost, tier and model, with a link to the list filtered on cost', () => {
    const hint = listColumnsHint('http://localhost:8233', 'default');
    assert.match(hint, /Configure workflow table" → add LlmCostUsd, LlmTier, LlmModel/);
    assert.ok(hint.includes('http://localhost:8233/namespaces/default/workflows?query=LlmCostUsd%20%3E%200'), hint);
  });
});
