// Integration tests — every row of the outcome table, on the real Temporal dev server and a loopback fake provider
// Longer than 250 lines because its 17 cases (one per row of the outcome table) share one dev server, worker and fake provider.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { costMicroUsd } from '../../catalog/pricing';
import { CascadeError } from '../../client/cascade-client';
import type { FakeCall } from '../../sim/fake-provider';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number(), currency: z.enum(['USD', 'EUR']) });
const VALID = { invoiceNumber: 'INV-7', total: 120.5, currency: 'EUR' };
const WRONG = { invoiceNumber: 'INV-7', total: 'a lot', currency: 'EUR' };
const ok = { kind: 'content' as const, content: VALID };
const request = { schema: Invoice, input: 'Invoice INV-7, total 120.50 EUR' };

const envs: CascadeEnv[] = [];
async function env(options: CascadeEnvOptions) {
  const created = await startCascadeEnv(options);
  envs.push(created);
  return created;
}
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
});

/** What the provider billed for a call, priced like the catalog prices it (input 1, output 2 USD per 1M by default). */
function billed(call: FakeCall, input = 1, output = 2): number {
  const u = call.usage!;
  const usage = {
    inputTokens: u.promptTokens,
    cachedInputTokens: u.cachedTokens,
    cacheWriteTokens: 0,
    outputTokens: u.completionTokens,
  };
  return costMicroUsd(usage, {
    inputUsdPerMTok: input,
    outputUsdPerMTok: output,
    source: '',
    effectiveFrom: '2025-01-01',
  });
}

