// Pure unit tests — a misspelt catalog key gets "did you mean …" with the nearest key the schema knows
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCatalog } from '../../catalog/node/parse';
import { suggestKey } from '../../catalog/node/suggest';

describe('misspelt catalog keys', () => {
  it('suggests the nearest known key: case, a dropped or swapped letter; nothing for a stranger', () => {
    assert.equal(suggestKey('baseUrl'), 'baseURL');
    assert.equal(suggestKey('contextwindow'), 'contextWindow');
    assert.equal(suggestKey('repairAtempts'), 'repairAttempts');
    assert.equal(suggestKey('canidates'), 'candidates');
    assert.equal(suggestKey('colour'), undefined);
  });

  it('the catalog error names the path and the suggestion', () => {
    assert.throws(
      () =>
        parseCatalog(
          {
            providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', structuredOutput: 'json_object' } },
            models: {},
            routes: {},
          },
          'test.json',
        ),
      /providers\["local"\]\.baseUrl: unknown key \(check the spelling\); did you mean "baseURL"\?/,
    );
  });

  it('a LiteLLM proxy config (model_list) gets a pointer to the importer', () => {
    assert.throws(
      () => parseCatalog({ model_list: [{ model_name: 'gpt-4o' }] }, 'litellm.json'),
      /model_list: unknown key.*LiteLLM proxy config.*llm-cascade catalog import-litellm/s,
    );
  });
});
