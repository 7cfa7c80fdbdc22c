// Pure unit tests — secret redaction of provider error text; no I/O
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, registerSecret } from '../../catalog/redact';

describe('redactSecrets', () => {
  it('scrubs a known key value wherever it appears', () => {
    assert.equal(redactSecrets('bad key CANARYKEY-abc123 sent', ['CANARYKEY-abc123']), 'bad key [redacted] sent');
  });

  it('scrubs registered secrets by default', () => {
    registerSecret('registered-secret-999');
    assert.equal(redactSecrets('echo: registered-secret-999!'), 'echo: [redacted]!');
  });

  for (const [name, text, leak] of [
    [
      'OpenAI 401',
      'Incorrect API key provided: sk-proj-abcdEFGH1234ijklMNOP. You can find your API key at',
      'abcdEFGH',
    ],
    ['Anthropic', 'invalid x-api-key: sk-ant-api03-AAAABBBBCCCCDDDD', 'AAAABBBB'],
    ['Gemini', 'API key not valid: AIzaSyA1234567890abcdefghijklmnopqrstuv', 'AIzaSy'],
    ['Bearer header echo', 'headers: {"Authorization": "Bearer tok_live_123456789"}', 'tok_live'],
    ['json api_key', '{"api_key": "abc123def456ghi"}', 'abc123def'],
    ['query string', 'GET https://x/v1/models?key=AIzaSecret123456&alt=json', 'AIzaSecret'],
    ['Together hex', `key ${'ab12'.repeat(16)} is invalid`, 'ab12ab12'],
    ['Groq', 'gsk_abcdefghijklmnop1234 rejected', 'abcdefghijkl'],
  ] as const) {
    it(`scrubs key shapes: ${name}`, () => {
      const out = redactSecrets(text, []);
      assert.ok(!out.includes(leak), out);
      assert.match(out, /\[redacted\]/);
    });
  }

  it('leaves ordinary error text alone', () => {
    const text = 'status 503: upstream overloaded, retry in 2 s (model gpt-4o-mini, 1200 tokens)';
    assert.equal(redactSecrets(text, []), text);
  });
});
