// Integration tests — the blob store's contract, run against each driver: a directory, and S3 on a real versitygw
// server (loopback, path-style); then claim checks and provider-batch answers on S3 with a canary scan of the bucket
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DirectoryBlobStore, openBlobStore, S3BlobStore, type BlobStore } from '../../blobs';
import { ClaimCheck, BlobClaimCheckStore } from '../../activities/claim-check/store';
import { AnswerSpool } from '../../activities/batch/provider-batch';
import type { ProviderBatchAnswer } from '../../workflows/batch/definitions';
import { startS3Server, type S3Server } from '../helpers/s3-server';

let s3: S3Server;
const dirs: string[] = [];
const BUCKET = 'blobs-contract';

before(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  Object.assign(process.env, s3.env);
});
after(async () => {
  await s3?.stop();
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const drivers: Record<string, () => BlobStore> = {
  directory: () => {
    dirs.push(mkdtempSync(join(tmpdir(), 'llm-cascade-blobs-test-')));
    return new DirectoryBlobStore(dirs.at(-1)!);
  },
  s3: () => openBlobStore({ url: `s3://${BUCKET}/run-${randomBytes(4).toString('hex')}`, endpoint: s3.endpoint }),
};

/** Every file under `root`, as paths relative to it. */
function walk(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

for (const [name, open] of Object.entries(drivers)) {
  describe(`blob store contract: ${name}`, () => {
    it('put then get returns the same bytes (binary, empty, 3 MB); a second put replaces', async () => {
      const store = open();
      const binary = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
      await store.put('kind/aa/one', binary);
      assert.deepEqual(Buffer.from((await store.get('kind/aa/one'))!), binary);
      await store.put('kind/aa/empty', new Uint8Array());
      assert.equal((await store.get('kind/aa/empty'))?.length, 0);
      const big = randomBytes(3_000_000);
      await store.put('kind/bb/big', big);
      assert.ok(Buffer.from((await store.get('kind/bb/big'))!).equals(big));
      await store.put('kind/aa/one', Buffer.from('second'));
      assert.equal(Buffer.from((await store.get('kind/aa/one'))!).toString(), 'second');
    });

    it('a missing key is undefined; delete removes, and deleting twice is fine', async () => {
      const store = open();
      assert.equal(await store.get('kind/none'), undefined);
      await store.put('kind/gone', Buffer.from('x'));
      await store.delete('kind/gone');
      assert.equal(await store.get('kind/gone'), undefined);
      await store.delete('kind/gone');
    });

    it('list finds the keys under a prefix (a folder or part of a name), relative to the store', async () => {
      const store = open();
      for (const key of ['claims/aa/1', 'claims/ab/2', 'claims/ab/3', 'provider-batches/cd/4']) {
        await store.put(key, Buffer.from(key));
      }
      assert.deepEqual((await store.list('claims/')).sort(), ['claims/aa/1', 'claims/ab/2', 'claims/ab/3']);
      assert.deepEqual((await store.list('claims/ab')).sort(), ['claims/ab/2', 'claims/ab/3']);
      assert.deepEqual((await store.list('')).length, 4);
      assert.deepEqual(await store.list('nothing/'), []);
    });

    it('concurrent puts of one key leave one whole object; bad keys are refused before any I/O', async () => {
      const store = open();
      const values = Array.from({ length: 8 }, (_, index) => Buffer.alloc(100_000, index + 1));
      await Promise.all(values.map((value) => store.put('kind/race', value)));
      const read = Buffer.from((await store.get('kind/race'))!);
      assert.ok(
        values.some((value) => value.equals(read)),
        'the object is one of the values written, whole',
      );
      assert.deepEqual(await store.list('kind/'), ['kind/race'], 'no temp objects left behind');
      await assert.rejects(store.put('../escape', Buffer.from('x')), /is not valid/);
      await assert.rejects(store.get('/etc/passwd'), /is not valid/);
    });
  });
}

describe('S3 driver specifics', () => {
  it('two prefixes in one bucket never see each other', async () => {
    const a = openBlobStore({ url: `s3://${BUCKET}/team-a`, endpoint: s3.endpoint });
    const b = openBlobStore({ url: `s3://${BUCKET}/team-b`, endpoint: s3.endpoint });
    await a.put('claims/x', Buffer.from('a'));
    assert.equal(await b.get('claims/x'), undefined);
    assert.deepEqual(await b.list(''), []);
    assert.deepEqual(await a.list(''), ['claims/x']);
  });

  it('wrong credentials and a missing bucket are errors, never "not found"', async () => {
    const wrong = new S3BlobStore({
      kind: 's3',
      bucket: BUCKET,
      prefix: '',
      region: s3.region,
      endpoint: s3.endpoint,
      pathStyle: true,
    });
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    try {
      await assert.rejects(wrong.get('claims/x'), (error: Error) => error.name !== 'NoSuchKey');
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
    const missing = openBlobStore({ url: 's3://no-such-bucket', endpoint: s3.endpoint });
    await assert.rejects(missing.get('claims/x'), /bucket/i);
  });

  it('a directory store never loads the AWS SDK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-blobs-lazy-'));
    dirs.push(dir);
    const script = `
      const { openBlobStore } = require(${JSON.stringify(join(__dirname, '../../blobs'))});
      const store = openBlobStore({ url: ${JSON.stringify(dir)} });
      store.put('a/b', Buffer.from('x')).then(() => store.get('a/b')).then((data) => {
        const loaded = Object.keys(require.cache).filter((path) => path.includes('@aws-sdk'));
        console.log(JSON.stringify({ data: Buffer.from(data).toString(), loaded: loaded.length }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as object;
    assert.deepEqual(out, { data: 'x', loaded: 0 });
  });
});

describe('claim checks and provider-batch answers on S3: the canary scan', () => {
  const CANARY = 'CANARY-DOC-8812-ZEBRA';
  const ITEM = 'invoice-item-0042';
  const RESULTS = '/data/acme-quarterly/results.jsonl';

  for (const encrypted of [false, true]) {
    it(`${encrypted ? 'encrypted' : 'clear'}: values round-trip; names ${encrypted ? 'and contents ' : ''}reveal nothing`, async () => {
      const prefix = `scan-${encrypted ? 'sealed' : 'clear'}`;
      const blobs = openBlobStore({ url: `s3://${BUCKET}/${prefix}`, endpoint: s3.endpoint });
      const key = randomBytes(32).toString('base64');
      const encryption = encrypted ? { keys: [{ id: 'k1', key }] } : undefined;
      const claims = new ClaimCheck(new BlobClaimCheckStore(blobs), encryption);
      const ref = await claims.put({ messages: [{ role: 'user', content: `${CANARY} for ${ITEM}` }] });
      const spool = new AnswerSpool(blobs, encryption);
      const answers = [{ id: ITEM, attempt: { outcome: 'ok', note: CANARY } }] as unknown as ProviderBatchAnswer[];
      const spoolKey = await spool.write(RESULTS, 'batch_abc123', answers);

      // Fresh readers (no memory of the writes) read both back.
      const fresh = openBlobStore({ url: `s3://${BUCKET}/${prefix}`, endpoint: s3.endpoint });
      const reread = await new ClaimCheck(new BlobClaimCheckStore(fresh), encryption).get<object>(ref);
      assert.match(JSON.stringify(reread), new RegExp(CANARY));
      assert.deepEqual(await new AnswerSpool(fresh, encryption).read(spoolKey), answers);

      const names = await fresh.list('');
      assert.equal(names.length, 2);
      assert.match(
        names.find((name) => name.startsWith('claims/'))!,
        /^claims\/[0-9a-f]{2}\/[0-9a-f]{64}$/,
      );
      assert.match(spoolKey, /^provider-batches\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      // The bucket as a reader of the server's disk sees it: every file name and every byte.
      const bucketRoot = join(s3.root, BUCKET, prefix);
      assert.equal(walk(bucketRoot).length, 2, 'the server keeps each object as one file under the bucket');
      for (const path of walk(bucketRoot)) {
        assert.doesNotMatch(path, /invoice|item|acme|results|batch_abc|CANARY/i, `name ${path}`);
        const bytes = readFileSync(join(bucketRoot, path));
        assert.equal(bytes.includes(key), false, 'no key material');
        if (encrypted) {
          for (const secret of [CANARY, ITEM, 'batch_abc123'])
            assert.equal(bytes.includes(secret), false, `${path} holds ${secret}`);
        }
      }
      if (!encrypted) {
        // Without keys contents are clear (that is what encryption is for), but names still say nothing.
        assert.ok(walk(bucketRoot).some((path) => readFileSync(join(bucketRoot, path)).includes(CANARY)));
      }
    });
  }
});
