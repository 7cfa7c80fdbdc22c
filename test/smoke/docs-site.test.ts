// Slow test — `npm run docs` as CI runs it: TypeDoc writes the API reference, VitePress builds the whole site (its
// own dead-link check fails the build on a broken relative link, the generated API pages included), with no network
// at all when `unshare -rn` is available (a fresh network namespace: loopback only), so "offline" is checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../docs/gen/main';

/** `unshare -rn` works here (an unprivileged user namespace without network), or the build runs as it is. */
const offline = spawnSync('unshare', ['-rn', 'true']).status === 0;

function run(args: string[]): string {
  const [command, ...rest] = offline ? ['unshare', '-rn', ...args] : args;
  const result = spawnSync(command!, rest, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, `${args.join(' ')} failed:\n${output.slice(-4000)}`);
  return output;
}

describe('npm run docs: the site builds offline from docs/ and the generated references', () => {
  it('TypeDoc and VitePress build every page, with no dead relative link', { timeout: 900_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'llm-cascade-docs-'));
    try {
      run([process.execPath, 'node_modules/typedoc/bin/typedoc']);
      run([process.execPath, 'lib/docs/gen/main.js', '--api-names']);
      run([process.execPath, 'node_modules/vitepress/bin/vitepress.js', 'build', 'docs', '--outDir', out]);
      const pages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
      assert.ok(pages.includes('index.md') && pages.length > 5);
      for (const page of [...pages, 'reference/cli.md', 'reference/config.md', 'reference/api/index.md']) {
        assert.ok(existsSync(join(out, page.replace(/\.md$/, '.html'))), `${page} was not built`);
      }
      const api = readFileSync(join(out, 'reference/api/index.html'), 'utf8');
      for (const subpath of ['llm-cascade/client', 'llm-cascade/workflow', 'llm-cascade/ai-sdk']) {
        assert.ok(api.includes(`>${subpath}<`), `API index does not list ${subpath}`);
      }
      // A link that leaves docs/ (to the README's dependencies) points at the repository's copy, not at a page the site lacks.
      assert.match(
        readFileSync(join(out, 'index.html'), 'utf8'),
        /href="https:\/\/github\.com\/[^"]+\/blob\/main\/README\.md#dependencies-and-what-each-is-for"/,
      );
      console.log(`docs site built ${offline ? 'without network (unshare -rn)' : 'with the network as it is'}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
