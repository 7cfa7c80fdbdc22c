// Integration tests — the more-tokens retry from data: a worker measures a model's retries (real Temporal dev server,
// loopback fake provider) and stops retrying it once they are measured not to help
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MORE_TOKENS_RULE } from '../../workflows/cascade/more-tokens';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const request = { schema: Invoice, input: 'Invoice INV-7, total 120.50 EUR' };
/** A small model that always runs out of tokens mid-answer (no loop: the retry rule has to decide). */
const CUT = {
  kind: 'content' as const,
  content: '{"invoiceNumber": "INV-7", "lineItems": [{"description": "Consul',
  finishReason: 'length' as const,
};

const envs: CascadeEnv[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tiers = (): CascadeEnvOptions['tiers'] => [
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
];

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

  it('a new worker starts from the retries its ledger store holds: no retry paid again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'more-tokens-store-'));
    dirs.push(dir);
    const ledger = { path: join(dir, 'ledger.db') };
    const first = await startCascadeEnv({ name: 'more-tokens-store-1', tiers: tiers(), ledger });
    for (let i = 0; i < MORE_TOKENS_RULE.minTries; i++) await first.run(request);
    await first.close(); // the worker's outbox is delivered to the store as it stops
    const second = await startCascadeEnv({ name: 'more-tokens-store-2', tiers: tiers(), ledger });
    envs.push(second);
    await second.plugin!.retryMeasurementsRead;
    const result = await second.run(request);
    assert.deepEqual(
      result.attempts.map((a) => a.reason),
      ['first', 'escalation'],
    );
    assert.match(result.attempts[1]!.reasonDetail, /0 of 5 more-tokens retries succeeded/);
  });
});
