/**
 * `npm run docs` step 1: writes the generated references (docs/reference/cli.md from the commander program,
 * docs/reference/config.md from the zod schemas). `--check` writes nothing and exits 1 when a checked-in page
 * differs from what the code generates now (the same comparison runs in test/package/docs.test.ts).
 * After TypeDoc has written docs/reference/api/ (step 2), `--api-names` relabels its module list with the
 * package's import paths (`entries/client` → `llm-cascade/client`), from package.json's `exports`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildProgram } from '../../cli/main';
import { cliReference } from './cli';
import { configReference } from './config';

export const ROOT = resolve(__dirname, '../../..');

/** Every checked-in generated page: its path under the repository root and its text as the code gives it now. */
export function generatedPages(root = ROOT): { file: string; text: string }[] {
  return [
    { file: 'docs/reference/cli.md', text: cliReference(buildProgram()) },
    { file: 'docs/reference/config.md', text: configReference(root) },
  ];
}

/** TypeDoc names modules by source path; users import them by the package's export names. */
export function relabelApiIndex(text: string, exportsMap: Record<string, string>, name: string): string {
  let out = text;
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const source = target
      .replace(/^\.\/lib\//, '')
      .replace(/\.js$/, '')
      .replace(/\/index$/, '');
    const label = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
    out = out.replaceAll(`- [${source}](`, `- [${label}](`);
  }
  return out;
}

function main(args: string[]): void {
  if (args.includes('--api-names')) {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, string>;
    };
    const file = join(ROOT, 'docs/reference/api/index.md');
    writeFileSync(file, relabelApiIndex(readFileSync(file, 'utf8'), pkg.exports, pkg.name));
    return;
  }
  const check = args.includes('--check');
  const stale: string[] = [];
  for (const page of generatedPages()) {
    const path = join(ROOT, page.file);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // not written yet
    }
    if (current === page.text) continue;
    if (check) stale.push(page.file);
    else writeFileSync(path, page.text);
  }
  if (stale.length > 0) {
    process.stderr.write(`out of date (run npm run docs): ${stale.join(', ')}\n`);
    process.exit(1);
  }
}

if (require.main === module) main(process.argv.slice(2));
