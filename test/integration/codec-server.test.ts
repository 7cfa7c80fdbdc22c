// Unit tests — the codec server's protocol and guards over loopback HTTP; no Temporal server
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { startCodecServer, type CodecServer } from '../../codec/server';
import { logLine } from '../../worker/runtime';
import { registerSecret } from '../../catalog/redact';

const codec = EncryptionCodec.fromOptions({ keys: [{ id: 'k1', key: randomBytes(32) }] });
const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

describe('codec server', () => {
  let server: CodecServer;
  before(async () => {
    server = await startCodecServer({
      codec,
      port: 0,
      token: 'tok-123456',
      namespaces: ['default'],
      maxBodyBytes: 4096,
    });
  });
  after(() => server.close());
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': 'default',
        authorization: 'Bearer tok-123456',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('encode then decode round-trips; the endpoint carries the token as its path', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload({ a: 'hello' }));
    const encoded = (await (await post('/encode', { payloads: [plain] })).json()) as { payloads: unknown[] };
    assert.notDeepEqual(encoded.payloads[0], plain);
    const decoded = await fetch(`${server.endpoint}/decode?preserveStorageRefs=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify(encoded),
    });
    assert.deepEqual(((await decoded.json()) as { payloads: unknown[] }).payloads[0], plain);
  });

  it('refuses what it should: unknown paths, methods, namespaces, bodies, and undecryptable payloads', async () => {
    assert.equal((await post('/other', { payloads: [] })).status, 404);
    assert.equal(
      (await fetch(`${server.url}/decode`, { headers: { authorization: 'Bearer tok-123456' } })).status,
      405,
    );
    assert.equal((await post('/decode', { payloads: [] }, { 'x-namespace': 'prod' })).status, 403);
    assert.equal((await post('/decode', 'not json')).status, 400);
    assert.equal((await post('/decode', { payloads: ['x'.repeat(5000)] })).status, 413);
    const foreign = await EncryptionCodec.fromOptions({ keys: [{ id: 'k9', key: randomBytes(32) }] }).encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    const refused = await post('/decode', { payloads: [toJson(foreign[0]!)] });
    assert.equal(refused.status, 422);
    assert.match(((await refused.json()) as { error: string }).error, /key "k9"/);
  });
});

describe('worker log lines', () => {
  it('a key value or key shape handed to a log call never leaves the process', () => {
    registerSecret('log-secret-ABCDEF123');
    const line = logLine({
      level: 'INFO',
      message: 'provider said: bad key log-secret-ABCDEF123',
      timestampNanos: 0n,
      meta: { error: new Error('Authorization: Bearer abc.def.ghi-123') },
    });
    assert.ok(!line.includes('log-secret-ABCDEF123') && !line.includes('abc.def.ghi-123'), line);
    assert.doesNotThrow(() => JSON.parse(line));
  });
});
