// Unit tests — the dev-server launcher; starts its own real `temporal server start-dev` processes
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { CascadeConfigError } from '../../catalog/errors';
import { startDevServer, registerSearchAttributes, type DevServer } from '../../server/dev-server';
import { isPortFree } from '../../server/free-port';
import { SEARCH_ATTRIBUTES } from '../../workflows/definitions/search-attributes';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startDevServer', () => {
  let scratch: string;
  let server: DevServer | undefined;
  let connection: Connection | undefined;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'llm-cascade-dev-'));
  });
  after(async () => {
    await connection?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts on free loopback ports with a Web UI and answers health checks', async () => {
    server = await startDevServer({ dbFilename: join(scratch, 'state.db') });
    assert.match(server.address, /^127\.0\.0\.1:\d+$/);
    assert.equal(server.namespace, 'default');
    assert.ok(isAlive(server.pid));
    connection = await Connection.connect({ address: server.address });
    const { status } = await connection.healthService.check({});
    assert.equal(status, 1, 'SERVING');
    assert.ok(server.uiUrl, 'UI URL');
    const ui = await fetch(server.uiUrl);
    assert.equal(ui.status, 200);
  });

  it('has registered every llm-cascade search attribute with its type', async () => {
    assert.ok(connection && server);
    // registerSearchAttributes finds nothing to add on a server that started with them.
    assert.deepEqual(await registerSearchAttributes(connection, server.namespace), []);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const key of SEARCH_ATTRIBUTES) assert.ok(customAttributes[key.name] !== undefined, key.name);
  });

  it('registerSearchAttributes adds missing ones and refuses a type clash', async () => {
    assert.ok(connection && server);
    const probe = defineSearchAttributeKey('LlmTestProbe', SearchAttributeType.KEYWORD);
    assert.deepEqual(await registerSearchAttributes(connection, server.namespace, [probe]), ['LlmTestProbe']);
    const clash = defineSearchAttributeKey('LlmTier', SearchAttributeType.INT);
    await assert.rejects(registerSearchAttributes(connection, server.namespace, [clash]), (err) => {
      assert.ok(err instanceof CascadeConfigError);
      assert.equal(err.code, 'INVALID_CONFIG');
      assert.match(err.message, /LlmTier.*Int/);
      return true;
    });
  });

  it('stop() ends the process, frees the port and is idempotent', async () => {
    assert.ok(server && connection);
    // Leave a namespace behind to prove the restart below reads the same SQLite file.
    await connection.workflowService.registerNamespace({
      namespace: 'restart-probe',
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    await connection.close();
    connection = undefined;
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    assert.equal(isAlive(server.pid), false);
    assert.equal(await isPortFree(server.port), true);
  });

  it('restarts on the same port and database file with its state intact', async () => {
    assert.ok(server);
    const { port } = server;
    server = await startDevServer({ port, uiPort: false, dbFilename: join(scratch, 'state.db') });
    assert.equal(server.address, `127.0.0.1:${port}`);
    assert.equal(server.uiUrl, undefined);
    connection = await Connection.connect({ address: server.address });
    const described = await connection.workflowService.describeNamespace({ namespace: 'restart-probe' });
    assert.equal(described.namespaceInfo?.name, 'restart-probe');
  });

  it('refuses a port that is taken, and reports the log when the server cannot start', async () => {
    assert.ok(server);
    await assert.rejects(startDevServer({ port: server.port, uiPort: false }), /in use/);
    await assert.rejects(
      startDevServer({ uiPort: false, extraArgs: ['--no-such-flag'], startTimeoutMs: 20_000 }),
      (err) => {
        assert.match(String(err), /did not start[\s\S]*unknown flag: --no-such-flag/);
        // A failed start keeps its log for the person debugging it; this one is expected, so tidy it up.
        const logFile = /--- (\S+) \(last lines\)/.exec(String(err))?.[1];
        assert.ok(logFile);
        rmSync(logFile, { force: true });
        return true;
      },
    );
  });
});
