// Pure unit tests — the README's code runs as written: every TypeScript block type-checks against the package
// (as `llm-cascade` resolves for a user), every JSON(C) config document loads with the config loader
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { loadConfig } from '../../cli/config';

/** The package's `exports` map: the subpaths README examples may import. */
const PACKAGE_EXPORTS = (JSON.parse(readFileSync(join(resolve(__dirname, '../../..'), 'package.json'), 'utf8')) as {
  exports: Record<string, string>;
}).exports;
const ROOT = resolve(__dirname, '../../..');

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
    const configs = blocks(/^jsonc?$/).filter((block) => block.code.trimStart().startsWith('{'));
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
      assert.ok(block.code.trimStart().startsWith('{'), `README.md line ${block.line} is a fragment`);
    }
  });
});
