// Pure unit tests — the blob store's decisions: URL → driver, key rules, object names, claim-store choice, sealing
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerSpool } from '../../activities/batch/provider-batch';
import type { ProviderBatchAnswer } from '../../workflows/batch/definitions';
import { blobLocation, checkBlobKey, checkBlobPrefix, defaultBlobsUrl, describeLocation } from '../../blobs/location';
import { BlobKind, contentKey, logicalKey, nameKey } from '../../blobs/names';
import { BlobSeal } from '../../blobs/sealed';
import { blobsOptionOf } from '../../blobs/config';
import { openBlobStore, DirectoryBlobStore, S3BlobStore } from '../../blobs';
import { claimStoreChoice } from '../../activities/claim-check/store';
import { defaultCatalog } from '../../catalog/node/load';
import { CascadePlugin } from '../../worker/plugin';

const NO_ENV = {};

describe('blob store location', () => {
  it('a file URL or a plain path is a directory; a relative path is relative to the working directory', () => {
    assert.deepEqual(blobLocation({ url: 'file:///var/blobs' }, NO_ENV, '/w'), {
      kind: 'directory',
      dir: '/var/blobs',
    });
    assert.deepEqual(blobLocation({ url: '/var/b' }, NO_ENV, '/w'), { kind: 'directory', dir: '/var/b' });
    assert.deepEqual(blobLocation({ url: 'data/b' }, NO_ENV, '/w'), { kind: 'directory', dir: '/w/data/b' });
  });

  it('the default is $LLM_CASCADE_BLOBS, else .llm-cascade under the working directory', () => {
    assert.equal(defaultBlobsUrl(NO_ENV, '/w'), 'file:///w/.llm-cascade');
    assert.deepEqual(blobLocation({}, NO_ENV, '/w'), { kind: 'directory', dir: '/w/.llm-cascade' });
    assert.deepEqual(blobLocation({}, { LLM_CASCADE_BLOBS: 's3://env-bucket' }, '/w').kind, 's3');
    assert.equal(blobLocation({ url: '/opt' }, { LLM_CASCADE_BLOBS: 's3://env-bucket' }, '/w').kind, 'directory');
  });

  it('an S3 URL: bucket, prefix with one trailing slash, region and endpoint from options, then the AWS environment', () => {
    assert.deepEqual(blobLocation({ url: 's3://my-bucket/team/a//' }, NO_ENV), {
      kind: 's3',
      bucket: 'my-bucket',
      prefix: 'team/a/',
      region: 'us-east-1',
      pathStyle: false,
    });
    const env = { AWS_REGION: 'eu-west-3', AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' };
    assert.deepEqual(blobLocation({ url: 's3://abc' }, env), {
      kind: 's3',
      bucket: 'abc',
      prefix: '',
      region: 'eu-west-3',
      endpoint: 'http://127.0.0.1:9000',
      pathStyle: true,
    });
    const s3Only = { ...env, AWS_ENDPOINT_URL_S3: 'https://r2.example' };
    assert.equal((blobLocation({ url: 's3://abc' }, s3Only) as { endpoint: string }).endpoint, 'https://r2.example');
    const given = blobLocation({ url: 's3://abc', endpoint: 'http://h:1', region: 'r', pathStyle: false }, env);
    assert.deepEqual(given, {
      kind: 's3',
      bucket: 'abc',
      prefix: '',
      region: 'r',
      endpoint: 'http://h:1',
      pathStyle: false,
    });
    assert.equal(describeLocation(given), 's3://abc/ at http://h:1');
  });

  it('bad URLs say what to write', () => {
    assert.throws(() => blobLocation({ url: 's3://AB' }, NO_ENV), /bucket "AB" is not a valid S3 bucket name/);
    assert.throws(() => blobLocation({ url: 's3://ab' }, NO_ENV), /bucket "ab" is not a valid/);
    assert.throws(() => blobLocation({ url: 's3:bucket' }, NO_ENV), /write s3:\/\/bucket/);
    assert.throws(() => blobLocation({ url: 's3://abc/x/../y' }, NO_ENV), /'\.' or '\.\.'/);
    assert.throws(() => blobLocation({ url: 'gs://abc' }, NO_ENV), /only file:\/\/ and s3:\/\//);
    assert.throws(() => blobLocation({ url: 's3://abc', endpoint: '127.0.0.1:9000' }, NO_ENV), /http:\/\/ or https/);
  });

  it('a worker with a bad blob store URL does not start: the plugin says what to fix', () => {
    assert.throws(
      () => new CascadePlugin({ catalog: defaultCatalog(), blobs: { url: 's3://Bad_Bucket/p' } }),
      /blobs: bucket "Bad_Bucket" is not a valid S3 bucket name/,
    );
  });

  it('opens the driver the URL names, and a store given by value as it is', () => {
    assert.ok(openBlobStore({ url: '/tmp/x' }, NO_ENV) instanceof DirectoryBlobStore);
    assert.ok(openBlobStore({ url: 's3://abc' }, NO_ENV) instanceof S3BlobStore);
    const own = new DirectoryBlobStore('/tmp/y');
    assert.equal(openBlobStore(own), own);
  });

  it("a config file's plain path is relative to the file; URLs pass as written", () => {
    assert.deepEqual(blobsOptionOf({ url: 'blobs' }, '/etc/app'), { url: '/etc/app/blobs' });
    assert.deepEqual(blobsOptionOf({ url: 's3://abc/p', pathStyle: true }, '/etc/app'), {
      url: 's3://abc/p',
      pathStyle: true,
    });
  });
});

describe('blob keys and names', () => {
  it('keys are lower-case relative segments: nothing absolute, nothing climbing out', () => {
    assert.equal(checkBlobKey('claims/ab/abc.json'), 'claims/ab/abc.json');
    for (const bad of ['/abs', '../up', 'a/../b', 'a//b', 'Upper', 'a/', '', 'a b', 'a/.hidden'])
      assert.throws(() => checkBlobKey(bad), /is not valid/, bad);
    assert.equal(checkBlobPrefix(''), '');
    assert.equal(checkBlobPrefix('claims/'), 'claims/');
    assert.throws(() => checkBlobPrefix('/claims'), /is not valid/);
  });

  it('a content key is the kind, two hex digits and the hash', () => {
    const hash = 'ab'.padEnd(64, '0');
    assert.equal(contentKey(BlobKind.Claims, hash), `claims/ab/${hash}`);
    assert.equal(contentKey('', hash), `ab/${hash}`);
    assert.throws(() => contentKey(BlobKind.Claims, 'report-2026'), /not a SHA-256 hex/);
  });

  it('a logical key hides its parts: SHA-256 in the clear, HMAC under the name key; parts never run together', () => {
    const parts = ['/data/results.jsonl', 'batch_123'];
    const plain = createHash('sha256')
      .update(['provider-batches', ...parts].join('\0'))
      .digest('hex');
    assert.equal(logicalKey(BlobKind.ProviderBatches, parts), `provider-batches/${plain.slice(0, 2)}/${plain}`);
    const key = randomBytes(32);
    const keyed = createHmac('sha256', key)
      .update(['provider-batches', ...parts].join('\0'))
      .digest('hex');
    assert.equal(logicalKey(BlobKind.ProviderBatches, parts, key), `provider-batches/${keyed.slice(0, 2)}/${keyed}`);
    assert.notEqual(
      logicalKey(BlobKind.ProviderBatches, ['a', 'bc']),
      logicalKey(BlobKind.ProviderBatches, ['ab', 'c']),
    );
    assert.doesNotMatch(logicalKey(BlobKind.ProviderBatches, parts, key), /results|batch_123/);
    assert.throws(() => logicalKey(BlobKind.ProviderBatches, ['a\0b']), /NUL/);
  });

  it('the name key depends on the current payload key and is not that key', () => {
    const a = randomBytes(32);
    const one = nameKey({ keys: [{ id: 'k1', key: a.toString('base64') }] });
    assert.equal(one.length, 32);
    assert.notDeepEqual(one, a);
    assert.notDeepEqual(one, nameKey({ keys: [{ id: 'k2', key: randomBytes(32).toString('base64') }] }));
  });
});

describe('claim-check store choice', () => {
  const own = { put: async () => undefined, get: async () => undefined };
  it('its own store, then its own directory, then the blob store', () => {
    assert.deepEqual(claimStoreChoice({ store: own, dir: '/d' }, true, NO_ENV), { kind: 'own' });
    assert.deepEqual(claimStoreChoice({ dir: '/d' }, true, NO_ENV), { kind: 'directory', dir: '/d' });
    assert.deepEqual(claimStoreChoice({}, false, NO_ENV), { kind: 'blobs' });
  });

  it('$LLM_CASCADE_CLAIM_DIR still serves a worker that names no blob store, and yields to one that does', () => {
    const env = { LLM_CASCADE_CLAIM_DIR: '/claims' };
    assert.deepEqual(claimStoreChoice({}, false, env), { kind: 'directory', dir: '/claims' });
    assert.deepEqual(claimStoreChoice({}, true, env), { kind: 'blobs' });
  });
});

describe('sealed blobs', () => {
  const encryption = { keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] };
  const text = Buffer.from(JSON.stringify({ secret: 'CANARY-SEAL-5120' }));

  it('without keys the bytes are stored as given', async () => {
    const seal = new BlobSeal();
    assert.equal(seal.encrypts, false);
    assert.deepEqual(await seal.seal(text), text);
    assert.deepEqual(Buffer.from(await seal.open(text, 'x')), text);
  });

  it('with keys the stored bytes hide the text, open again, and cannot be read without the keys', async () => {
    const seal = new BlobSeal(encryption);
    const stored = Buffer.from(await seal.seal(text));
    assert.equal(stored.includes('CANARY-SEAL'), false);
    assert.deepEqual(Buffer.from(await seal.open(stored, 'x')), text);
    assert.deepEqual(Buffer.from(await seal.open(text, 'x')), text, 'objects written before encryption stay readable');
    await assert.rejects(
      new BlobSeal().open(stored, 'the answers'),
      /the answers is encrypted, but this worker has no/,
    );
    const other = new BlobSeal({ keys: [{ id: 'k2', key: randomBytes(32).toString('base64') }] });
    await assert.rejects(other.open(stored, 'x'));
  });
});

describe('provider-batch spool', () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cascade-spool-test-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const answers = [{ id: 'item-7', attempt: { outcome: 'ok' } }] as unknown as ProviderBatchAnswer[];

  it('one key per results file and batch, the same on a retry; read back from the blob store', async () => {
    const spool = new AnswerSpool(new DirectoryBlobStore(join(root, 'blobs')));
    const key = await spool.write('/data/out.jsonl', 'batch_1', answers);
    assert.equal(await spool.write('/data/out.jsonl', 'batch_1', answers), key, 'a retried collection overwrites');
    assert.notEqual(spool.keyOf('/data/out.jsonl', 'batch_2'), key);
    assert.notEqual(spool.keyOf('/data/other.jsonl', 'batch_1'), key);
    assert.deepEqual(await spool.read(key), answers);
  });

  it('an absolute path recorded by a worker before the blob store is still read (a batch running across the upgrade)', async () => {
    const legacy = join(root, 'out.jsonl.provider-batches', 'batch_1.json');
    await new DirectoryBlobStore(root).put(
      'out.jsonl.provider-batches/batch_1.json',
      Buffer.from(JSON.stringify(answers)),
    );
    assert.deepEqual(await new AnswerSpool(new DirectoryBlobStore(join(root, 'elsewhere'))).read(legacy), answers);
  });

  it('a missing spool names the store and says every worker needs it', async () => {
    const spool = new AnswerSpool(new DirectoryBlobStore(join(root, 'empty')));
    await assert.rejects(spool.read(spool.keyOf('/r', 'b')), /not in the blob store \(.*empty\): every worker/);
  });
});
