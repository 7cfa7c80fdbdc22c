// Integration tests — `llm-cascade tune` (CLI) on recorded runs on the dev server: --apply changes a start tier in the
// config file, and a worker started on it begins the next runs there
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { runCascade } from '../../client/cascade-client';
import { loadConfig } from '../../cli/config';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin } from '../../worker/plugin';
import { startCascadeEnv, TEST_TASK, type CascadeEnv } from '../helpers/cascade-env';
import { runCli, tempFiles } from '../helpers/cli';
import { getTestServer, uniqueTaskQueue } from '../helpers/temporal';

const Contact = z.object({ name: z.string(), email: z.string() });
const ANSWER = { name: 'Ada', email: 'ada@example.com' };

describe('llm-cascade tune over recorded runs', () => {
  let env: CascadeEnv;
  let address: string;
  let config: string;

  before(async () => {
    // Economy never validates (and bills like standard): every request pays twice. Starting at standard saves half.
    env = await startCascadeEnv({
      name: 'tune',
      tiers: [
        ['economy', [{ ref: 'fake/eco', behavior: { kind: 'content', content: { name: 'Ada' } } }]],
        ['standard', [{ ref: 'fake/std', behavior: { kind: 'content', content: ANSWER } }]],
      ],
    });
    address = (await getTestServer()).address;
    const text = JSON.stringify(env.catalogJson, null, 2).replace('{', '{\n  // kept by tune --apply');
    config = tempFiles({ 'llm-cascade.jsonc': text })['llm-cascade.jsonc']!;
    for (let i = 0; i < 12; i++) {
      const result = await env.run({ schema: Contact, input: `Ada ${i} <ada@example.com>` });
      assert.deepEqual(
        result.attempts.map((row) => row.tier),
        ['economy', 'standard'],
      );
    }
  });
  after(() => env.close());

  const tune = (...args: string[]) =>
    runCli([
      'tune',
      '--since',
      '1h',
      '--task',
      TEST_TASK,
      '--config',
      config,
      '--address',
      address,
      '--query',
      `TaskQueue = "${env.taskQueue}"`,
      ...args,
    ]);

  it('says plainly when there is not enough data, and changes nothing', async () => {
    const result = await tune('--apply', '--min-samples', '50');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /not enough data: tier economy: 12 request\(s\) reached it, 50 needed/);
    assert.match(result.stdout, /nothing to apply/);
    assert.doesNotMatch(readFileSync(config, 'utf8'), /startTier/);
  });

  it('proposes standard with the saving and the data; --apply writes it with a date; the next runs start there', async () => {
    const dry = await tune('--min-samples', '10');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /CHANGE start tier economy → standard: expected cost per valid result \$[\d.]+ → \$[\d.]+ \(−[45]\d\.\d %/,
    );
    assert.match(dry.stdout, /economy\s+started\s+12\s+reached\s+12\s+pass\s+0\.0 %/);
    assert.match(dry.stdout, /run again with --apply/);

    const json = await tune('--min-samples', '10', '--json');
    assert.equal(json.code, 0, json.stderr);
    const [proposal] = (JSON.parse(json.stdout) as { proposals: { startTier?: { tier: string; saving: number } }[] })
      .proposals;
    assert.equal(proposal?.startTier?.tier, 'standard');
    assert.ok(proposal.startTier.saving > 0.4);

    const applied = await tune('--min-samples', '10', '--apply');
    assert.equal(applied.code, 0, applied.stderr);
    const text = readFileSync(config, 'utf8');
    assert.match(text, /\/\/ kept by tune --apply/);
    const today = new Date().toISOString().slice(0, 10);
    const route = loadConfig(config).catalog.routes[TEST_TASK]!;
    assert.equal(route.startTier, 'standard');
    assert.match(route.tuned ?? '', new RegExp(`^${today}: llm-cascade tune: start tier economy → standard`));

    // A worker started on the tuned config: the next run starts at standard.
    const taskQueue = uniqueTaskQueue('tune-next');
    const worker = await Worker.create({
      connection: env.temporal.nativeConnection,
      namespace: env.temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      plugins: [new CascadePlugin({ catalog: loadConfig(config).catalog })],
    });
    const next = await worker.runUntil(
      runCascade(env.temporal.client, { task: TEST_TASK, schema: Contact, input: 'Ada' }, { taskQueue }),
    );
    assert.deepEqual(
      next.attempts.map((row) => [row.tier, row.reason]),
      [['standard', 'first']],
    );
  });
});
