// Pure unit tests — how a process connects to Temporal: precedence of flags, config and Temporal's environment
// configuration (temp temporal.toml files), TLS options, and the messages of failed connections; no server.
// Longer than 250 lines because it holds one small case per layer, field and failure message, sharing its fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CascadeConfigError } from '../../catalog/errors';
import { temporalTarget } from '../../cli/temporal-target';
import { connectFailure } from '../../connect/explain';
import { connectionOptions } from '../../connect/options';
import { profileLayer } from '../../connect/profile';
import { resolveTarget, tlsMode, type TemporalTarget } from '../../connect/target';

const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-connect-'));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const toml = write(
  'temporal.toml',
  `[profile.default]
address = "default-host:7233"
namespace = "default-ns"

[profile.prod]
address = "prod.internal:7233"
namespace = "prod"
[profile.prod.tls]
client_cert_path = "${join(dir, 'client.crt')}"
client_key_path = "${join(dir, 'client.key')}"
server_ca_cert_path = "${join(dir, 'ca.crt')}"
server_name = "temporal.internal"
[profile.prod.grpc_meta]
x-tenant = "acme"

[profile.cloud]
address = "ns.acct.tmprl.cloud:7233"
api_key = "profile-key"
`,
);
write('client.crt', 'CERT');
write('client.key', 'KEY');
write('ca.crt', 'CA');
const env = (vars: Record<string, string> = {}) => ({ TEMPORAL_CONFIG_FILE: toml, ...vars });
const config = (temporal: { address?: string; namespace?: string; profile?: string } = {}) => ({
  temporal: { taskQueue: 'q', ...temporal },
  origin: '/etc/llm-cascade.json',
});

