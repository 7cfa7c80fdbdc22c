// Pure unit tests — the AES-256-GCM payload codec, keys from env/files, rotation, compression; no Temporal server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CascadeConfigError } from '../../catalog/errors';
import { EncryptionCodec, EncryptionKeyError } from '../../codec/encryption-codec';
import { resolveKeys } from '../../codec/keys';
import { undecryptableReason } from '../../codec/mismatch';

const key1 = randomBytes(32).toString('base64');
const key2 = randomBytes(32).toString('hex');
const codec = (keys: { id: string; key: string }[], compressAboveBytes?: number | false) =>
  EncryptionCodec.fromOptions({ keys, compressAboveBytes });
const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const value = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const meta = (p: Payload, key: string) => Buffer.from(p.metadata![key]!).toString();

describe('encryption codec', () => {
  it('round-trips a payload; the ciphertext holds no plaintext and names its key id', async () => {
    const c = codec([{ id: 'k1', key: key1 }]);
    const [encoded] = await c.encode([payload({ document: 'CANARY-DOCUMENT-7731' })]);
    assert.equal(meta(encoded!, 'encoding'), 'binary/encrypted');
    assert.equal(meta(encoded!, 'encryption-key-id'), 'k1');
    assert.ok(!Buffer.from(encoded!.data!).toString('latin1').includes('CANARY'));
    assert.deepEqual(value((await c.decode([encoded!]))[0]!), { document: 'CANARY-DOCUMENT-7731' });
  });

  it('two encodings of the same payload differ (a fresh IV each time)', async () => {
    const c = codec([{ id: 'k1', key: key1 }]);
    const [a, b] = await c.encode([payload('same'), payload('same')]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
  });

  it('compresses large payloads before encrypting them, not small ones', async () => {
    const big = 'invoice line '.repeat(2000);
    const compressing = codec([{ id: 'k1', key: key1 }]);
    const plain = codec([{ id: 'k1', key: key1 }], false);
    const [small] = await compressing.encode([payload(big)]);
    const [large] = await plain.encode([payload(big)]);
    assert.ok(small!.data!.length < large!.data!.length / 10, `${small!.data!.length} vs ${large!.data!.length}`);
    assert.equal(value((await compressing.decode([small!]))[0]!), big);
    assert.equal(value((await compressing.decode([large!]))[0]!), big);
  });

  it('rotation: new payloads use the current key; payloads of the old key still decrypt', async () => {
    const old = codec([{ id: 'k1', key: key1 }]);
    const [written] = await old.encode([payload('from key 1')]);
    const rotated = codec([
      { id: 'k2', key: key2 },
      { id: 'k1', key: key1 },
    ]);
    const [fresh] = await rotated.encode([payload('from key 2')]);
    assert.equal(meta(fresh!, 'encryption-key-id'), 'k2');
    assert.equal(value((await rotated.decode([written!]))[0]!), 'from key 1');
    await assert.rejects(old.decode([fresh!]), (e: Error) => e instanceof EncryptionKeyError && /"k2"/.test(e.message));
  });

  it('a different key under the same id fails with a message naming the id and fingerprint, never a key', async () => {
    const [encoded] = await codec([{ id: 'k1', key: key1 }]).encode([payload('x')]);
    const other = codec([{ id: 'k1', key: key2 }]);
    await assert.rejects(other.decode([encoded!]), (e: Error) => {
      assert.match(e.message, /different key material under the same id/);
      assert.ok(!e.message.includes(key1) && !e.message.includes(key2));
      return true;
    });
  });

  it('a tampered key id in the metadata does not decrypt (the id is authenticated)', async () => {
    const both = codec([
      { id: 'k1', key: key1 },
      { id: 'k2', key: key1 },
    ]);
    const [encoded] = await both.encode([payload('x')]);
    encoded!.metadata!['encryption-key-id'] = Buffer.from('k2');
    await assert.rejects(both.decode([encoded!]), EncryptionKeyError);
  });

  it('passes through payloads it did not encrypt (histories from before encryption)', async () => {
    const plain = payload({ a: 1 });
    assert.deepEqual(value((await codec([{ id: 'k1', key: key1 }]).decode([plain]))[0]!), { a: 1 });
  });

  it("a worker's codec turns an undecryptable payload into a marker; the guard without keys encrypts nothing", async () => {
    const [encoded] = await codec([{ id: 'k9', key: key1 }]).encode([payload('secret')]);
    const guard = new EncryptionCodec(undefined, { onUndecryptable: 'marker' });
    assert.deepEqual(await guard.encode([payload('clear')]), [payload('clear')]);
    const reason = undecryptableReason(value((await guard.decode([encoded!]))[0]!));
    assert.match(reason ?? '', /key "k9".*not have.*encryption is not configured/);
  });
});

describe('encryption keys', () => {
  it('reads keys from environment variables and files, base64 or hex', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    writeFileSync(join(dir, 'k2'), `${key2}\n`);
    const resolved = resolveKeys(
      {
        keys: [
          { id: 'k1', env: 'MY_KEY' },
          { id: 'k2', file: join(dir, 'k2') },
        ],
      },
      { MY_KEY: key1 },
    );
    assert.equal(resolved.currentKeyId, 'k1');
    assert.equal(resolved.keys.get('k1')!.toString('base64'), key1);
    assert.equal(resolved.keys.get('k2')!.toString('hex'), key2);
  });

  it('errors name the variable or file and what to do, never the value', () => {
    const bad = (keys: unknown[], env: Record<string, string> = {}, currentKeyId?: string) =>
      assert.throws(
        () => resolveKeys({ keys: keys as never, currentKeyId }, env),
        (e: Error) => e instanceof CascadeConfigError && !e.message.includes('short-secret-value'),
      );
    bad([{ id: 'k1', env: 'UNSET_VAR' }]);
    bad([{ id: 'k1', env: 'SHORT' }], { SHORT: 'short-secret-value' });
    bad([{ id: 'k1', file: '/nonexistent/key' }]);
    bad([{ id: 'k1', env: 'A', file: '/x' }], { A: key1 });
    bad([
      { id: 'k1', key: key1 },
      { id: 'k1', key: key2 },
    ]);
    bad([{ id: 'k1', key: key1 }], {}, 'k3');
    bad([]);
    assert.throws(() => resolveKeys({ keys: [{ id: 'k1', env: 'SHORT' }] }, { SHORT: 'short-secret-value' }), /SHORT/);
  });
});
