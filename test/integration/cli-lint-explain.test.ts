// CLI tests — `llm-cascade lint` and `run --explain` as child processes: the stable prefix of each task, the cache
// warning, the plan under `--require`; no Temporal (the prefix maths: test/unit/cache-prefix.test.ts)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempFiles } from '../helpers/cli';
import { testCatalogJson } from '../helpers/cascade-env';

const empty = { kind: 'empty' } as const;
const SHORT = 'Extract the invoice.';
const schema = {
  type: 'object',
  properties: { invoiceNumber: { type: 'string', description: 'as printed' }, total: { type: 'number' } },
  required: ['invoiceNumber', 'total'],
};

describe('lint and run --explain on the command line', () => {
  const catalog = testCatalogJson('http://127.0.0.1:1/v1', {
    name: 'cli',
    tiers: [
      [
        'economy',
        [
          { ref: 'us/us-small', behavior: empty },
          { ref: 'eu/eu-small', behavior: empty },
        ],
      ],
    ],
    route: { instructions: SHORT },
    providerExtra: { us: { tags: { region: 'us' } }, eu: { tags: { region: 'eu' } } },
  });
  const files = tempFiles({ 'config.json': catalog, 'schema.json': schema });

  it('lint prints each task with its prefix and warns when it is too short to cache', async () => {
    const result = await runCli(['lint', '--config', files['config.json']!, '--schema', files['schema.json']!]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /task "extract"/);
    // The table fits 100 columns when stdout is not a terminal: "no: too short" wraps in its cell.
    assert.match(result.stdout, /us\/us-small .*no: too\b/);
    assert.ok(result.stdout.split('\n').every((line) => [...line].length <= 100), result.stdout);
    assert.match(result.stdout, /warning: task "extract": the stable prefix/);
  });
  it('run --explain --require region=eu: the plan without the us candidate, the reason, the cache warning', async () => {
    const result = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      'Invoice INV-7, total 120.50',
      '--require',
      'region=eu',
      '--explain',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1\. eu\/eu-small/);
    assert.doesNotMatch(result.stdout, /\d\. us\/us-small/);
    assert.match(result.stdout, /ruled out: economy us\/us-small: lacks region=eu/);
    assert.match(result.stdout, /warning: task "extract": the stable prefix/);
  });
  it('run --explain with a requirement nothing meets: exit 2 and the typed reason', async () => {
    const result = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      'x',
      '--require',
      'region=ap',
      '--explain',
    ]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /no candidate of route "extract" meets/);
  });
});
