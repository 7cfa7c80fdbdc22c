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
      {
        text: 'Getting started',
        items: [
          { text: 'Home', link: '/' },
          { text: 'Getting started', link: '/getting-started' },
          { text: 'The demo', link: '/demo' },
        ],
      },
      {
        text: 'Concepts',
        items: [
          { text: 'How a request runs', link: '/cascade' },
          { text: 'Quality gates', link: '/quality-gates' },
          { text: 'Quality checks', link: '/checks' },
          { text: 'Configuration: the catalog', link: '/configuration' },
          { text: 'Reliability', link: '/reliability' },
          { text: 'The ledger store', link: '/ledger-store' },
          { text: 'Architecture', link: '/architecture' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'Batch extraction', link: '/batch' },
          { text: 'Provider Batch APIs', link: '/provider-batch' },
          { text: 'Images and PDFs', link: '/multimodal' },
          { text: 'Pipelines: cascades in workflows', link: '/pipelines' },
          { text: 'Agent jobs', link: '/agent-jobs' },
          { text: 'Agent jobs: the loop', link: '/agents' },
          { text: 'The gateway', link: '/gateway' },
          { text: 'AI SDK and Agents SDK', link: '/integrations' },
          { text: 'AI SDK', link: '/ai-sdk' },
          { text: 'OpenAI Agents SDK', link: '/openai-agents' },
          { text: 'Encryption and redaction', link: '/security' },
          { text: 'Routing and tuning', link: '/routing' },
          { text: 'Measuring gates (eval)', link: '/eval' },
          { text: 'The command line', link: '/command-line' },
          { text: 'Inspecting runs', link: '/inspecting' },
          { text: 'Observability', link: '/observability' },
          { text: 'Metrics', link: '/metrics' },
          { text: 'The dashboard', link: '/dashboard' },
          { text: 'Grafana', link: '/grafana' },
          { text: 'OpenTelemetry', link: '/opentelemetry' },
          { text: 'Deploying', link: '/deploying' },
          { text: 'Versioning workflow code', link: '/versioning' },
          { text: 'Tests', link: '/tests' },
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
