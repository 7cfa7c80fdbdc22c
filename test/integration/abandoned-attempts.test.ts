// Integration tests — abandoned calls priced: a fake provider that keeps generating (and billing) after the client
// gives up, on the real Temporal dev server; the ledger is never below the provider's meter, and budgets count it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { CascadeError } from '../../client/cascade-client';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { ledgerQuery } from '../../workflows/definitions';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { invoiceNumber: 'INV-7', total: 120.5 };
const ok = { kind: 'content' as const, content: VALID };
const request = { schema: Invoice, input: 'Invoice INV-7, total 120.50 EUR' };

/**
 * The worst a provider can do to a client that left: generate every token it was allowed (the request's
 * max_tokens), slower than the client waits, and bill all of it.
 */
function keepsGenerating(delayMs: number) {
  return ({ body }: FakeCallContext): FakeReply => ({
    kind: 'content',
    content: VALID,
    delayMs,
    keepsGenerating: true,
    usage: { completionTokens: Number(body.max_tokens) },
  });
}

const envs: CascadeEnv[] = [];
async function env(options: CascadeEnvOptions) {
  const created = await startCascadeEnv(options);
  envs.push(created);
  return created;
}
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
});

/**
 * Waits until the fake has billed `count` calls of `model` (with `abandoned`: generated after the client left). A
 * cancelled activity learns of its cancellation at its next heartbeat, so a cancelled call may also end normally,
 * its answer discarded: billed all the same.
 */
async function billedCalls(e: CascadeEnv, model: string, count: number, abandoned: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const billed = e.callsTo(model).filter((call) => call.usage && (!abandoned || call.abandoned));
    if (billed.length >= count) return;
    await delay(100);
  }
  const seen = JSON.stringify(
    e.callsTo(model).map(({ status, usage, abandoned, durationMs }) => ({ status, usage, abandoned, durationMs })),
  );
  assert.fail(`the fake never billed ${count} ${abandoned ? 'abandoned ' : ''}call(s) of ${model}; its calls: ${seen}`);
}

describe('abandoned attempts (real Temporal server, fake provider that keeps generating)', () => {
  it('a timed-out call is in the ledger at an estimate, never below the meter, and is not retried', async () => {
    const e = await env({
      name: 'abandoned-timeout',
      tiers: [
        ['economy', [{ ref: 'slow/eco', behavior: keepsGenerating(3_000) }], { timeoutMs: 1_000 }],
        ['standard', [{ ref: 'fast/std', behavior: ok, inputUsdPerMTok: 3, outputUsdPerMTok: 9 }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(result.output, VALID);
    const [abandoned, answered] = result.attempts;
    assert.equal(abandoned!.outcome, 'timeout');
    assert.equal(abandoned!.estimated, true);
    assert.equal(abandoned!.billed, false);
    assert.equal(abandoned!.tries, 1, 'a retry could be billed again: the cascade moved on instead');
    assert.equal(abandoned!.usage.outputTokens, abandoned!.maxOutputTokens);
    assert.ok(abandoned!.costMicroUsd > 0);
    assert.equal(answered!.outcome, 'ok');
    assert.equal(result.totals.costMicroUsd, abandoned!.costMicroUsd + answered!.costMicroUsd);

    await billedCalls(e, 'slow/eco', 1, true);
    assert.equal(e.callsTo('slow/eco').length, 1);
    const meter = e.provider.bill().chatMicroUsd;
    assert.ok(meter > answered!.costMicroUsd, 'the fake billed the generation nobody waited for');
    assert.ok(result.totals.costMicroUsd >= meter, `ledger ${result.totals.costMicroUsd} below the meter ${meter}`);
  });

  it('the estimate counts against the budget: what is left after it decides what can still run', async () => {
    const e = await env({
      name: 'abandoned-budget',
      tiers: [
        ['economy', [{ ref: 'slow/eco', behavior: keepsGenerating(3_000) }], { timeoutMs: 1_000 }],
        ['standard', [{ ref: 'fast/std', behavior: ok, inputUsdPerMTok: 3, outputUsdPerMTok: 9 }]],
      ],
    });
    // Room for the first call's worst case (~2,100 micro-USD at 1/2 USD per 1M) and not for the standard one after
    // it (~9,100); without the estimate, the standard call would fit in what looked unspent.
    const error = await e.run({ ...request, maxCostUsd: 0.01 }).then(
      () => assert.fail('expected BudgetExceeded'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'BudgetExceededError');
    const [abandoned] = error.attempts;
    assert.equal(abandoned!.estimated, true);
    const spent = error.totals!.costMicroUsd;
    assert.ok(spent > 0 && spent <= 10_000, `spent ${spent}: the budget is a hard cap, the estimate included`);
    assert.equal(e.callsTo('fast/std').length, 0);
    await billedCalls(e, 'slow/eco', 1, true);
    assert.ok(spent >= e.provider.bill().chatMicroUsd);
  });

  it('a provider that declares billsAbandoned: false keeps the zero row and its bounded retries', async () => {
    const e = await env({
      name: 'abandoned-free',
      providerExtra: { selfhosted: { billsAbandoned: false } },
      tiers: [
        ['economy', [{ ref: 'selfhosted/eco', behavior: { kind: 'hang' } }], { timeoutMs: 400 }],
        ['standard', [{ ref: 'fast/std', behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    const [timedOut] = result.attempts;
    assert.deepEqual([timedOut!.outcome, timedOut!.tries, timedOut!.costMicroUsd], ['timeout', 2, 0]);
    assert.equal(timedOut!.estimated, undefined);
    assert.equal(e.callsTo('selfhosted/eco').length, 2);
  });

  it('a request cancelled while its call is in flight records the call at an estimate', async () => {
    const e = await env({
      name: 'abandoned-cancel',
      tiers: [['economy', [{ ref: 'slow/eco', behavior: keepsGenerating(1_500) }], { timeoutMs: 10_000 }]],
    });
    const started = await e.start(request, `abandoned-cancel-${Date.now()}`);
    for (let i = 0; i < 100 && e.callsTo('slow/eco').length === 0; i++) await delay(50);
    assert.equal(e.callsTo('slow/eco').length, 1, 'the call reached the provider');
    await started.handle.cancel();
    await assert.rejects(started.result());
    const ledger = await started.handle.query(ledgerQuery);
    const [cancelled] = ledger.attempts;
    assert.equal(cancelled!.outcome, 'cancelled');
    assert.equal(cancelled!.estimated, true);
    await billedCalls(e, 'slow/eco', 1, false);
    const meter = e.provider.bill().chatMicroUsd;
    assert.ok(meter > 0);
    assert.ok(ledger.totals.costMicroUsd >= meter, `ledger ${ledger.totals.costMicroUsd} below the meter ${meter}`);
  });
});
