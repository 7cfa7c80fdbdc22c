// Unit tests — a config file's worker sections become the plugin's options (temp files only); no Temporal, no network
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../cli/config';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { workerOptions } from '../../worker/config';

/** A project directory with a config file (over the default catalog) and the modules it names. */
function project(config: Record<string, unknown>, modules: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-config-'));
  for (const [name, source] of Object.entries(modules)) writeFileSync(join(dir, name), source);
  writeFileSync(join(dir, 'cascade.json'), JSON.stringify({ extends: 'default', ...config }));
  return join(dir, 'cascade.json');
}

const MODULES = {
  'tools.js': "exports.tools = [{ name: 'lookup' }];",
  'checks.js': 'exports.checks = { positive: (output) => (output.total > 0 ? undefined : "total <= 0") };',
  'sink.js': 'exports.batchSink = { recordedIds: () => new Set(), append: () => true };',
  'fetch.js': 'exports.fetch = (...args) => globalThis.fetch(...args);',
  'env.js': "exports.env = { OPENAI_API_KEY: 'sk-test' };",
  'store.js': 'exports.store = { put: async () => undefined, get: async () => undefined };',
};

function rejects(config: Record<string, unknown>, pattern: RegExp, modules: Record<string, string> = MODULES) {
  assert.throws(
    () => loadConfig(project(config, modules)),
    (error: unknown) =>
      error instanceof CascadeConfigError &&
      error.code === ConfigErrorCode.InvalidConfig &&
      pattern.test(error.message),
  );
}

describe('config file → worker options', () => {
  it('reaches every option of the plugin: the data sections as written, the code options from the modules named', () => {
    const file = project(
      {
        cooldown: { failureThreshold: 5, cooldownMs: 10_000 },
        measurements: { maxAttempts: 20, windowMs: 60_000 },
        maxAnswerBytes: 500_000,
        claimCheck: { dir: 'claims' },
        logContent: true,
        ledger: { path: 'ledger.db' },
        blobs: { url: 'blobs', endpoint: 'http://127.0.0.1:7070', pathStyle: true },
        encryption: { keys: [{ id: 'k1', env: 'CASCADE_KEY' }] },
        tools: './tools.js',
        checks: './checks.js',
        batchSink: './sink.js',
        fetch: './fetch.js',
        env: './env.js',
      },
      MODULES,
    );
    const options = workerOptions(loadConfig(file));
    assert.deepEqual(Object.keys(options).sort(), [
      'batchSink',
      'blobs',
      'catalog',
      'checks',
      'claimCheck',
      'cooldown',
      'encryption',
      'env',
      'fetch',
      'ledger',
      'logContent',
      'maxAnswerBytes',
      'measurements',
      'tools',
    ]);
    assert.deepEqual(options.cooldown, { failureThreshold: 5, cooldownMs: 10_000 });
    assert.deepEqual(options.measurements, { maxAttempts: 20, windowMs: 60_000 });
    assert.equal(options.maxAnswerBytes, 500_000);
    assert.equal(options.logContent, true);
    assert.deepEqual(options.ledger, { path: join(file, '..', 'ledger.db') }, 'a store path is relative to the file');
    assert.equal(options.claimCheck?.dir, join(file, '..', 'claims'), 'a directory is relative to the config file');
    assert.deepEqual(
      options.blobs,
      { url: join(file, '..', 'blobs'), endpoint: 'http://127.0.0.1:7070', pathStyle: true },
      'a blob store path is relative to the config file; the S3 settings pass as written',
    );
    assert.deepEqual(options.encryption?.keys, [{ id: 'k1', env: 'CASCADE_KEY' }]);
    assert.equal(options.tools?.[0]?.name, 'lookup');
    assert.equal(typeof options.checks?.positive, 'function');
    assert.equal(typeof options.batchSink?.append, 'function');
    assert.equal(typeof options.fetch, 'function');
    assert.deepEqual(options.env, { OPENAI_API_KEY: 'sk-test' });
    assert.ok(options.catalog.routes.extract, 'the catalog is the file itself, over the default');
  });

  it('a claim-check store of your own is a module too', () => {
    const options = workerOptions(loadConfig(project({ claimCheck: { store: './store.js' } }, MODULES)));
    assert.equal(typeof options.claimCheck?.store?.put, 'function');
  });

  it('no worker sections: no options beyond the catalog, and the default ledger store', () => {
    assert.deepEqual(workerOptions(loadConfig(project({}))).ledger, {});
    assert.deepEqual(Object.keys(workerOptions(loadConfig())).sort(), ['catalog', 'ledger']);
    assert.deepEqual(workerOptions(loadConfig(project({ ledger: { enabled: false } }))).ledger, { enabled: false });
  });

  it('bad sections say what to fix', () => {
    rejects({ cooldown: { failureThreshold: 0 } }, /cooldown\.failureThreshold: .*>=1/);
    rejects({ cooldown: { threshold: 3 } }, /cooldown: .*threshold/);
    rejects({ maxAnswerBytes: 5_000_000 }, /maxAnswerBytes: .*2000000/);
    rejects({ measurements: { windowMs: 'ten' } }, /measurements\.windowMs/);
    rejects({ claimCheck: { dir: 'a', store: './store.js' } }, /give dir or store, not both/);
    rejects({ blobs: { url: 'gs://bucket' } }, /only file:\/\/ and s3:\/\//);
    rejects({ blobs: { url: 's3://bucket', pathstyle: true } }, /pathstyle/);
    rejects({ blobs: { url: 's3://Bad_Bucket' } }, /blobs: bucket "Bad_Bucket" is not a valid S3 bucket name/);
    rejects({ logContent: 'yes' }, /logContent/);
    rejects({ ledger: { url: 'mysql://db' } }, /ledger\.url: ledger\.url must be a postgres/);
  });

  it('a code option must name a module that exports it, and what it exports must fit', () => {
    rejects({ fetch: 42 }, /"fetch" must name a module .* that exports `fetch`/);
    rejects({ checks: './missing.js' }, /cannot load the checks module .*missing\.js/);
    rejects({ env: './tools.js' }, /the env module .*tools\.js must export `env`, an object of environment variables/);
    rejects({ batchSink: './bad-sink.js' }, /must export `batchSink`, a ResultSink/, {
      'bad-sink.js': 'exports.batchSink = { append: () => true };',
    });
  });
});
