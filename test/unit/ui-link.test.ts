// Pure unit tests — the Temporal UI link `run`, `batch`, `agent start` and `serve` print: which UI, and the page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sessionUiBase, uiBaseUrl, workflowLink, workflowListLink } from '../../cli/ui-link';

describe('Temporal UI link', () => {
  it('the flag wins over the config, the config over the embedded server and the address', () => {
    const address = '127.0.0.1:7233';
    assert.equal(uiBaseUrl({ flag: 'https://a.example/', config: 'https://b.example', address }), 'https://a.example');
    assert.equal(
      uiBaseUrl({ config: 'https://b.example', embedded: 'http://127.0.0.1:9', address }),
      'https://b.example',
    );
    assert.equal(uiBaseUrl({ embedded: 'http://127.0.0.1:9', address }), 'http://127.0.0.1:9');
  });

  it("a loopback 7233 is `llm-cascade dev`'s (and start-dev's) server: its UI is on 8233", () => {
    for (const address of ['localhost:7233', '127.0.0.1:7233', '[::1]:7233'])
      assert.equal(uiBaseUrl({ address }), 'http://localhost:8233', address);
    assert.equal(uiBaseUrl({ address: 'localhost:7255' }), undefined);
    assert.equal(uiBaseUrl({ address: 'temporal.internal:7233' }), undefined, 'a remote cluster: no guess');
  });

  it('a Temporal Cloud address links to cloud.temporal.io', () => {
    assert.equal(uiBaseUrl({ address: 'payments.a1b2c.tmprl.cloud:7233' }), 'https://cloud.temporal.io');
  });

  it('a dev server this process started has only its own UI (none when headless)', () => {
    const flag = { flag: 'https://a.example' };
    assert.equal(sessionUiBase(flag, { address: '127.0.0.1:7233', server: {} }), undefined);
    assert.equal(
      sessionUiBase(flag, { address: '127.0.0.1:41234', server: {}, uiUrl: 'http://127.0.0.1:41235' }),
      'http://127.0.0.1:41235',
    );
    assert.equal(sessionUiBase(flag, { address: '127.0.0.1:7233' }), 'https://a.example');
  });

  it('workflow and list pages, ids and queries encoded', () => {
    assert.equal(
      workflowLink('http://localhost:8233', 'default', 'cascade-extract/a b'),
      'http://localhost:8233/namespaces/default/workflows/cascade-extract%2Fa%20b',
    );
    assert.equal(
      workflowListLink('http://localhost:8233', 'default', 'TaskQueue="llm-cascade"'),
      'http://localhost:8233/namespaces/default/workflows?query=TaskQueue%3D%22llm-cascade%22',
    );
  });
});
