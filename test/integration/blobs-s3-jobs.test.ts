// Integration tests — workers keeping their blobs in S3 (a real versitygw on loopback, the real dev server): a
// provider batch whose answers wait for their items in the bucket, an agent job whose prompts, transcript and tool
// results live there; with encryption on, a canary scan of the bucket finds no document text, no key, no item id
// and no name that says anything
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import { runBatch } from '../../client/batch-client';
import type { EncryptionOptions } from '../../codec/keys';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { startAgentEnv, type AgentEnv } from '../helpers/agent-env';
import { tempFiles } from '../helpers/cli';
import { startS3Server, type S3Server } from '../helpers/s3-server';
import { answer, readLines, request, writeItems, type ResultLine } from './batch-env';

const BUCKET = 'jobs-blobs';
const ITEMS = 12;
const DOC_CANARY = 'DOCCANARY-BLOBS-5521';
const KEY = randomBytes(32);
Object.assign(process.env, { BLOBS_JOBS_KEY: KEY.toString('base64') });
const encryption: EncryptionOptions = { keys: [{ id: 'blobs', env: 'BLOBS_JOBS_KEY' }] };

let s3: S3Server;
before(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  Object.assign(process.env, s3.env);
});
after(() => s3?.stop());

/** Every object file of the bucket's folder on the server's disk: its name and bytes. */
function objectsOf(prefix: string): { name: string; bytes: Buffer }[] {
  const root = join(s3.root, BUCKET, prefix);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { name: relative(root, path), bytes: readFileSync(path) };
    });
}

/** Names are kinds and hashes; contents hold no canary, no key material (raw or base64). */
function assertBucketReveals(prefix: string, kind: string, canaries: string[]): void {
  const objects = objectsOf(prefix);
  assert.ok(
    objects.some((object) => object.name.startsWith(`${kind}/`)),
    `${kind} objects in the bucket`,
  );
  for (const { name, bytes } of objects) {
    assert.match(name, /^(claims|provider-batches)\/[0-9a-f]{2}\/[0-9a-f]{64}$/, `object name ${name}`);
    for (const canary of [...canaries, KEY.toString('base64'), KEY.toString('hex')])
      assert.equal(bytes.includes(canary), false, `${name} holds ${canary.slice(0, 12)}…`);
    assert.equal(bytes.includes(KEY), false, `${name} holds the raw key`);
  }
}

describe('a provider batch with its answers in S3', () => {
  let env: CascadeEnv;
  after(() => env?.close());

  it('every item reads its answer from the bucket; nothing is spooled beside the results file', async () => {
    env = await startCascadeEnv({
      name: 'blobs-pb',
      providerExtra: {
        eco: { batch: { protocol: 'openai', maxRequests: 1000, maxBytes: 10_000_000, maxInFlight: 2 } },
      },
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/small',
              behavior: answer(['ok']),
              inputUsdPerMTok: 0.1,
              outputUsdPerMTok: 0.4,
              batchDiscount: 0.5,
            },
          ],
        ],
        ['standard', [{ ref: 'std/medium', behavior: answer(['ok']), inputUsdPerMTok: 1, outputUsdPerMTok: 4 }]],
      ],
      blobs: { url: `s3://${BUCKET}/pb`, endpoint: s3.endpoint },
      encryption,
    });
    env.provider.setBatchBehavior('complete', { validatingMs: 20, inProgressMs: 200, finalizingMs: 20 });
    const dir = tempFiles({}).dir;
    const input = writeItems(dir, ITEMS, () => 'ok');
    const out = join(dir, 'out.jsonl');
    const report = await runBatch(
      env.temporal.client,
      request(input, out, { batchId: 'blobs-pb', pageSize: ITEMS, providerBatch: true, providerBatchPollMs: 100 }),
      { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 },
    );
    assert.equal(report.ok, ITEMS);
    const lines = readLines<ResultLine>(out);
    assert.equal(lines.length, ITEMS);
    assert.ok(
      lines.every((line) => line.finalModel.includes('small')),
      'every item answered by the batch tier',
    );
    assert.equal(env.callsTo('eco/small').length, 0, 'no synchronous economy call: the answers came from the spool');
    assert.equal(existsSync(`${out}.provider-batches`), false, 'nothing spooled beside the results file');
    const documents = readFileSync(input, 'utf8');
    assert.match(documents, /invoice from ACME/);
    assertBucketReveals('pb', 'provider-batches', ['invoice from ACME', 'item-1', 'doc-1', 'blobs-pb', 'out.jsonl']);
  });
});

describe('an agent job with its claim checks in S3', () => {
  let env: AgentEnv;
  after(() => env?.close());

  it('prompts, transcript and tool results go to the bucket, sealed, and the job finishes', async () => {
    const lookup = tool({
      name: 'lookup_invoice',
      description: 'The amount owed on an invoice',
      input: z.object({ vendor: z.string() }),
      run: ({ vendor }) => ({ vendor, invoice: DOC_CANARY, notes: `${DOC_CANARY} `.repeat(200), owed: 480 }),
    });
    let step = 0;
    env = await startAgentEnv({
      name: 'blobs-agent',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/agent',
              behavior: () =>
                ++step === 1
                  ? {
                      kind: 'content',
                      content: {
                        action: 'call_tools',
                        calls: [{ tool: 'lookup_invoice', arguments: { vendor: 'Acme' } }],
                      },
                    }
                  : { kind: 'content', content: { action: 'final', answer: { invoice: DOC_CANARY, owed: 480 } } },
            },
          ],
        ],
      ],
      tools: [lookup],
      blobs: { url: `s3://${BUCKET}/agent`, endpoint: s3.endpoint },
      encryption,
    });
    const handle = await env.start({
      agent: {
        name: 'owed',
        instructions: 'You find what we owe.',
        tools: ['lookup_invoice'],
        task: 'agent',
        finalSchema: z.object({ invoice: z.string(), owed: z.number() }),
      },
      goal: `What do we owe Acme for ${DOC_CANARY}?`,
    });
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.deepEqual(result.answer, { invoice: DOC_CANARY, owed: 480 });
    const claims = objectsOf('agent').filter((object) => object.name.startsWith('claims/'));
    assert.ok(claims.length >= 3, `prompts, transcript and the tool result in the bucket (${claims.length} objects)`);
    assertBucketReveals('agent', 'claims', [DOC_CANARY, 'lookup_invoice', 'You find what we owe', 'Acme']);
  });
});