describe('connection precedence: flag > config file > environment/profile > default', () => {
  it('the default profile of temporal.toml, when nothing else names a cluster', () => {
    const target = temporalTarget({}, config(), env());
    assert.equal(target.address, 'default-host:7233');
    assert.equal(target.namespace, 'default-ns');
    assert.equal(target.origin, 'the default profile');
  });

  it('TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE over the profile, as Temporal reads them', () => {
    const target = temporalTarget({}, config(), env({ TEMPORAL_ADDRESS: 'env:1', TEMPORAL_NAMESPACE: 'env-ns' }));
    assert.deepEqual([target.address, target.namespace, target.origin], ['env:1', 'env-ns', 'TEMPORAL_ADDRESS']);
  });

  it('the config file over the environment; a flag over the config file; field by field', () => {
    const vars = env({ TEMPORAL_ADDRESS: 'env:1', TEMPORAL_NAMESPACE: 'env-ns' });
    const fromConfig = temporalTarget({}, config({ address: 'config:2' }), vars);
    assert.deepEqual([fromConfig.address, fromConfig.namespace], ['config:2', 'env-ns']);
    assert.equal(fromConfig.origin, 'the config file /etc/llm-cascade.json');
    const fromFlag = temporalTarget({ address: 'flag:3' }, config({ address: 'config:2', namespace: 'cfg' }), vars);
    assert.deepEqual([fromFlag.address, fromFlag.namespace, fromFlag.origin], ['flag:3', 'cfg', '--address']);
  });

  it('the profile: --profile over the config over TEMPORAL_PROFILE; its TLS stays under a flag address', () => {
    const byEnv = temporalTarget({}, config(), env({ TEMPORAL_PROFILE: 'cloud' }));
    assert.deepEqual([byEnv.address, byEnv.apiKey], ['ns.acct.tmprl.cloud:7233', 'profile-key']);
    const byConfig = temporalTarget({}, config({ profile: 'prod' }), env({ TEMPORAL_PROFILE: 'cloud' }));
    assert.equal(byConfig.address, 'prod.internal:7233');
    const byFlag = temporalTarget({ profile: 'prod', address: 'other:7233' }, config({ profile: 'cloud' }), env());
    assert.equal(byFlag.address, 'other:7233');
    assert.deepEqual(byFlag.tls?.clientCert, { path: join(dir, 'client.crt') });
    assert.equal(byFlag.tls?.serverName, 'temporal.internal');
    assert.deepEqual(byFlag.grpcMeta, { 'x-tenant': 'acme' });
    assert.equal(byFlag.namespace, 'prod');
  });

  it('the API key: the flag over TEMPORAL_API_KEY over the profile', () => {
    const vars = env({ TEMPORAL_PROFILE: 'cloud' });
    assert.equal(temporalTarget({}, config(), vars).apiKey, 'profile-key');
    assert.equal(temporalTarget({}, config(), { ...vars, TEMPORAL_API_KEY: 'env-key' }).apiKey, 'env-key');
    assert.equal(
      temporalTarget({ apiKey: 'flag-key' }, config(), { ...vars, TEMPORAL_API_KEY: 'e' }).apiKey,
      'flag-key',
    );
  });

  it('TEMPORAL_TLS_* variables over the profile, field by field', () => {
    const target = temporalTarget(
      {},
      config(),
      env({ TEMPORAL_PROFILE: 'prod', TEMPORAL_TLS_SERVER_NAME: 'env.name', TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem' }),
    );
    assert.equal(target.tls?.serverName, 'env.name');
    assert.deepEqual(target.tls?.clientCert, { path: '/c.pem' });
    assert.deepEqual(target.tls?.clientKey, { path: join(dir, 'client.key') });
  });

  it('nothing anywhere: no address (a command may embed a server), namespace default; empty strings fall through', () => {
    const none = { TEMPORAL_CONFIG_FILE: write('empty.toml', ''), TEMPORAL_ADDRESS: '' };
    const target = temporalTarget({ address: '' }, config(), none);
    assert.equal(target.address, undefined);
    assert.equal(target.namespace, 'default');
    assert.equal(tlsMode(target), 'off');
  });

  it('resolveTarget merges any layers in order', () => {
    const target = resolveTarget([
      { name: 'a', layer: { namespace: 'a-ns', tls: { serverName: 'a' } } },
      { name: 'b', layer: { address: 'b:1', namespace: 'b-ns', tls: { serverName: 'b', disabled: false } } },
    ]);
    assert.deepEqual(target, {
      address: 'b:1',
      namespace: 'a-ns',
      tls: { serverName: 'a', disabled: false },
      origin: 'b',
    });
  });
});

describe('Temporal environment configuration errors say what to fix', () => {
  it('a named profile that does not exist', () => {
    assert.throws(
      () => profileLayer({ profile: 'staging', env: env() }),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        /Temporal profile "staging" not found in .*temporal\.toml.*add \[profile\.staging\]/.test(error.message),
    );
  });

  it('a TEMPORAL_CONFIG_FILE that does not exist', () => {
    assert.throws(
      () => profileLayer({ env: { TEMPORAL_CONFIG_FILE: join(dir, 'nope.toml') } }),
      /Temporal config file not found: .*nope\.toml \(TEMPORAL_CONFIG_FILE\)/,
    );
  });

  it('a temporal.toml that is not TOML', () => {
    const bad = write('bad.toml', '[profile.default\naddress = ');
    assert.throws(() => profileLayer({ env: { TEMPORAL_CONFIG_FILE: bad } }), /cannot read Temporal's environment/);
  });
});

describe('connection options', () => {
  const base: TemporalTarget = { address: 'h:7233', namespace: 'n', origin: 'test' };

  it('plaintext by default; an API key turns TLS on; TLS disabled wins over the key', () => {
    assert.deepEqual(connectionOptions(base), { address: 'h:7233', tls: false });
    assert.deepEqual(connectionOptions({ ...base, apiKey: 'k' }), { address: 'h:7233', tls: true, apiKey: 'k' });
    assert.equal(connectionOptions({ ...base, apiKey: 'k', tls: { disabled: true } }).tls, false);
    assert.equal(connectionOptions({ ...base, tls: { disabled: false } }).tls, true);
  });

  it('certificates are read from their files; metadata passes through; the address may be overridden', () => {
    const target = temporalTarget({}, config({ profile: 'prod' }), env());
    const options = connectionOptions(target, '127.0.0.1:9');
    assert.equal(options.address, '127.0.0.1:9');
    assert.deepEqual(options.metadata, { 'x-tenant': 'acme' });
    const tls = options.tls as {
      serverNameOverride: string;
      serverRootCACertificate: Buffer;
      clientCertPair: { crt: Buffer; key: Buffer };
    };
    assert.equal(tls.serverNameOverride, 'temporal.internal');
    assert.equal(tls.serverRootCACertificate.toString(), 'CA');
    assert.deepEqual([tls.clientCertPair.crt.toString(), tls.clientCertPair.key.toString()], ['CERT', 'KEY']);
  });

  it('a certificate without its key, or a file that cannot be read, is a clear error', () => {
    assert.throws(
      () => connectionOptions({ ...base, tls: { clientCert: { path: '/c.pem' } } }),
      /a client certificate needs its key; give both client_cert_path and client_key_path/,
    );
    assert.throws(
      () => connectionOptions({ ...base, tls: { serverCaCert: { path: join(dir, 'missing-ca.pem') } } }),
      /Temporal TLS server CA certificate .*missing-ca\.pem cannot be read/,
    );
    const inline = connectionOptions({ ...base, tls: { serverCaCert: { data: 'PEM' } } }).tls as {
      serverRootCACertificate: Buffer;
    };
    assert.equal(inline.serverRootCACertificate.toString(), 'PEM');
  });
});

describe('failed connections: what happened and what to set', () => {
  const tls: TemporalTarget = { address: 'a:1', namespace: 'n', origin: 'profile "prod"', tls: { serverName: 'x' } };
  const withCert: TemporalTarget = { ...tls, tls: { clientCert: { path: '/c.pem' }, clientKey: { path: '/k.pem' } } };
  const plain: TemporalTarget = { address: 'a:1', namespace: 'n', origin: '--address' };
  const grpcJs400 = new Error('Failed to connect to Temporal server', {
    cause: new Error('13 INTERNAL: Received HTTP status code 400'),
  });
  // Messages as the SDK's transports really report them (recorded against nginx and the dev server).
  const native400 =
    'Failed to call GetSystemInfo: code: \'Internal error\', message: "protocol error: received message with invalid compression flag: 60 (valid flags are 0 and 1) while receiving response with status: 400 Bad Request"';
  const cases: [string, TemporalTarget, unknown, RegExp][] = [
    [
      'grpc-js, no client certificate',
      tls,
      grpcJs400,
      /requires a TLS client certificate \(mTLS\) and none was given: set tls\.client_cert_path/,
    ],
    ['Rust core, no client certificate', tls, new Error(native400), /requires a TLS client certificate/],
    ['a handshake alert', tls, new Error('alert: certificate required'), /requires a TLS client certificate/],
    ['a refused certificate', withCert, grpcJs400, /refused the client certificate \/c\.pem/],
    [
      'unknown issuer',
      tls,
      new Error(
        'tonic::transport::Error(Transport, ConnectError(Custom { kind: InvalidData, error: InvalidCertificate(UnknownIssuer) }))',
      ),
      /set tls\.server_ca_cert_path/,
    ],
    [
      'unknown issuer, node',
      tls,
      new Error('TLS handshake: unable to verify the first certificate'),
      /server_ca_cert_path/,
    ],
    [
      'another name',
      tls,
      new Error(
        "TLS handshake: Hostname/IP does not match certificate's altnames: Host: x. is not in the cert's altnames",
      ),
      /set tls\.server_name/,
    ],
    ['not TLS', tls, new Error('TLS handshake: ssl3_get_record:wrong version number'), /does not speak TLS here/],
    [
      'down, plaintext',
      plain,
      new Error('Failed to connect before the deadline'),
      /is the server running.*needs a profile with TLS/,
    ],
  ];
  for (const [name, target, error, fix] of cases) {
    it(name, () => {
      const failure = connectFailure(error, target, 'a:1');
      assert.equal(failure.code, 'TEMPORAL_UNAVAILABLE');
      assert.match(failure.message, /^cannot connect to Temporal at a:1 \(from /);
      assert.match(failure.message, fix);
      assert.equal(failure.cause, error);
    });
  }

  it('a 400 without TLS is not blamed on certificates', () => {
    assert.doesNotMatch(connectFailure(grpcJs400, plain, 'a:1').message, /certificate/);
  });
});

describe('one home for connections', () => {
  const root = resolve(__dirname, '../../..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });

  it('no module of the library or the CLI but connect/ opens a Connection or NativeConnection', () => {
    // server/ is left out: it polls the dev server it has just started (plaintext, on loopback) until it is healthy.
    const folders = ['cli', 'client', 'worker', 'gateway', 'codec', 'activities', 'store', 'examples'];
    const offenders = folders
      .flatMap((folder) => sources(join(root, folder)))
      .filter((path) => /\b(Native)?Connection\.(connect|lazy)\s*\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    assert.deepEqual(offenders, []);
  });
});
