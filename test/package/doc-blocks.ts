/**
 * Every fenced code block of README.md and docs/**\/*.md (but the generated references under docs/reference/), and
 * what the tests do with each: a new page's blocks are found without a change here. The rules by language say what a
 * block claims to be; `EXCEPTIONS` names, by page and a line of the block, the blocks the rules cannot decide: where
 * else they run, or why they do not (a real API key, a remote cluster, a container runtime). Read by
 * test/package/doc-blocks.test.ts (compiles, loads and parses every block, counts them) and
 * test/integration/doc-blocks.test.ts (runs the programs and the commands marked `here`). Longer than 250 lines
 * because it is the table of every block the rules cannot decide, one short entry each, beside the rules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { parse as parseShell } from 'shell-quote';

export const ROOT = resolve(__dirname, '../../..');

export interface DocBlock {
  /** The page, relative to the repository (`docs/batch.md`). */
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  language: string;
  code: string;
}

/** What the tests do with a block. */
export type Treatment =
  /** test/integration/doc-blocks.test.ts runs it (a program, or a command line by line) against its dev server. */
  | { kind: 'here' }
  /** Another test runs exactly this block or the file it shows (named). */
  | { kind: 'elsewhere'; by: string }
  /** Used as what it claims to be, which is not a program or a command: a config loaded, a batch input read… */
  | { kind: 'used'; why: string }
  /** Not run (its llm-cascade command lines are still parsed, a TypeScript block still type-checked): why. */
  | { kind: 'checked'; why: string }
  /** Not run and not checked: why (an output sample, a file for another program). */
  | { kind: 'shown'; why: string };

