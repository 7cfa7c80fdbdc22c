// Pure unit tests — the integration pages (docs/ai-sdk.md, openai-agents.md, opentelemetry.md, grafana.md) run as
// written: each names an example that test/integration/examples.test.ts runs, every config block loads with the
// config loader, every command runs an example that exists, every relative link leads somewhere, and the
// OpenTelemetry page's install line pins the versions the tests run with
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../../cli/config';

const ROOT = resolve(__dirname, '../../..');
/** Each page and the example it shows. */
const PAGES = {
  'ai-sdk': 'ai-sdk',
  'openai-agents': 'openai-agents',
  opentelemetry: 'opentelemetry',
  grafana: 'grafana',
};
const EXAMPLES_TEST = readFileSync(join(ROOT, 'test/integration/examples.test.ts'), 'utf8');

function page(name: string): string {
  return readFileSync(join(ROOT, 'docs', `${name}.md`), 'utf8');
}

function blocks(text: string, language: RegExp): string[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].filter((m) => language.test(m[1]!)).map((m) => m[2]!);
}

describe('integration docs pages', () => {
  for (const [name, example] of Object.entries(PAGES)) {
    it(`${name}.md links examples/${example}.ts, which exists and examples.test.ts runs; its commands run it`, () => {
      const text = page(name);
      assert.ok(text.includes(`](../examples/${example}.ts)`), 'links its example');
      assert.ok(existsSync(join(ROOT, 'examples', `${example}.ts`)));
      assert.ok(EXAMPLES_TEST.includes(`runExample('${example}'`), 'the examples test runs it');
      const commands = blocks(text, /^sh$/).flatMap((code) =>
        code.split('\n').filter((line) => line.includes('node ')),
      );
      assert.ok(commands.length > 0);
      for (const command of commands) {
        const script = /node (lib\/examples\/[\w-]+)\.js/.exec(command)?.[1];
        assert.ok(script, `runs an example: ${command}`);
        assert.ok(existsSync(join(ROOT, `${script.replace(/^lib\//, '')}.ts`)), command);
      }
    });

    it(`${name}.md: every relative link names a file of the repository`, () => {
      for (const [, target] of page(name).matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        assert.ok(existsSync(resolve(dirname(join(ROOT, 'docs', `${name}.md`)), target!)), `${name}.md → ${target}`);
      }
    });
  }

  it('every config block of opentelemetry.md loads with the config loader; a wrong key does not', () => {
    const configs = blocks(page('opentelemetry'), /^jsonc?$/);
    assert.ok(configs.length > 0);
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-docs-'));
    try {
      for (const [index, code] of configs.entries()) {
        const file = join(dir, `block-${index}.jsonc`);
        writeFileSync(file, code);
        assert.ok(loadConfig(file).worker.telemetry?.otlpEndpoint, `block ${index} sets telemetry`);
        writeFileSync(file, code.replace('"otlpEndpoint"', '"endpoint"'));
        assert.throws(() => loadConfig(file), /telemetry: Unrecognized key: "endpoint"/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("opentelemetry.md's npm install line pins exactly the versions in package.json's devDependencies", () => {
    const { devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const line = blocks(page('opentelemetry'), /^sh$/)
      .flatMap((code) => code.split('\n'))
      .find((text) => text.startsWith('npm install'));
    assert.ok(line);
    const pinned = line.split(' ').slice(2);
    assert.equal(pinned.length, 7);
    for (const spec of pinned) {
      const at = spec.lastIndexOf('@');
      assert.equal(devDependencies[spec.slice(0, at)], spec.slice(at + 1), spec);
    }
  });
});
