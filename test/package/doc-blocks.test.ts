// Pure unit tests — the code of README.md and every docs page (docs/**/*.md but the generated references) is what
// it claims to be: every TypeScript block type-checks against the package (as `llm-cascade` resolves for a user),
// every JSON(C) config document loads with the config loader, the Getting started tsconfig is one TypeScript accepts,
// every JSONL block is a batch input, every llm-cascade command line parses. And every block is accounted for: run
// by test/integration/doc-blocks.test.ts, run by another test (named), or not run for a reason in test/package/
// doc-blocks.ts's table; the counts are printed. A new page's blocks are found without a change here.
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
import { readChecksFile } from '../../cli/check-flags';
import { commandLines, docBlocks, EXCEPTIONS, ROOT, treatmentOf, type DocBlock } from './doc-blocks';

/** The package's `exports` map: the subpaths examples may import. */
const PACKAGE_EXPORTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string>;
  }
).exports;

/** A block that starts with `// tsconfig.json` is that file (Getting started), not an llm-cascade config. */
const isTsconfig = (code: string) => code.startsWith('// tsconfig.json\n');

const ALL = docBlocks();
const where = (block: DocBlock) => `${block.file}:${block.line}`;

function blocks(language: RegExp): DocBlock[] {
  return ALL.filter((block) => language.test(block.language));
}

