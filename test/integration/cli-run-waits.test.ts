// Integration tests — `llm-cascade run` says each wait on providers on stderr and bounds it with --max-wait (real dev server)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getTestServer } from '../helpers/temporal';
import { runCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const SCHEMA = {
  type: 'object',
  properties: { word: { type: 'string' } },
  required: ['word'],
  additionalProperties: false,
};

describe('llm-cascade run: waits are visible and bounded', () => {
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'run-waits',
      tiers: [
        ['economy', [{ ref: 'slow/only', behavior: { kind: 'error', status: 429, headers: { 'retry-after': '5' } } }]],
      ],
    });
    address = (await getTestServer()).address;
    files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } },
      'schema.json': SCHEMA,
    });
  });
  after(() => env.close());

  it('a provider answering 429 Retry-After: 5 → one line per wait (which provider, until when); --max-wait 4 ends it', async () => {
    const started = Date.now();
    const result = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      'hello',
      '--address',
      address,
      '--max-wait',
      '4',
    ]);
    const elapsed = Date.now() - started;
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('waiting'));
    // Temporal waits out the Retry-After before the activity's second try; then the cascade waits, capped at 4 s.
    assert.ok(
      lines.some((line) =>
        /^waiting for slow \(slow\/only\) to take try 2: .* \(until \d\d:\d\d:\d\d, in \d+ s\)$/.test(line),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => /^waiting 4\.0 s for slow \(.*\) \(until \d\d:\d\d:\d\d, in \d+ s\)$/.test(line)),
      lines.join('\n'),
    );
    assert.equal(new Set(lines).size, lines.length, 'each wait said once');
    assert.match(
      result.stderr,
      /cascade failed \(CascadeUnavailableError\): no provider could serve after waiting 4 s in all/,
    );
    assert.ok(elapsed < 60_000, `took ${elapsed} ms`);
  });

  it('--max-wait takes seconds from 0 to 30 days, as on batch', async () => {
    const result = await runCli([
      'run',
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      'x',
      '--max-wait',
      'soon',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--max-wait must be a number of seconds between 0 and 2592000 \(30 days\), got "soon"/);
  });
});
