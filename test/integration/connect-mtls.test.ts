// Integration tests — the CLI (`worker`, `run`) and the library's client reach the dev server through a real
// TLS-terminating gRPC proxy (nginx, client certificates required) with nothing but a temporal.toml profile; a client
// without a certificate, or with one the proxy does not trust, is refused with a message that says what to set
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CascadeConfigError } from '../../catalog/errors';
import { runCascade } from '../../client/cascade-client';
import { connectFromEnv } from '../../connect/client';
import { expectWorker } from '../../cli/temporal';
import { runCli, spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, TEST_TASK, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';
import { makeCertificates, startGrpcTlsProxy, type GrpcTlsProxy } from '../helpers/tls-proxy';

const schema = {
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
  additionalProperties: false,
};

describe('connecting through a TLS proxy with client certificates (temporal.toml profiles)', () => {
  let env: CascadeEnv;
  let proxy: GrpcTlsProxy;
  let files: ReturnType<typeof tempFiles>;
  let profileEnv: Record<string, string>;
  let worker: ReturnType<typeof spawnCli> | undefined;

  before(async () => {
    env = await startCascadeEnv({
      name: 'mtls',
      noWorker: true,
      tiers: [['economy', [{ ref: 'local/small', behavior: { kind: 'content', content: { name: 'Ada' } } }]]],
    });
    const server = await getTestServer();
    const certs = makeCertificates();
    proxy = await startGrpcTlsProxy({ upstream: server.address, certs });
    const tls = (cert?: string, key?: string) =>
      `server_ca_cert_path = "${certs.caCert}"\nserver_name = "localhost"\n` +
      (cert ? `client_cert_path = "${cert}"\nclient_key_path = "${key}"\n` : '');
    files = tempFiles({
      'temporal.toml':
        `[profile.mtls]\naddress = "${proxy.address}"\nnamespace = "${server.namespace}"\n[profile.mtls.tls]\n${tls(certs.clientCert, certs.clientKey)}\n` +
        `[profile.nocert]\naddress = "${proxy.address}"\nnamespace = "${server.namespace}"\n[profile.nocert.tls]\n${tls()}\n` +
        `[profile.stranger]\naddress = "${proxy.address}"\n[profile.stranger.tls]\n${tls(certs.strangerCert, certs.strangerKey)}\n`,
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue } },
      'schema.json': schema,
    });
    // Nothing but the environment configuration names the cluster: no --address, no temporal.address.
    profileEnv = { TEMPORAL_CONFIG_FILE: files['temporal.toml']!, TEMPORAL_ADDRESS: '' };
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await proxy?.stop();
    await env?.close();
  });

  it('`llm-cascade worker` and `run` with TEMPORAL_PROFILE / --profile: a cascade runs through the proxy', async () => {
    worker = spawnCli(['worker', '--config', files['config.json']!], { ...profileEnv, TEMPORAL_PROFILE: 'mtls' });
    await expectWorker(env.temporal.client, env.taskQueue, 60_000);
    const result = await runCli(
      [
        'run',
        '--config',
        files['config.json']!,
        '--profile',
        'mtls',
        '--task',
        TEST_TASK,
        '--schema',
        files['schema.json']!,
        '--input',
        'Ada',
        '--json',
      ],
      profileEnv,
    );
    assert.equal(result.code, 0, result.stderr + worker.output());
    assert.deepEqual((JSON.parse(result.stdout) as { output: unknown }).output, { name: 'Ada' });
    // Both went through the proxy, each with the client certificate: the worker polls, the CLI started the workflow.
    const calls = proxy.requests();
    const paths = (method: string) => calls.filter((call) => call.path.endsWith(`/${method}`));
    assert.ok(paths('PollWorkflowTaskQueue').length > 0, 'the worker polled through the proxy');
    assert.equal(paths('StartWorkflowExecution').length, 1, 'the CLI started its workflow through the proxy');
    assert.ok(
      calls.every((call) => call.clientDn === 'CN=worker'),
      JSON.stringify(calls.slice(0, 3)),
    );
  });

  it('the library: connectFromEnv({ profile }) gives a client that runs a cascade through the proxy', async () => {
    const before = proxy.requests().length;
    const { client, target, close } = await connectFromEnv({ profile: 'mtls', env: profileEnv });
    try {
      assert.equal(target.address, proxy.address);
      const result = await runCascade(client, { task: TEST_TASK, input: 'Ada', schema }, { taskQueue: env.taskQueue });
      assert.deepEqual(result.output, { name: 'Ada' });
    } finally {
      await close();
    }
    const mine = proxy.requests().slice(before);
    assert.ok(mine.some((call) => call.path.endsWith('/StartWorkflowExecution') && call.clientDn === 'CN=worker'));
  });

  it('without a client certificate: refused with a clear error (library, `run` and `worker` exit 2)', async () => {
    await assert.rejects(
      connectFromEnv({ profile: 'nocert', env: profileEnv }),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === 'TEMPORAL_UNAVAILABLE' &&
        error.message.includes(`cannot connect to Temporal at ${proxy.address}`) &&
        /requires a TLS client certificate \(mTLS\) and none was given: set tls\.client_cert_path/.test(error.message),
    );
    const run = await runCli(
      [
        'run',
        '--config',
        files['config.json']!,
        '--task',
        TEST_TASK,
        '--schema',
        files['schema.json']!,
        '--input',
        'Ada',
      ],
      { ...profileEnv, TEMPORAL_PROFILE: 'nocert' },
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^llm-cascade: cannot connect to Temporal at .*requires a TLS client certificate/m);
    const refused = await runCli(['worker', '--config', files['config.json']!, '--profile', 'nocert'], profileEnv);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /requires a TLS client certificate \(mTLS\) and none was given/);
    const calls = proxy.requests().filter((call) => call.clientDn === '');
    assert.ok(calls.length >= 3, 'library, run and worker each tried');
    assert.ok(
      calls.every((call) => call.status === 400),
      'the proxy refused them (HTTP 400)',
    );
  });

  it('with a certificate from a CA the proxy does not trust: refused, the certificate named', async () => {
    await assert.rejects(
      connectFromEnv({ profile: 'stranger', env: profileEnv }),
      /refused the client certificate .*stranger\.crt: is it signed by a CA the server trusts/,
    );
  });
});