/** README.md and every page under docs/ but the generated references (their examples come from the schemas). */
export function docFiles(): string[] {
  const files = ['README.md'];
  const visit = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      const path = join(dir, name);
      if (name.startsWith('.') || path === join('docs', 'reference')) continue;
      if (statSync(join(ROOT, path)).isDirectory()) visit(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  visit('docs');
  return files;
}

export function docBlocks(): DocBlock[] {
  const md = new MarkdownIt({ html: true });
  return docFiles().flatMap((file) =>
    md
      .parse(readFileSync(join(ROOT, file), 'utf8'), {})
      .filter((token) => token.type === 'fence')
      .map((token) => ({
        file: relative(ROOT, join(ROOT, file)),
        line: token.map![0] + 1,
        language: token.info.trim().split(/\s+/)[0] ?? '',
        code: token.content,
      })),
  );
}

/** A block by page and a line it holds (trimmed, whole). */
interface Exception {
  file: string;
  line: string;
  treatment: Treatment;
}

const SMOKE = 'test/smoke/smoke.test.ts (npm run smoke: Getting started as written, from the packed tarball)';
const EXAMPLES = 'test/integration/examples.test.ts (runs lib/examples/<name>.js against a dev server)';

export const EXCEPTIONS: Exception[] = [
  {
    file: 'docs/multimodal.md',
    line: "llm-cascade run --task extract --schema invoice.schema.json --input 'Read the invoice.' --media scan.png --explain",
    treatment: {
      kind: 'elsewhere',
      by: 'test/integration/cli-media.test.ts (runs this line as written in a folder with the two files)',
    },
  },
  {
    file: 'docs/opentelemetry.md',
    line: 'python3 -m venv /tmp/phoenix && /tmp/phoenix/bin/pip install arize-phoenix==20.26.1',
    treatment: {
      kind: 'checked',
      why: 'installs Arize Phoenix from PyPI (a screenshot, taken by hand); the protobuf export: test/integration/tracing.test.ts',
    },
  },
  // The workflows module of Getting started: the programs run here (and by the smoke test) load it as ./workflows.
  { file: 'docs/getting-started.md', line: 'export {}; // your own workflows go here', treatment: { kind: 'here' } },
  {
    file: 'docs/opentelemetry.md',
    line: 'npm install @temporalio/interceptors-opentelemetry@1.24.0 @opentelemetry/api@1.9.0 @opentelemetry/core@1.30.1 @opentelemetry/context-async-hooks@1.30.1 @opentelemetry/resources@1.30.1 @opentelemetry/sdk-trace-base@1.30.1 @opentelemetry/exporter-trace-otlp-http@0.57.2',
    treatment: {
      kind: 'checked',
      why: "installs from the registry; its versions are package.json's devDependencies (test/package/docs-pages.test.ts), which test/integration/examples.test.ts runs with",
    },
  },
  {
    file: 'README.md',
    line: 'npm ci && npm test         # the whole test suite, against a real Temporal dev server (what .ci/run runs)',
    treatment: {
      kind: 'elsewhere',
      by: '.ci/run (this is the suite itself; the demo line: test/integration/demo.test.ts)',
    },
  },
  ...['npm init -y', 'npx llm-cascade dev --no-worker   # your code runs the worker; Ctrl-C stops the server'].map(
    (line) => ({ file: 'docs/getting-started.md', line, treatment: { kind: 'elsewhere' as const, by: SMOKE } }),
  ),
  {
    file: 'docs/getting-started.md',
    line: 'npx tsc && node dist/quickstart.js',
    treatment: { kind: 'elsewhere', by: SMOKE },
  },
  {
    file: 'docs/getting-started.md',
    line: 'npx llm-cascade init --out local.json --base-url http://127.0.0.1:11434/v1 --model llama3.2',
    treatment: {
      kind: 'checked',
      why: 'needs a local Ollama server listing llama3.2; init against a fake one: cli-init.test.ts',
    },
  },
  ...['ai-sdk', 'grafana', 'openai-agents', 'opentelemetry'].map((name) => ({
    file: `docs/${name}.md`,
    line: 'npx llm-cascade dev --no-worker        # in another terminal',
    treatment: { kind: 'elsewhere' as const, by: EXAMPLES },
  })),
  {
    file: 'docs/integrations.md',
    line: "import { cascadeModel } from 'llm-cascade/ai-sdk';",
    treatment: {
      kind: 'elsewhere',
      by: `${EXAMPLES}: the same calls as whole programs, examples/ai-sdk.ts and openai-agents.ts`,
    },
  },
  {
    file: 'docs/ledger-store.md',
    line: 'export const plugin = new CascadePlugin({ ledger: {} });',
    treatment: {
      kind: 'checked',
      why: 'a plugin value, no program: the store it writes is tested by test/integration/ledger-store*.test.ts',
    },
  },
  {
    file: 'docs/pipelines.md',
    line: "import { cascade, defineSchema, jobBudget } from 'llm-cascade/workflow';",
    treatment: { kind: 'here' },
  },
  { file: 'docs/pipelines.md', line: 'npm run demo -- --pipeline --exit', treatment: { kind: 'here' } },
  {
    file: 'docs/configuration.md',
    line: 'npx llm-cascade run --task extract --schema schema.json --input @doc.txt --explain   # the plan; nothing runs',
    treatment: { kind: 'here' },
  },
  { file: 'docs/getting-started.md', line: 'npx llm-cascade catalog show', treatment: { kind: 'here' } },
  {
    file: 'docs/gateway.md',
    line: 'npm run build',
    treatment: {
      kind: 'checked',
      why: 'fixed ports 8080 and 18080 the parallel suite may hold; the same requests: gateway*.test.ts',
    },
  },
  {
    file: 'docs/gateway.md',
    line: 'from openai import OpenAI',
    treatment: {
      kind: 'checked',
      why: 'needs serve on :8080 (see above); the same call from Python: test/integration/gateway.test.ts',
    },
  },
  {
    file: 'docs/batch.md',
    line: 'npx llm-cascade batch --config catalog.json --task extract-batch --schema invoice.schema.json --input docs.jsonl --out results.jsonl',
    treatment: {
      kind: 'checked',
      why: "OpenAI's Batch API needs OPENAI_API_KEY; against a fake one: provider-batch*.test.ts",
    },
  },
  {
    file: 'docs/command-line.md',
    line: 'npx llm-cascade dev --headless --no-worker   # a server only; Ctrl-C stops it',
    treatment: { kind: 'checked', why: 'runs until Ctrl-C; dev is tested by cli-dev.test.ts' },
  },
  {
    file: 'docs/security.md',
    line: 'npm run build',
    treatment: { kind: 'checked', why: 'dev --encrypt runs until Ctrl-C; tested by test/browser/encrypted-ui.test.ts' },
  },
  {
    file: 'docs/security.md',
    line: "cat > encrypted.json <<'EOF'",
    treatment: {
      kind: 'checked',
      why: 'serves until stopped; the codec server: test/integration/codec-server.test.ts',
    },
  },
  {
    file: 'docs/agents.md',
    line: `temporal workflow list --query 'LlmTask = "agent:payables" AND LlmOutcome = "waiting_approval"'`,
    treatment: {
      kind: 'checked',
      why: "Temporal's own CLI on a cluster with agent jobs; the attributes: agent.test.ts",
    },
  },
  {
    file: 'docs/dashboard.md',
    line: 'npx llm-cascade dashboard    # --config <file>: its ledger, temporal.uiUrl and gateway keys',
    treatment: { kind: 'checked', why: 'serves until stopped, on your ledger; dashboard*.test.ts run it' },
  },
  {
    file: 'docs/dashboard.md',
    line: 'export DASHBOARD_TOKEN=$(openssl rand -hex 24)',
    treatment: { kind: 'checked', why: 'serves on 0.0.0.0 until stopped; the token check: dashboard*.test.ts' },
  },
  {
    file: 'docs/deploying.md',
    line: 'npx llm-cascade worker --config llm-cascade.json --profile prod',
    treatment: {
      kind: 'checked',
      why: 'a production cluster behind mTLS; against nginx with client certificates: connect-mtls.test.ts',
    },
  },
  {
    file: 'docs/deploying.md',
    line: '# ~/.config/temporalio/temporal.toml',
    treatment: { kind: 'shown', why: "Temporal's own profile file; read through envconfig by connect-mtls.test.ts" },
  },
  {
    file: 'docs/deploying.md',
    line: '@temporalio/workflow@~1.24.0 @temporalio/envconfig@~1.24.0 --omit=peer',
    treatment: { kind: 'elsewhere', by: 'test/integration/package-install.test.ts (a client-only app)' },
  },
  {
    file: 'docs/deploying.md',
    line: '--out s3://acme-batch-results/2026-12/invoices.jsonl',
    treatment: {
      kind: 'checked',
      why: 'a real bucket and database; both sinks against versitygw and PostgreSQL: test/integration/batch-sinks.test.ts',
    },
  },
  {
    file: 'docs/deploying.md',
    line: 'npm run test:cluster',
    treatment: {
      kind: 'checked',
      why: 'needs root for network namespaces and takes minutes, so it is not part of npm test (test/cluster/)',
    },
  },
  {
    file: 'docs/deploying.md',
    line: 'docker build -t llm-cascade .',
    treatment: { kind: 'checked', why: 'no container runtime here; the Dockerfile: test/unit/dockerfile.test.ts' },
  },
  ...[
    'npx llm-cascade eval --simulated --input demo/data/documents.jsonl --labels demo/data/expected.jsonl --candidates deepseek/deepseek-chat,openai/gpt-4o-mini --limit 20',
    'npx llm-cascade eval --simulated --input demo/data/documents.jsonl --labels demo/data/expected.jsonl --verifier mistral/mistral-small-latest',
  ].map((line) => ({
    file: 'docs/eval.md',
    line,
    treatment: {
      kind: 'elsewhere' as const,
      by: 'test/integration/eval-cli.test.ts (eval --simulated on the demo data)',
    },
  })),
  {
    file: 'docs/eval.md',
    line: 'npm run bench:eval-invoices',
    treatment: { kind: 'checked', why: 'a benchmark (minutes); run by hand, its figures are in the page' },
  },
  ...[
    'llm-cascade report --since 7d --by model            # every request the store keeps in the window: no --limit',
    'createdb ledger',
    'npm run build',
    'llm-cascade ledger prune --before 90d --keep-rollups --config llm-cascade.json',
  ].map((line) => ({
    file: 'docs/ledger-store.md',
    line,
    treatment: {
      kind: 'checked' as const,
      why: 'reads or writes your own ledger store; the commands: ledger-store*.test.ts, report-cli.test.ts',
    },
  })),
  ...[
    'llm-cascade setup --address temporal.internal:7233 --namespace prod',
    'llm-cascade report --by model                      # last 24 h, every cascade and batch item',
  ].map((line) => ({
    file: 'docs/observability.md',
    line,
    treatment: {
      kind: 'checked' as const,
      why: 'a remote cluster with a history; setup and report: ui-setup.test.ts, report-cli.test.ts',
    },
  })),
  {
    file: 'docs/routing.md',
    line: 'npx llm-cascade tune --since 7d --config llm-cascade.jsonc            # print what the ledgers support',
    treatment: { kind: 'checked', why: 'your week of ledgers; tune on recorded ones: tune*.test.ts' },
  },
  {
    file: 'docs/metrics.md',
    line: '# prometheus.yml',
    treatment: { kind: 'shown', why: "Prometheus' config file, for a Prometheus server" },
  },
  {
    file: 'docs/metrics.md',
    line: '# grafana/provisioning/dashboards/llm-cascade.yaml',
    treatment: { kind: 'shown', why: "Grafana's provisioning file, for a Grafana server" },
  },
];

/** What the tests do with this block: its exception, else the rule for its language. */
export function treatmentOf(block: DocBlock): Treatment | undefined {
  const lines = block.code.split('\n').map((line) => line.trim());
  const exception = EXCEPTIONS.find((e) => e.file === block.file && lines.includes(e.line.trim()));
  if (exception) return exception.treatment;
  switch (block.language) {
    case 'ts':
    case 'typescript':
      // A whole program runs here; a module without one (a workflow file) needs an exception saying how.
      return /^main\(\)/m.test(block.code) ? { kind: 'here' } : undefined;
    case 'json':
    case 'jsonc':
      if (block.code.startsWith('// tsconfig.json')) return { kind: 'used', why: 'a tsconfig: read by TypeScript' };
      if (block.code.trimStart().startsWith('['))
        return { kind: 'used', why: 'a --checks file: read as the CLI reads it' };
      if (/^\s*"level":/m.test(block.code)) return { kind: 'used', why: 'a worker log line: parsed as JSON' };
      return { kind: 'used', why: 'a config document: loaded with the config loader' };
    case 'jsonl':
      return { kind: 'used', why: 'a batch input: read as batch items, its labels as labels' };
    case 'promql':
      return {
        kind: 'used',
        why: "parsed with Prometheus' own PromQL grammar (test/unit/dashboard.test.ts reads docs/metrics.md)",
      };
    case 'text':
    case '':
      return { kind: 'shown', why: 'output or a listing, shown for reading' };
    default:
      return undefined;
  }
}

/**
 * The `llm-cascade` command lines of a shell block, as the shell would pass their arguments (shell-quote: quotes
 * resolved; the words after a redirection, pipe, `&&` or `&` and comments dropped; `$VAR` kept as written).
 */
export function commandLines(code: string): string[][] {
  return code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((text) => {
      const words: string[] = [];
      for (const entry of parseShell(text, (name) => `$${name}`)) {
        if (typeof entry !== 'string') break; // an operator (>, |, &&, &) or a comment: the command ends there
        words.push(entry);
      }
      return words;
    })
    .map((words) => {
      const at = words.findIndex((word) => word === 'llm-cascade' || word === 'bin/llm-cascade.js');
      return at >= 0 && !['install', 'npm', 'build', '-t'].includes(words[at - 1] ?? '') ? words.slice(at + 1) : [];
    })
    .filter((args) => args.length > 0);
}