describe('README and docs code blocks', () => {
  it('every ts block type-checks as a CommonJS module importing llm-cascade (node10 resolution)', () => {
    const tsBlocks = blocks(/^(ts|typescript)$/);
    assert.ok(tsBlocks.length > 0);
    // Inside the project, so `llm-cascade` resolves through paths to the sources, as the package's types would.
    // Removed afterwards: eslint's project service would otherwise find stray .ts files outside the tsconfig.
    const dir = mkdtempSync(join(ROOT, 'lib', 'readme-blocks-'));
    mkdirSync(dir, { recursive: true });
    const files = tsBlocks.map((block) => {
      const file = join(dir, `${block.file.replace(/[/.]/g, '-')}-${block.line}.ts`);
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

  it('every json/jsonc block is what it is: a config loads, a checks file reads as --checks does, a log line parses', () => {
    const json = blocks(/^jsonc?$/).filter((block) => !isTsconfig(block.code));
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-docs-'));
    const kinds = { config: 0, checks: 0, log: 0 };
    try {
      for (const block of json) {
        const file = join(dir, `${block.file.replace(/[/.]/g, '-')}-${block.line}.json`);
        writeFileSync(file, block.code);
        if (block.code.trimStart().startsWith('[')) {
          // `--checks <file.json>`: an array of check specs, read by the CLI's own reader.
          assert.doesNotThrow(() => readChecksFile(file), where(block));
          kinds.checks++;
        } else if (/^\s*"level":/m.test(block.code) && /^\s*"message":/m.test(block.code)) {
          // A worker's log line: one JSON object.
          assert.doesNotThrow(() => JSON.parse(block.code), where(block));
          kinds.log++;
        } else {
          assert.doesNotThrow(() => loadConfig(file), where(block));
          kinds.config++;
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(kinds.config > 5 && kinds.checks > 0, JSON.stringify(kinds));
  });

  it('a json/jsonc block is a whole document (a fragment would not run as written)', () => {
    for (const block of blocks(/^jsonc?$/)) {
      const code = isTsconfig(block.code) ? block.code.slice(block.code.indexOf('\n') + 1) : block.code;
      assert.ok(/^\s*[[{]/.test(code), `${where(block)} is a fragment`);
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
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `${where(block)}: ${line}`);
      const path = join(dir, `${block.file.replace(/[/.]/g, '-')}-${block.line}.jsonl`);
      writeFileSync(path, block.code);
      const { entries, exhausted } = readEntries({ kind: 'jsonl', path }, { index: 0, offset: 0 }, 1_000);
      assert.ok(exhausted);
      assert.equal(entries.length, lines.length);
      for (const entry of entries) assert.ok('text' in entry.content, `${where(block)}: ${entry.id}`);
      const labelled = lines.filter((line) => 'expected' in (JSON.parse(line) as object)).length;
      assert.equal(readLabels(path).size, labelled);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("every task a ts block runs is a route of the built-in catalog (the catalog a block's worker runs)", () => {
    const routes = Object.keys(defaultCatalog().routes);
    for (const block of blocks(/^(ts|typescript)$/))
      for (const match of block.code.matchAll(/\btask: '([^']+)'/g))
        assert.ok(routes.includes(match[1]!), `${where(block)}: task '${match[1]}' is not in ${routes}`);
  });

  it('every llm-cascade command line in a shell block is one the CLI accepts (command, flags, required options)', async () => {
    const lines = blocks(/^(sh|bash)$/).flatMap((block) => commandLines(block.code).map((args) => ({ block, args })));
    assert.ok(lines.length >= 20, `only ${lines.length} command lines found`);
    const problems: string[] = [];
    for (const { block, args } of lines) {
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
        problems.push(`${where(block)}: llm-cascade ${args.join(' ')}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('every block is run here, run by a named test, or not run for a stated reason; the counts', () => {
    const unaccounted = ALL.filter((block) => !treatmentOf(block)).map(
      (block) =>
        `${where(block)} (${block.language || 'no language'}): add it to EXCEPTIONS in test/package/doc-blocks.ts`,
    );
    assert.deepEqual(unaccounted, []);
    // Every exception names a block that exists, once: a block edited away leaves no stale entry.
    for (const exception of EXCEPTIONS) {
      const matches = ALL.filter(
        (block) =>
          block.file === exception.file && block.code.split('\n').some((l) => l.trim() === exception.line.trim()),
      );
      assert.equal(matches.length, 1, `${matches.length} blocks of ${exception.file} hold the line ${exception.line}`);
    }
    // A test a reason names exists.
    for (const exception of EXCEPTIONS) {
      const text =
        'by' in exception.treatment
          ? exception.treatment.by
          : 'why' in exception.treatment
            ? exception.treatment.why
            : '';
      for (const [name] of text.matchAll(/[\w/.-]+\.test\.ts/g)) {
        const path = name.includes('/') ? name : `test/integration/${name}`;
        assert.ok(existsSync(join(ROOT, path)), `${exception.file}: "${text}" names ${path}, which does not exist`);
      }
    }
    const counts = { here: 0, elsewhere: 0, used: 0, checked: 0, shown: 0 };
    for (const block of ALL) counts[treatmentOf(block)!.kind]++;
    const pages = new Set(ALL.map((block) => block.file)).size;
    console.log(
      `${ALL.length} code blocks in ${pages} pages: ${counts.here} run by test/integration/doc-blocks.test.ts, ` +
        `${counts.elsewhere} run by other tests, ${counts.used} used as what they are (configs loaded, inputs read, ` +
        `queries parsed), ${counts.checked} not run (reasons below; commands parsed, TypeScript type-checked), ` +
        `${counts.shown} shown (output, listings, other programs' files)`,
    );
    for (const block of ALL) {
      const treatment = treatmentOf(block)!;
      const what =
        treatment.kind === 'here'
          ? 'run by test/integration/doc-blocks.test.ts'
          : treatment.kind === 'elsewhere'
            ? `run by ${treatment.by}`
            : treatment.kind === 'checked'
              ? `not run: ${treatment.why}`
              : treatment.kind === 'used'
                ? `used: ${treatment.why}`
                : `shown: ${treatment.why}`;
      console.log(`  ${where(block)} ${block.language || '(no language)'}: ${what}`);
    }
    assert.equal(counts.here + counts.elsewhere + counts.used + counts.checked + counts.shown, ALL.length);
    assert.ok(counts.here >= 5, `only ${counts.here} blocks run here`);
  });
});
