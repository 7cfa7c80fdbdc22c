// Pure unit tests — the command line builds every Temporal client in one place (cli/client.ts), with the config's
// encryption; no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { cliClient } from '../../cli/client';
import { EncryptionCodec } from '../../codec/encryption-codec';

const ROOT = resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('CLI clients', () => {
  it('no CLI module but cli/client.ts constructs a Temporal Client', () => {
    const offenders = sources(join(ROOT, 'cli'))
      .filter((path) => relative(ROOT, path) !== join('cli', 'client.ts'))
      .filter((path) => /new Client\s*\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(ROOT, path));
    assert.deepEqual(offenders, []);
  });

  it("a CLI client encodes with the config's keys, and with none without them", async () => {
    // Connection.lazy opens nothing until a call is made.
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const key = Buffer.alloc(32, 7).toString('base64');
    const encrypted = cliClient(connection, 'default', { encryption: { keys: [{ id: 'k1', key }] } });
    const codecs = encrypted.options.loadedDataConverter.payloadCodecs;
    assert.equal(codecs.length, 1);
    assert.ok(codecs[0] instanceof EncryptionCodec);
    const plain = cliClient(connection, 'default', {});
    assert.equal(plain.options.loadedDataConverter.payloadCodecs.length, 0);
    await connection.close();
  });
});
