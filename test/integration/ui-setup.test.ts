// Integration tests — `llm-cascade setup` as a child process registers our search attributes on the real dev server
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import { explainRefusal } from '../../cli/actions/setup';
import { SEARCH_ATTRIBUTES } from '../../workflows/definitions/search-attributes';
import { runCli } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';

describe('llm-cascade setup (CLI)', () => {
  let connection: Connection;
  let address: string;
  const suffix = `${process.pid}-${randomBytes(3).toString('hex')}`;

  /** A new namespace, so setup has something to add (the test server's default namespace has them already). */
  async function freshNamespace(name: string): Promise<string> {
    const namespace = `${name}-${suffix}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    return namespace;
  }

  before(async () => {
    address = (await getTestServer()).address;
    connection = await Connection.connect({ address });
  });
  after(() => connection?.close());

  it('adds every attribute with its type to a new namespace, then is idempotent', async () => {
    const namespace = await freshNamespace('setup');
    const first = await runCli(['setup', '--address', address, '--namespace', namespace]);
    assert.equal(first.code, 0, first.stderr);
    for (const key of SEARCH_ATTRIBUTES) {
      assert.match(
        first.stdout,
        new RegExp(`added +${key.name} +${TypedSearchAttributes.toMetadataType(key.type)}\\n`),
      );
    }
    const count = SEARCH_ATTRIBUTES.length;
    assert.match(first.stdout, new RegExp(`${count} search attributes ready \\(${count} added, 0 already present\\)`));
    // The list's cost, tier and model columns live in the browser: setup says how to add them.
    assert.match(first.stdout, /"Configure workflow table" → add LlmCostUsd, LlmTier, LlmModel/);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    for (const key of SEARCH_ATTRIBUTES) {
      assert.equal(customAttributes?.[key.name], encodeSearchAttributeIndexedValueType(key.type), key.name);
    }

    const second = await runCli(['setup', '--address', address, '--namespace', namespace]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /present +LlmCostUsd +Double/);
    assert.match(second.stdout, new RegExp(`\\(0 added, ${count} already present\\)`));
  });

  it('an attribute that exists with another type is an error that names it; nothing else is half-done', async () => {
    const namespace = await freshNamespace('setup-clash');
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: { LlmCostUsd: encodeSearchAttributeIndexedValueType(SearchAttributeType.KEYWORD)! },
    });
    const result = await runCli(['setup', '--address', address, '--namespace', namespace]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /LlmCostUsd exists in namespace .* with another type; llm-cascade needs Double/);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    assert.equal(customAttributes?.LlmAttempts, undefined);
  });

  it('an unknown namespace is a clear error', async () => {
    const result = await runCli(['setup', '--address', address, '--namespace', `no-such-${suffix}`]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /namespace "no-such-.*" does not exist/);
  });

  it('a cluster that refuses (Temporal Cloud) gets instructions for the Cloud UI and tcld', () => {
    const refused = Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), { code: 7 });
    const error = explainRefusal(refused, 'prod.acct1', 'prod.acct1.tmprl.cloud:7233');
    assert.match(error.message, /refused to add search attributes \(7 PERMISSION_DENIED/);
    assert.match(error.message, /Cloud UI \(Namespaces → prod\.acct1 → Search Attributes\)/);
    assert.match(
      error.message,
      /tcld namespace search-attributes add --namespace prod\.acct1 --sa LlmCostUsd=Double .*--sa LlmSession=Keyword/,
    );
    const other = new Error('boom');
    assert.equal(explainRefusal(other, 'ns', 'addr'), other);
  });
});
