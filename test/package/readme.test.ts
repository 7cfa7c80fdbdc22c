// Pure unit tests — the README's code runs as written: every TypeScript block type-checks against the package
// (as `llm-cascade` resolves for a user), every JSON(C) config document loads with the config loader, the
// Getting started tsconfig is one TypeScript accepts, and every link inside the repository leads somewhere
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Command } from 'commander';
import ts from 'typescript';
import { buildProgram } from '../../cli/main';
import { loadConfig } from '../../cli/config';
import { readEntries } from '../../inputs/batch-source';
import { readLabels } from '../../inputs/labels';
import { defaultCatalog } from '../../catalog/node/load';

/** The package's `exports` map: the subpaths README examples may import. */
const PACKAGE_EXPORTS = (JSON.parse(readFileSync(join(resolve(__dirname, '../../..'), 'package.json'), 'utf8')) as {
  exports: Record<string, string>;
}).exports;
const ROOT = resolve(__dirname, '../../..');

/** A block that starts with `// tsconfig.json` is that file (Getting started), not an llm-cascade config. */
const isTsconfig = (code: string) => code.startsWith('// tsconfig.json\n');

function blocks(language: RegExp): { language: string; code: string; line: number }[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const found: { language: string; code: string; line: number }[] = [];
  for (const match of text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    if (!language.test(match[1]!)) continue;
    found.push({ language: match[1]!, code: match[2]!, line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}

describe('README code blocks', () => {
  it('every ts block type-checks as a CommonJS module importing llm-cascade (node10 resolution)', () => {
    const tsBlocks = blocks(/^(ts|typescript)$/);
    assert.ok(tsBlocks.length > 0);
    // Inside the project, so `llm-cascade` resolves through paths to the sources, as the package's types would.
    // Removed afterwards: eslint's project service would otherwise find stray .ts files outside the tsconfig.
    const dir = mkdtempSync(join(ROOT, 'lib', 'readme-blocks-'));
    mkdirSync(dir, { recursive: true });
    const files = tsBlocks.map((block) => {
      const file = join(dir, `readme-line-${block.line}.ts`);
      writeFileSync(file, block.code);
      return file;
    });
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(String(diagnostic.messageText)),
      },
    )!;
    const program = ts.createProgram(files, {
      ...config.options,
      noEmit: true,
      incremental: false,
      baseUrl: ROOT,
      // The package's subpaths, as package.json `exports` maps them (lib/x.js → x.ts).
      paths: Object.fromEntries(
        Object.entries(PACKAGE_EXPORTS)
          .filter(([subpath]) => subpath !== './package.json')
          .map(([subpath, target]) => [
            subpath === '.' ? 'llm-cascade' : `llm-cascade/${subpath.slice(2)}`,
            [target.replace(/^\.\/lib\//, '').replace(/\.js$/, '.ts')],
          ]),
      ),
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(resolve(d.file.fileName)))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${d.file!.fileName}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(problems, []);
  });

  it('every json/jsonc block that is a whole config document loads with the config loader', () => {
    const configs = blocks(/^jsonc?$/).filter(
      (block) => block.code.trimStart().startsWith('{') && !isTsconfig(block.code),
    );
    assert.ok(configs.length > 0);
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-readme-'));
    for (const block of configs) {
      const file = join(dir, `line-${block.line}.json`);
      writeFileSync(file, block.code);
      assert.doesNotThrow(() => loadConfig(file), `README.md line ${block.line}`);
    }
  });

  it('a json/jsonc block is a whole document (a fragment would not run as written)', () => {
    for (const block of blocks(/^jsonc?$/)) {
      const code = isTsconfig(block.code) ? block.code.slice(block.code.indexOf('\n') + 1) : block.code;
      assert.ok(code.trimStart().startsWith('{'), `README.md line ${block.line} is a fragment`);
    }
  });

  it("the Getting started tsconfig.json has only options TypeScript knows, and they compile the package's users", () => {
    const tsconfigs = blocks(/^jsonc?$/).filter((block) => isTsconfig(block.code));
    assert.equal(tsconfigs.length, 1);
    const parsed = ts.parseConfigFileTextToJson('tsconfig.json', tsconfigs[0]!.code);
    assert.equal(parsed.error, undefined);
    const { options, errors } = ts.convertCompilerOptionsFromJson(
      (parsed.config as { compilerOptions: unknown }).compilerOptions,
      ROOT,
    );
    assert.deepEqual(
      errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
    );
    assert.equal(options.strict, true);
    assert.equal(options.module, ts.ModuleKind.Node16, 'CommonJS output through node16, as the example needs');
  });

  it('every jsonl block is a batch input: one object per line, every line an item with text, its labels read', () => {
    const jsonl = blocks(/^jsonl$/);
    assert.ok(jsonl.length > 0);
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-readme-'));
    for (const block of jsonl) {
      const lines = block.code.split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `README.md line ${block.line}: ${line}`);
      const path = join(dir, `line-${block.line}.jsonl`);
      writeFileSync(path, block.code);
      const { entries, exhausted } = readEntries({ kind: 'jsonl', path }, { index: 0, offset: 0 }, 1_000);
      assert.ok(exhausted);
      assert.equal(entries.length, lines.length);
      for (const entry of entries) assert.ok('text' in entry.content, `README.md line ${block.line}: ${entry.id}`);
      const labelled = lines.filter((line) => 'expected' in (JSON.parse(line) as object)).length;
      assert.equal(readLabels(path).size, labelled);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("every task a ts block runs is a route of the built-in catalog (the catalog a block's worker runs)", () => {
    const routes = Object.keys(defaultCatalog().routes);
    for (const block of blocks(/^(ts|typescript)$/))
      for (const match of block.code.matchAll(/\btask: '([^']+)'/g))
        assert.ok(routes.includes(match[1]!), `README.md line ${block.line}: task '${match[1]}' is not in ${routes}`);
  });

  it('every llm-cascade command line in a shell block is one the CLI accepts (command, flags, required options)', async () => {
    const lines = blocks(/^(sh|bash)$/)
      .flatMap((block) => block.code.split('\n').map((text) => ({ text, line: block.line })))
      .map(({ text, line }) => ({
        line,
        words: text
          .replace(/\s+#.*$/, '')
          .replace(/&$/, '')
          .trim()
          .split(/\s+/),
      }))
      .map(({ line, words }) => {
        const at = words.findIndex((word) => word === 'llm-cascade' || word === 'bin/llm-cascade.js');
        return { line, args: at >= 0 && !['install', 'npm'].includes(words[at - 1] ?? '') ? words.slice(at + 1) : [] };
      })
      .filter(({ args }) => args.length > 0);
    assert.ok(lines.length >= 8, `only ${lines.length} command lines found`);
    const problems: string[] = [];
    for (const { line, args } of lines) {
      const program = buildProgram();
      // Parse only: every leaf command's action is replaced, so nothing starts; commander still checks the
      // command, unknown flags, missing required options, choices and the options' own parsers.
      const leaves = (command: Command): Command[] =>
        command.commands.length ? command.commands.flatMap(leaves) : [command];
      for (const command of [program, ...leaves(program)])
        command.configureOutput({ writeOut: () => {}, writeErr: () => {} });
      for (const command of leaves(program)) command.action(() => {});
      try {
        await program.parseAsync(args, { from: 'user' });
      } catch (error) {
        problems.push(`README.md block at line ${line}: llm-cascade ${args.join(' ')}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('every link to a heading of the README names one, every relative link names a file of the repository', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
    // GitHub's heading ids: lower case, punctuation but hyphens dropped, spaces to hyphens.
    const ids = new Set(
      [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\- ]/gu, '')
          .replaceAll(' ', '-'),
      ),
    );
    const problems: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto: — not fetched: the check runs offline
      const [path, anchor] = target.split('#');
      if (path === '' && !ids.has(anchor!)) problems.push(`#${anchor}: no such heading`);
      if (path !== '' && !existsSync(join(ROOT, path!))) problems.push(`${path}: no such file`);
    }
    assert.ok(ids.size > 10);
    assert.deepEqual(problems, []);
  });
});
