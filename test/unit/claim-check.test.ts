// Pure unit tests — the claim-check store: content hashes, keyed names, the file store, encryption of its contents; no server
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaimCheck, FileClaimCheckStore, nameKey } from '../../activities/claim-check/store';
import { createTranscriptActivities } from '../../activities/agent/transcript';
import type { Turn } from '../../workflows/agent/definitions';

const made: string[] = [];
const dir = () => {
  made.push(mkdtempSync(join(tmpdir(), 'llm-cascade-claims-test-')));
  return made.at(-1)!;
};
after(() => made.forEach((path) => rmSync(path, { recursive: true, force: true })));
const files = (root: string) =>
  readdirSync(root).flatMap((sub) => readdirSync(join(root, sub)).map((f) => join(root, sub, f)));

describe('claim-check store', () => {
  it('keys a value by the SHA-256 of its JSON text; the same value twice is one file', async () => {
    const root = dir();
    const claims = new ClaimCheck(new FileClaimCheckStore(root));
    const value = { messages: [{ role: 'user', content: 'CANARY-4411' }] };
    const ref = await claims.put(value, 12);
    const text = JSON.stringify(value);
    assert.deepEqual(ref, { hash: createHash('sha256').update(text).digest('hex'), bytes: text.length, tokens: 12 });
    await claims.put(value);
    assert.equal(files(root).length, 1);
    // A fresh reader (no in-memory copy) reads it back from the file.
    assert.deepEqual(await new ClaimCheck(new FileClaimCheckStore(root)).get(ref), value);
  });

  it('encrypts the contents with the payload keys, and names them by a keyed hash: no name confirms a guess', async () => {
    const root = dir();
    const key = randomBytes(32);
    const encryption = { keys: [{ id: 'k1', key: key.toString('base64') }] };
    const claims = new ClaimCheck(new FileClaimCheckStore(root), encryption);
    const value = { document: 'CANARY-DOCUMENT-7731' };
    const text = JSON.stringify(value);
    const ref = await claims.put(value);
    // Whoever guesses the document can hash it, but not find it: the name is an HMAC under a key derived from the
    // payload key (HKDF), never the payload key itself.
    const plainName = createHash('sha256').update(text).digest('hex');
    assert.notEqual(ref.hash, plainName);
    assert.notEqual(ref.hash, createHmac('sha256', key).update(text).digest('hex'));
    const derived = Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'llm-cascade claim-check object names v1', 32),
    );
    assert.equal(ref.hash, createHmac('sha256', derived).update(text).digest('hex'));
    assert.deepEqual(nameKey(encryption), derived);
    assert.deepEqual(
      files(root).map((path) => path.slice(-64)),
      [ref.hash],
    );
    // Same keys, same value: the same name (idempotent writes); other keys: another name.
    assert.equal((await new ClaimCheck(new FileClaimCheckStore(dir()), encryption).put(value)).hash, ref.hash);
    const other = { keys: [{ id: 'k2', key: randomBytes(32).toString('base64') }] };
    assert.notEqual((await new ClaimCheck(new FileClaimCheckStore(dir()), other).put(value)).hash, ref.hash);
    const stored = readFileSync(files(root)[0]!);
    assert.ok(!stored.toString('latin1').includes('CANARY'));
    assert.deepEqual(await new ClaimCheck(new FileClaimCheckStore(root), encryption).get(ref), value);
    await assert.rejects(new ClaimCheck(new FileClaimCheckStore(root)).get(ref), /encrypted.*no encryption keys/);
  });

  it('values named before keyed names (plain SHA-256, clear or encrypted) stay readable with encryption on', async () => {
    const root = dir();
    const encryption = { keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] };
    // A clear value written before encryption was turned on.
    const clearRef = await new ClaimCheck(new FileClaimCheckStore(root)).put({ turn: 'older' });
    // An encrypted value written under its plain SHA-256 name, as workers did before keyed names.
    const value = { turn: 'encrypted, unkeyed name' };
    const keyed = await new ClaimCheck(new FileClaimCheckStore(root), encryption).put(value);
    const plainName = createHash('sha256').update(JSON.stringify(value)).digest('hex');
    const keyedPath = join(root, keyed.hash.slice(0, 2), keyed.hash);
    mkdirSync(join(root, plainName.slice(0, 2)), { recursive: true });
    renameSync(keyedPath, join(root, plainName.slice(0, 2), plainName));
    const reader = new ClaimCheck(new FileClaimCheckStore(root), encryption);
    assert.deepEqual(await reader.get(clearRef), { turn: 'older' });
    assert.deepEqual(await reader.get({ hash: plainName }), value);
  });

  it('a missing value is a clear error naming the shared store', async () => {
    const claims = new ClaimCheck(new FileClaimCheckStore(dir()));
    await assert.rejects(claims.get({ hash: 'ab'.repeat(32) }), /every worker of this task queue needs/);
  });

  it('transcript activities append turns (tool results by reference) and keep previews in the workflow', async () => {
    const claims = new ClaimCheck(new FileClaimCheckStore(dir()));
    const activities = createTranscriptActivities(claims);
    const big = { text: 'x'.repeat(5000) };
    const resultRef = await claims.put(big);
    const call = { id: 's1c1', tool: 'read', arguments: { page: 1 } };
    const turns: Turn[] = [
      { role: 'assistant', kind: 'action', content: '{"action":"call_tools"}', step: 1 },
      { role: 'user', kind: 'tool_results', content: '', step: 1, results: [{ call, ref: resultRef }] },
    ];
    const first = await activities.appendAgentTurns({ turns });
    assert.equal(first.turns[1]!.content.length, 300);
    assert.ok(first.turns[1]!.chars! > 5000);
    assert.ok(first.turns[1]!.tokens! > 0);
    const full = await claims.get<Turn[]>(first.transcriptRef);
    assert.match(full[1]!.content, /^Tool results:\ns1c1 read: \{"text":"x{5000}"\}$/);
    const more = await activities.appendAgentTurns({
      transcriptRef: first.transcriptRef,
      turns: [{ role: 'user', kind: 'message', content: 'hello', step: 1 }],
    });
    assert.equal((await claims.get<Turn[]>(more.transcriptRef)).length, 3);
  });
});
