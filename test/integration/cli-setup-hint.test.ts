// Integration tests — a Temporal server without llm-cascade's search attributes: `run` says to run
// `llm-cascade setup` (exit 2) instead of an opaque "Failed to start Workflow"; the library throws the same
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { startCascade } from '../../client/cascade-client';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { runCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

describe('a server without our search attributes', { timeout: 120_000 }, () => {
  let server: DevServer;
  let env: CascadeEnv;
  let files: ReturnType<typeof tempFiles>;

  before(async () => {
    server = await startDevServer({ uiPort: false, searchAttributes: false });
    env = await startCascadeEnv({
      name: 'setup-hint',
      noWorker: true,
      tiers: [['economy', [{ ref: 'local/small', behavior: { kind: 'content', content: { name: 'Ada' } } }]]],
    });
    files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } },
      'schema.json': { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
  });
  after(async () => {
    await env.close();
    await server.stop();
  });

  it('run: exit 2 and "run llm-cascade setup", no stack, no model call', async () => {
    const result = await runCli([
      'run',
      '--config',
      files['config.json']!,
      '--task',
      'extract',
      '--schema',
      files['schema.json']!,
      '--input',
      'Ada',
      '--address',
      server.address,
      '--with-worker',
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /does not have llm-cascade's search attributes \(LlmCostUsd, .*LlmTask.*\): run `llm-cascade setup`/,
    );
    assert.match(result.stderr, /no mapping defined for search attribute/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.equal(env.callsTo('local/small').length, 0);
  });

  it('startCascade throws CascadeConfigError MISSING_SEARCH_ATTRIBUTES', async () => {
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      await assert.rejects(
        startCascade(client, { task: 'extract', schema: { type: 'object' }, input: 'x' }, { taskQueue: env.taskQueue }),
        (error: unknown) =>
          error instanceof CascadeConfigError && error.code === ConfigErrorCode.MissingSearchAttributes,
      );
    } finally {
      await connection.close();
    }
  });
});
