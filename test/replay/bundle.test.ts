// Bundle test — the workflows bundle for Temporal's sandbox (rejects Node built-ins and disallowed modules); no server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { workflowBundle } from '../../worker/bundle';

describe('workflow bundle', () => {
  it('bundles the workflows without Node built-ins or heavy libraries', async () => {
    const bundle = await workflowBundle();
    assert.ok(bundle.code.includes('cascadeWorkflow'));
    for (const forbidden of [
      'require("ajv")',
      'require("openai")',
      'node_modules/ajv/',
      'node_modules/openai/',
      'node_modules/zod/',
      'gpt-tokenizer',
    ]) {
      assert.ok(!bundle.code.includes(forbidden), `bundle must not contain ${forbidden}`);
    }
  });
});
