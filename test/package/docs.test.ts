// Pure unit tests — the docs site's generated references match the code (regenerated in memory, compared with the
// checked-in pages), and every relative link and #anchor in README.md and docs/**/*.md leads somewhere.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { generatedPages, relabelApiIndex, ROOT } from '../../docs/gen/main';

/** README.md and every page under docs/, but TypeDoc's output (generated at build time, not checked in). */
function markdownFiles(): string[] {
  const files = [join(ROOT, 'README.md')];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith('.') || name === 'node_modules' || path === join(ROOT, 'docs/reference/api')) continue;
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  visit(join(ROOT, 'docs'));
  return files;
}

/** GitHub's heading ids: lower case, punctuation but hyphens and underscores dropped, spaces to hyphens, `-1` on repeats. */
function anchorsOf(tokens: ReturnType<MarkdownIt['parse']>): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  tokens.forEach((token, i) => {
    if (token.type === 'html_block' || token.type === 'html_inline') {
      for (const m of token.content.matchAll(/\b(?:id|name)="([^"]+)"/g)) ids.add(m[1]!);
    }
    if (token.type !== 'heading_open') return;
    const text = (tokens[i + 1]!.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('');
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\-_ ]/gu, '')
      .replaceAll(' ', '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count === 0 ? base : `${base}-${count}`);
  });
  return ids;
}

function linksOf(tokens: ReturnType<MarkdownIt['parse']>): string[] {
  const hrefs: string[] = [];
  const visit = (list: ReturnType<MarkdownIt['parse']>) => {
    for (const token of list) {
      if (token.type === 'link_open') hrefs.push(token.attrGet('href') ?? '');
      if (token.type === 'image') hrefs.push(token.attrGet('src') ?? '');
      if (token.children) visit(token.children);
    }
  };
  visit(tokens);
  return hrefs;
}

describe('docs site', () => {
  it('the generated references (CLI, config file) are what the code generates now: run `npm run docs` if not', () => {
    for (const page of generatedPages()) {
      const current = existsSync(join(ROOT, page.file)) ? readFileSync(join(ROOT, page.file), 'utf8') : '';
      assert.ok(current === page.text, `${page.file} is out of date: run \`npm run docs\` and commit it`);
    }
  });

  it('the CLI reference names every command and the config reference every section', () => {
    const [cli, config] = generatedPages();
    for (const command of ['init', 'run', 'batch', 'worker', 'serve', 'catalog', 'agent']) {
      assert.match(cli!.text, new RegExp(`^## \`llm-cascade ${command}\`$`, 'm'));
    }
    for (const key of ['providers', 'models', 'routes', 'temporal', 'encryption', 'ledger', 'gateway', 'agents']) {
      assert.match(config!.text, new RegExp(`^## \`${key}\`$`, 'm'));
    }
    // A default the loader fills in from code, and an example from the built-in catalog.
    assert.match(config!.text, /^\| `tierDefaults\.timeoutMs` \| .* \| `60000` \|/m);
    assert.match(config!.text, /^\| `providers\.<name>\.baseURL` \| string \(uri\) \| yes \| {2}\| `"https:/m);
  });

  it("TypeDoc's module list is relabelled with the package's import paths", () => {
    const text =
      '- [entries/client](entries/client/index.md)\n- [index](index/index.md)\n- [workflows](workflows/index.md)\n';
    const exportsMap = {
      '.': './lib/index.js',
      './client': './lib/entries/client.js',
      './workflow': './lib/workflows/index.js',
    };
    assert.equal(
      relabelApiIndex(text, exportsMap, 'llm-cascade'),
      '- [llm-cascade/client](entries/client/index.md)\n- [llm-cascade](index/index.md)\n- [llm-cascade/workflow](workflows/index.md)\n',
    );
  });

  it('every relative link in README.md and docs/**/*.md names a file, and every #anchor a heading there', () => {
    const md = new MarkdownIt({ html: true });
    const files = markdownFiles();
    const anchors = new Map(files.map((file) => [file, anchorsOf(md.parse(readFileSync(file, 'utf8'), {}))]));
    const problems: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const href of linksOf(md.parse(readFileSync(file, 'utf8'), {}))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue; // https:, mailto: — not fetched offline
        checked++;
        const [path, anchor] = href.split('#') as [string, string | undefined];
        const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
        const where = `${relative(ROOT, file)}: ${href}`;
        if (!existsSync(target)) {
          problems.push(`${where}: no such file`);
          continue;
        }
        if (anchor === undefined || anchor === '' || !target.endsWith('.md')) continue;
        const ids = anchors.get(target) ?? anchorsOf(md.parse(readFileSync(target, 'utf8'), {}));
        if (!ids.has(decodeURIComponent(anchor))) problems.push(`${where}: no heading #${anchor}`);
      }
    }
    assert.ok(files.length > 10 && checked > 50, `checked ${checked} links in ${files.length} files`);
    assert.deepEqual(problems, []);
  });
});
