// Integration tests — the more-tokens retry from data: a worker measures a model's retries (real Temporal dev server,
// loopback fake provider) and stops retrying it once they are measured not to help
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { MORE_TOKENS_RULE } from '../../workflows/cascade/more-tokens';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const request = { schema: Invoice, input: 'Invoice INV-7, total 120.50 EUR' };
/** A small model that always runs out of tokens mid-answer (no loop: the retry rule has to decide). */
const CUT = {
  kind: 'content' as const,
  content: '{"invoiceNumber": "INV-7", "lineItems": [{"description": "Consul',
  finishReason: 'length' as const,
};

const envs: CascadeEnv[] = [];
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
});

describe('more-tokens retries from measured data (real Temporal server, fake provider)', () => {
  it('retried while unmeasured; once its retries are measured to fail, a truncated answer escalates at once', async () => {
    const e = await startCascadeEnv({
      name: 'more-tokens-data',
      tiers: [
        ['economy', [{ ref: 'small/cut-1', behavior: CUT, maxOutputTokens: 4_000 }], { maxOutputTokens: 300 }],
        [
          'premium',
          [
            {
              ref: 'big/top-1',
              behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 120.5 } },
              inputUsdPerMTok: 5,
              outputUsdPerMTok: 15,
            },
          ],
        ],
      ],
    });
    envs.push(e);
    for (let i = 0; i < MORE_TOKENS_RULE.minTries; i++) {
      const result = await e.run(request);
      assert.deepEqual(
        result.attempts.map((a) => a.reason),
        ['first', 'more_tokens', 'escalation'],
        `request ${i + 1}: unmeasured, so retried`,
      );
    }
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.reason, a.ref]),
      [
        ['first', 'small/cut-1'],
        ['escalation', 'big/top-1'],
      ],
    );
    assert.match(result.attempts[1]!.reasonDetail, /no more-tokens retry: 0 of 5 more-tokens retries succeeded/);
    assert.equal(e.callsTo('small/cut-1').length, MORE_TOKENS_RULE.minTries * 2 + 1);
  });
});
