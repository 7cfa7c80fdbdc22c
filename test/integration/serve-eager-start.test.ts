// Integration test — the CLI's Temporal session with its worker in the process (`serve --with-worker`) starts
// cascades eagerly: the server hands the first workflow task to that worker in the start response (real dev server,
// real worker, the fake provider). Without a worker in the process there is no eager client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../cli/config';
import { openTemporal, type TemporalSession } from '../../cli/temporal';
import { startCascade } from '../../client/cascade-client';
import { tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

const CONTACT = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string' } },
  required: ['name', 'email'],
};

describe('serve --with-worker: eager workflow start', () => {
  let env: CascadeEnv;
  let session: TemporalSession | undefined;
  let path: string;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'serve-eager',
      noWorker: true,
      tiers: [
        ['economy', [{ ref: 'a/fast', behavior: { kind: 'content', content: { name: 'Ada', email: 'a@b.c' } } }]],
      ],
    });
    address = (await getTestServer()).address;
    path = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } } })['config.json']!;
  });
  after(async () => {
    await session?.close();
    await env.close();
  });

  it('starts a cascade on the in-process worker eagerly, and it answers', async () => {
    session = await openTemporal(loadConfig(path), { address, withWorker: true });
    assert.ok(session.eagerClient, 'a session with its worker in the process has an eager client');
    const started = await startCascade(
      session.eagerClient,
      { task: 'extract', schema: CONTACT, input: 'Ada <a@b.c>' },
      { taskQueue: env.taskQueue },
    );
    assert.equal(
      (started.handle as { eagerlyStarted?: boolean }).eagerlyStarted,
      true,
      'the server handed the first task to this worker',
    );
    const result = await started.result();
    assert.deepEqual(result.output, { name: 'Ada', email: 'a@b.c' });
    assert.equal(env.callsTo('a/fast').length, 1);
  });

  it('a session without a worker in the process has no eager client', async () => {
    const plain = await openTemporal(loadConfig(path), { address, noWorker: true });
    try {
      assert.equal(plain.eagerClient, undefined);
    } finally {
      await plain.close();
    }
  });
});