describe('cascade outcomes (real Temporal server, fake provider)', () => {
  it('schema violation escalates; a 503 provider fails over after its retries; the ledger holds every attempt at its true cost', async () => {
    const e = await env({
      name: 'headline',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'cheap/eco-1',
              behavior: { kind: 'content', content: WRONG },
              inputUsdPerMTok: 0.1,
              outputUsdPerMTok: 0.2,
            },
          ],
        ],
        [
          'standard',
          [
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            { ref: 'up/std-up', behavior: ok, inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 },
          ],
        ],
        ['premium', [{ ref: 'top/prem-1', behavior: ok, inputUsdPerMTok: 5, outputUsdPerMTok: 15 }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(result.output, VALID);
    assert.equal(result.finalTier, 'standard');
    assert.equal(result.finalModel, 'up/std-up');
    assert.deepEqual(
      result.attempts.map((a) => [a.tier, a.ref, a.outcome, a.reason]),
      [
        ['economy', 'cheap/eco-1', 'schema_violation', 'first'],
        ['standard', 'down/std-down', 'provider_error', 'escalation'],
        ['standard', 'up/std-up', 'ok', 'failover'],
      ],
    );
    // The failing provider was called exactly as often as the retry policy allows (triesPerCandidate = 2).
    assert.equal(e.callsTo('down/std-down').length, 2);
    assert.equal(result.attempts[1]!.tries, 2);
    assert.equal(e.callsTo('top/prem-1').length, 0);
    // True cost, recomputed from what the provider reported on each call, including the billed invalid answer.
    const [eco] = e.callsTo('cheap/eco-1');
    const [std] = e.callsTo('up/std-up');
    assert.equal(result.attempts[0]!.costMicroUsd, billed(eco!, 0.1, 0.2));
    assert.ok(result.attempts[0]!.costMicroUsd > 0 && result.attempts[0]!.billed);
    assert.ok(result.attempts[0]!.validationErrors!.some((m) => m.includes('/total')));
    assert.equal(result.attempts[1]!.costMicroUsd, 0);
    assert.equal(result.attempts[2]!.costMicroUsd, billed(std!, 0.5, 1.5));
    assert.equal(result.totals.costMicroUsd, billed(eco!, 0.1, 0.2) + billed(std!, 0.5, 1.5));
    // Baseline: the successful tokens at the premium price.
    assert.equal(Math.round(result.baselineCostUsd * 1e6), billed(std!, 5, 15));
  });

  it('ok first time: json_schema strict request, cached tokens priced at the cached rate', async () => {
    const e = await env({
      name: 'ok-cached',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'a/m1',
              cachedInputUsdPerMTok: 0.25,
              behavior: {
                kind: 'content',
                content: VALID,
                usage: { promptTokens: 1000, cachedTokens: 600, completionTokens: 40 },
              },
            },
          ],
        ],
      ],
    });
    const result = await e.run(request);
    const [call] = e.callsTo('a/m1');
    const body = call!.body as { response_format: { type: string; json_schema: { strict: boolean; schema: object } } };
    assert.equal(body.response_format.type, 'json_schema');
    assert.equal(body.response_format.json_schema.strict, true);
    // 400 uncached × $1 + 600 cached × $0.25 + 40 out × $2 per 1M = 400 + 150 + 80 = 630 µUSD
    assert.equal(result.totals.costMicroUsd, 630);
    assert.equal(result.attempts[0]!.usage.cachedInputTokens, 600);
  });

  it('invalid JSON escalates', async () => {
    const e = await env({
      name: 'invalid-json',
      tiers: [
        ['economy', [{ ref: 'a/m1', behavior: { kind: 'content', content: '{"invoiceNumber": "INV' } }]],
        ['standard', [{ ref: 'b/m2', behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => a.outcome),
      ['invalid_json', 'ok'],
    );
    assert.ok(result.attempts[0]!.costMicroUsd > 0);
  });

  it('repair re-ask sends the ajv errors back to the same model', async () => {
    const e = await env({
      name: 'repair',
      tiers: [
        ['economy', [{ ref: 'a/m1', behavior: [{ kind: 'content', content: WRONG }, ok] }], { repairAttempts: 1 }],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.outcome, a.reason]),
      [
        ['schema_violation', 'first'],
        ['ok', 'repair'],
      ],
    );
    const second = e.callsTo('a/m1')[1]!.body as { messages: { role: string; content: string }[] };
    assert.match(second.messages.at(-1)!.content, /\/total must be number/);
  });

  it('truncated → one retry with more max_tokens', async () => {
    const e = await env({
      name: 'truncated',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'a/m1',
              maxOutputTokens: 4000,
              behavior: [{ kind: 'content', content: '{"invoiceNumber":', finishReason: 'length' }, ok],
            },
          ],
          { maxOutputTokens: 500 },
        ],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.outcome, a.reason]),
      [
        ['truncated', 'first'],
        ['ok', 'more_tokens'],
      ],
    );
    const calls = e.callsTo('a/m1').map((c) => (c.body as { max_tokens: number }).max_tokens);
    assert.deepEqual(calls, [500, 1000]);
  });

  it('refusal and empty answers fail over to another provider, billed', async () => {
    const e = await env({
      name: 'refusal',
      tiers: [
        [
          'economy',
          [
            { ref: 'a/m1', behavior: { kind: 'refusal', refusal: 'I cannot help with that.' } },
            { ref: 'b/m2', behavior: { kind: 'empty' } },
            { ref: 'c/m3', behavior: ok },
          ],
        ],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.outcome, a.billed]),
      [
        ['refusal', true],
        ['empty', true],
        ['ok', true],
      ],
    );
  });

  it('429 with a short Retry-After is retried durably after the wait; a long one fails over at once', async () => {
    const e = await env({
      name: 'rate-limit',
      tiers: [
        ['economy', [{ ref: 'a/m1', behavior: [{ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, ok] }]],
        [
          'standard',
          [
            { ref: 'b/m2', behavior: { kind: 'error', status: 429, headers: { 'retry-after': '120' } } },
            { ref: 'c/m3', behavior: ok },
          ],
        ],
      ],
    });
    const short = await e.run(request);
    assert.deepEqual(
      short.attempts.map((a) => [a.outcome, a.tries]),
      [['ok', 2]],
    );
    const [first, second] = e.callsTo('a/m1');
    assert.ok(second!.at - first!.at >= 950, `waited ${second!.at - first!.at} ms, Retry-After said 1 s`);

    const long = await e.run({ ...request, startTier: 'standard' });
    assert.deepEqual(
      long.attempts.map((a) => a.outcome),
      ['rate_limited', 'ok'],
    );
    assert.equal(e.callsTo('b/m2').length, 1);
  });

  it('connection reset: bounded retries; a provider that never answers: one estimated timeout; then failover', async () => {
    const e = await env({
      name: 'reset-timeout',
      tiers: [
        [
          'economy',
          [
            { ref: 'a/reset', behavior: { kind: 'reset' } },
            { ref: 'b/hang', behavior: { kind: 'hang' } },
          ],
          { timeoutMs: 800 },
        ],
        ['standard', [{ ref: 'c/m3', behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.outcome, a.tries]),
      [
        ['provider_error', 2],
        // A call that timed out may still be billed: it is not retried (tests of it: abandoned-attempts.test.ts).
        ['timeout', 1],
        ['ok', 1],
      ],
    );
    assert.equal(result.attempts[1]!.estimated, true);
    assert.equal(e.callsTo('a/reset').length, 2);
    assert.equal(e.callsTo('b/hang').length, 1);
  });

  it('context_exceeded moves to a candidate whose window is larger', async () => {
    const e = await env({
      name: 'context',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'a/small',
              contextWindow: 8_000,
              behavior: { kind: 'error', status: 400, code: 'context_length_exceeded' },
            },
            { ref: 'b/small2', contextWindow: 8_000, behavior: ok },
          ],
        ],
        ['standard', [{ ref: 'c/big', contextWindow: 128_000, behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.outcome]),
      [
        ['a/small', 'context_exceeded'],
        ['c/big', 'ok'],
      ],
    );
    assert.equal(e.callsTo('b/small2').length, 0);
  });

  it('401 is a configuration fault: no retry, next candidate, same provider skipped', async () => {
    const e = await env({
      name: 'auth',
      tiers: [
        [
          'economy',
          [
            { ref: 'a/m1', behavior: { kind: 'error', status: 401 } },
            { ref: 'b/m2', behavior: ok },
          ],
        ],
        ['standard', [{ ref: 'a/m3', behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.outcome, a.tries]),
      [
        ['auth_error', 1],
        ['ok', 1],
      ],
    );
    assert.equal(e.callsTo('a/m1').length, 1);
  });

  it('everything exhausted: CascadeError carries the full ledger, billed attempts included', async () => {
    const e = await env({
      name: 'exhausted',
      tiers: [
        ['economy', [{ ref: 'a/m1', behavior: { kind: 'content', content: WRONG } }]],
        ['premium', [{ ref: 'b/m2', behavior: { kind: 'error', status: 404 } }]],
      ],
    });
    const error = await e.run(request).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'CascadeExhaustedError');
    assert.deepEqual(
      error.attempts.map((a) => a.outcome),
      ['schema_violation', 'not_found'],
    );
    assert.equal(error.totals!.costMicroUsd, billed(e.callsTo('a/m1')[0]!));
  });

  it('budget: an unaffordable candidate is skipped; nothing affordable left → BudgetExceeded with the ledger', async () => {
    const e = await env({
      name: 'budget',
      tiers: [
        [
          'economy',
          [{ ref: 'a/m1', behavior: { kind: 'content', content: WRONG }, inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.1 }],
        ],
        ['premium', [{ ref: 'b/pricey', behavior: ok, inputUsdPerMTok: 1000, outputUsdPerMTok: 1000 }]],
      ],
    });
    const error = await e.run({ ...request, maxCostUsd: 0.01 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'BudgetExceededError');
    assert.equal(error.attempts.length, 1);
    assert.equal(e.callsTo('b/pricey').length, 0);
  });

  it('json_object and prompt-only providers get the schema in the system prompt; never dropped', async () => {
    const e = await env({
      name: 'modes',
      tiers: [
        [
          'economy',
          [
            { ref: 'deep/m1', structuredOutput: 'json_object', behavior: { kind: 'content', content: WRONG } },
            {
              ref: 'anth/m2',
              structuredOutput: 'none',
              behavior: { kind: 'content', content: '```json\n' + JSON.stringify(VALID) + '\n```' },
            },
          ],
        ],
      ],
      tierDefaults: { repairAttempts: 0 },
    });
    // json_object answer violates → escalate; there is no next tier, so start on anth directly for the second check.
    await e.run(request).catch(() => undefined);
    const jsonObject = e.callsTo('deep/m1')[0]!.body as {
      response_format: { type: string };
      messages: { role: string; content: string }[];
    };
    assert.equal(jsonObject.response_format.type, 'json_object');
    assert.match(jsonObject.messages[0]!.content, /<json_schema>[\s\S]*"total"[\s\S]*<\/json_schema>/);
    e.provider.setModel('m1', { kind: 'error', status: 500 });
    const result = await e.run(request);
    assert.deepEqual(result.output, VALID);
    const none = e.callsTo('anth/m2')[0]!.body as { response_format?: unknown; messages: { content: string }[] };
    assert.equal(none.response_format, undefined);
    assert.match(none.messages[0]!.content, /<json_schema>/);
  });

  it('a provider that keeps failing goes into cooldown and is skipped without a call', async () => {
    const e = await env({
      name: 'cooldown',
      cooldown: { failureThreshold: 2, cooldownMs: 60_000 },
      tiers: [
        [
          'economy',
          [
            { ref: 'a/m1', behavior: { kind: 'error', status: 503 } },
            { ref: 'b/m2', behavior: ok },
          ],
        ],
      ],
    });
    await e.run(request); // two 503s: a is now cooling down
    const second = await e.run(request);
    assert.deepEqual(
      second.attempts.map((a) => [a.ref, a.outcome, a.tries]),
      [
        ['a/m1', 'cooldown', 1],
        ['b/m2', 'ok', 1],
      ],
    );
    assert.equal(e.callsTo('a/m1').length, 2);
  });

  it('paid malformed answers are in the ledger at their billed price, each called once, and the cascade moves on', async () => {
    const e = await env({
      name: 'malformed',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'a/no-choices',
              behavior: { kind: 'no_choices', usage: { promptTokens: 900, completionTokens: 50 } },
            },
            { ref: 'b/huge', behavior: { kind: 'huge', bytes: 60_000_000 } },
          ],
        ],
        ['standard', [{ ref: 'c/no-usage', behavior: { kind: 'content', content: VALID, wireUsage: null } }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(result.output, VALID);
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.outcome, a.reason, a.billed, a.tries]),
      [
        ['a/no-choices', 'malformed_response', 'first', true, 1],
        ['b/huge', 'too_large', 'failover', true, 1],
        ['c/no-usage', 'ok', 'escalation', true, 1],
      ],
    );
    for (const ref of ['a/no-choices', 'b/huge', 'c/no-usage']) assert.equal(e.callsTo(ref).length, 1, ref);
    const [malformed, huge, estimated] = result.attempts;
    assert.equal(malformed!.costMicroUsd, billed(e.callsTo('a/no-choices')[0]!));
    assert.equal(malformed!.costMicroUsd, 900 * 1 + 50 * 2);
    // The 60 MB answer's usage was read from the end of its body: the provider's own count, not an estimate.
    assert.equal(huge!.costMicroUsd, billed(e.callsTo('b/huge')[0]!));
    assert.ok(huge!.costMicroUsd > 20_000_000, `a 60 MB answer is about 13M tokens: ${huge!.costMicroUsd} µUSD`);
    assert.equal(huge!.estimated, undefined);
    // No usage on the wire: priced from our own count, marked, close to what the provider would have billed.
    assert.equal(estimated!.estimated, true);
    const wouldBill = billed(e.callsTo('c/no-usage')[0]!);
    assert.ok(Math.abs(estimated!.costMicroUsd - wouldBill) <= 30, `${estimated!.costMicroUsd} vs ${wouldBill}`);
    assert.equal(result.totals.costMicroUsd, malformed!.costMicroUsd + huge!.costMicroUsd + estimated!.costMicroUsd);
  });

  it('a truncated answer in a repetition loop escalates at once, and the ledger says it was a loop', async () => {
    const loop = '{"invoiceNumber": "INV-7", "notes": "' + 'total total '.repeat(300);
    const e = await env({
      name: 'loop',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'a/m1',
              maxOutputTokens: 4000,
              behavior: { kind: 'content', content: loop, finishReason: 'length' },
            },
          ],
          { maxOutputTokens: 500 },
        ],
        ['standard', [{ ref: 'b/m2', behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.outcome, a.reason, a.repetitionLoop]),
      [
        ['a/m1', 'truncated', 'first', true],
        ['b/m2', 'ok', 'escalation', undefined],
      ],
    );
    assert.equal(e.callsTo('a/m1').length, 1);
  });

  it('repair and truncation share one bound per candidate: a truncated repair escalates (no ping-pong)', async () => {
    const cut = {
      kind: 'content' as const,
      content: '{"invoiceNumber": "INV-7", "tot',
      finishReason: 'length' as const,
    };
    const e = await env({
      name: 'ping-pong',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'a/m1',
              structuredOutput: 'json_object',
              maxOutputTokens: 4000,
              behavior: [{ kind: 'content', content: WRONG }, cut, { kind: 'content', content: WRONG }, cut, ok],
            },
          ],
          { repairAttempts: 1, maxOutputTokens: 256 },
        ],
        ['standard', [{ ref: 'b/m2', behavior: ok }]],
      ],
    });
    const result = await e.run(request);
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.outcome, a.reason]),
      [
        ['a/m1', 'schema_violation', 'first'],
        ['a/m1', 'truncated', 'repair'],
        ['b/m2', 'ok', 'escalation'],
      ],
    );
    assert.equal(e.callsTo('a/m1').length, 2);
    const repair = e.callsTo('a/m1')[1]!.body as { messages: { content: string }[] };
    assert.match(repair.messages.at(-1)!.content, /\/total must be number/);
  });
});
