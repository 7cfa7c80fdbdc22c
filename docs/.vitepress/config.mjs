// The docs site (`npm run docs`): VitePress over docs/*.md and the generated references (docs/reference/), built
// offline into .docs-build/. Links that leave docs/ (`../README.md#…`, `../bench/README.md`) point at files the site
// does not hold: they are rewritten to the repository's copy, so they work on the site as they do on GitHub.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitepress';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** `../X` from a page in docs/ (or `../../X` from docs/reference/) → the file on the repository's main branch. */
function outsideDocs(href, depth) {
  const up = '../'.repeat(depth + 1);
  if (!href.startsWith(up)) return undefined;
  return `${repo}/blob/main/${href.slice(up.length)}`;
}

export default defineConfig({
  title: 'llm-cascade',
  description: pkg.description,
  outDir: '../.docs-build',
  cleanUrls: false,
  // Dead relative links fail the build; a localhost URL (the Temporal UI on :8233) is an address to open, not a page.
  ignoreDeadLinks: 'localhostLinks',
  // Nothing fetched while building or reading: no web fonts, no remote search.
  themeConfig: {
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: repo }],
    nav: [
      { text: 'Guides', link: '/#guides' },
      { text: 'Reference', link: '/#reference' },
    ],
    sidebar: [
      { text: 'Home: getting started', link: '/' },
      {
        text: 'Concepts',
        items: [
          { text: 'Quality checks', link: '/checks' },
          { text: 'The ledger store', link: '/ledger-store' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'Agent jobs', link: '/agents' },
          { text: 'Provider Batch APIs', link: '/provider-batch' },
          { text: 'Images and PDFs', link: '/multimodal' },
          { text: 'Routing and tuning', link: '/routing' },
          { text: 'Observability', link: '/observability' },
          { text: 'Metrics', link: '/metrics' },
          { text: 'Deploying', link: '/deploying' },
          { text: 'Versioning workflow code', link: '/versioning' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Command line', link: '/reference/cli' },
          { text: 'Config file', link: '/reference/config' },
          { text: 'API', link: '/reference/api/' },
        ],
      },
    ],
  },
  markdown: {
    config(md) {
      const render =
        md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
      md.renderer.rules.link_open = (tokens, i, options, env, self) => {
        const href = tokens[i].attrGet('href');
        const depth = (env.relativePath ?? '').split('/').length - 1;
        const outside = href && outsideDocs(href, depth);
        if (outside) tokens[i].attrSet('href', outside);
        return render(tokens, i, options, env, self);
      };
    },
  },
});
