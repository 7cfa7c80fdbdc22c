// @ts-check
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

module.exports = tseslint.config(
  {
    ignores: [
      'lib/**',
      'node_modules/**',
      '.tools/**',
      'bench/.peers/**',
      'eslint.config.js',
      '.dependency-cruiser.js',
      'bin/**',
      '.ci/**',
      // The docs site's VitePress config: an ES module run by vitepress, outside the TypeScript project.
      'docs/.vitepress/**',
      // npm run docs: the built site (bundled JavaScript)
      '.docs-build/**',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'object-shorthand': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no heavy libraries. The catalog's
    // sandbox-safe part (all of catalog/ but catalog/node/) is imported by workflows, so the same rules hold there.
    files: [
      'workflows/**/*.ts',
      'prompts/**/*.ts',
      'catalog/*.ts',
      'routing/*.ts',
      'examples/*/pipeline.ts',
      'examples/*/schemas.ts',
      'examples/*/workflows.ts',
      'codec/mismatch.ts',
      'codec/failure-converter.ts',
      'codec/workflow-interceptors.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'workflows import activities as types only',
            },
            {
              group: ['**/catalog/node/**', '**/routing/node/**', './node/*'],
              allowTypeImports: true,
              message: 'catalog/node/ and routing/node/ are Node-side: workflows get resolved plans, not loaders',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto'],
              message: 'no Node built-ins in workflow code',
            },
            {
              group: ['openai', 'ajv', 'ajv-formats', 'zod', 'gpt-tokenizer'],
              allowTypeImports: true,
              message: 'keep heavy libraries out of the workflow bundle',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard page's own scripts run in the browser as ES modules (no build step): no type information, the
    // browser's globals, and uPlot as the global its bundled script defines.
    files: ['cli/dashboard/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'module',
      parserOptions: { projectService: false },
      globals: Object.fromEntries(
        ['window', 'document', 'fetch', 'URLSearchParams', 'history', 'location', 'Intl', 'uPlot']
          .concat(['setTimeout', 'clearTimeout', 'console'])
          .map((name) => [name, 'readonly']),
      ),
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-undef': 'error' },
  },
);
