// Integration tests — the verifier and agreement gates on the real Temporal dev server and the loopback fake provider
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';

const Invoice = z.object({ vendor: z.string(), total: z.number() });
const DOC = 'INVOICE from Northwind Traders\nWidgets 2 x 671.25\nTotal due: 1,342.50';
const RIGHT = { vendor: 'Northwind Traders', total: 1342.5 };
/** Wrong in a way grounding cannot see: 671.25 does occur in the document. */
const GROUNDED_BUT_WRONG = { vendor: 'Northwind Traders', total: 671.25 };
const answer = (content: unknown) => ({ kind: 'content' as const, content });

const envs: CascadeEnv[] = [];
async function env(options: CascadeEnvOptions) {
  const created = await startCascadeEnv(options);
  envs.push(created);
  return created;
}
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
});

describe('quality gates (real Temporal server, fake provider)', () => {
  it('a verifier rejects a grounded but wrong answer: its cost is in the ledger with reason verify, and the cascade escalates', async () => {
    const e = await env({
      name: 'gate-verifier',
      route: { checks: [{ check: 'grounded', fields: ['total'] }] },
      tiers: [
        [
          'economy',
          [
            { ref: 'eco/small', behavior: answer(GROUNDED_BUT_WRONG) },
            // Listed in the route so the test catalog has it; the verifier is named in the tier below.
            {
              ref: 'judge/tiny',
              behavior: (ctx) => {
                const text = JSON.stringify(ctx.body.messages);
                const wrong = text.includes('671.25}');
                return answer({ ok: !wrong, problems: wrong ? ['total: 671.25 is a line amount, not the total'] : [] });
              },
              inputUsdPerMTok: 0.05,
              outputUsdPerMTok: 0.1,
            },
          ],
        ],
        ['standard', [{ ref: 'std/mid', behavior: answer(RIGHT) }]],
      ],
      tierVerifiers: { economy: 'judge/tiny', standard: 'judge/tiny' },
    });
    const result = await e.run({ schema: Invoice, input: DOC });
    assert.deepEqual(result.output, RIGHT);
    assert.deepEqual(
      result.attempts.map((a) => [a.tier, a.ref, a.reason, a.outcome]),
      [
        ['economy', 'eco/small', 'first', 'check_failed'],
        ['economy', 'judge/tiny', 'verify', 'check_failed'],
        ['standard', 'std/mid', 'escalation', 'ok'],
        ['standard', 'judge/tiny', 'verify', 'ok'],
      ],
    );
    assert.equal(result.finalModel, 'std/mid');
    assert.deepEqual(result.attempts[0]!.failedChecks, [
      { check: 'verifier', problem: 'total: 671.25 is a line amount, not the total' },
    ]);
    for (const row of result.attempts)
      assert.ok(row.billed && row.costMicroUsd > 0, `${row.ref} ${row.reason} is billed`);
    // The verifier saw the source and the answer under the tiny verdict schema; it was never asked to extract.
    const judged = e.callsTo('judge/tiny').map((c) => c.body as { response_format: { json_schema: { name: string } } });
    assert.deepEqual(
      judged.map((b) => b.response_format.json_schema.name),
      ['verdict', 'verdict'],
    );
    assert.equal(e.callsTo('eco/small').length, 1);
  });

  it('an agreement gate accepts two matching cheap answers and escalates when they differ', async () => {
    const e = await env({
      name: 'gate-agreement',
      tiers: [
        [
          'economy',
          [
            { ref: 'eco/a', behavior: answer(RIGHT) },
            {
              ref: 'eco/b',
              behavior: [answer({ ...RIGHT, vendor: 'northwind  traders' }), answer(GROUNDED_BUT_WRONG)],
            },
          ],
        ],
        ['premium', [{ ref: 'top/big', behavior: answer(RIGHT) }]],
      ],
      tierAgreement: { economy: { fields: ['vendor', 'total'] } },
    });
    const agreed = await e.run({ schema: Invoice, input: DOC });
    assert.deepEqual(
      agreed.attempts.map((a) => [a.ref, a.reason, a.outcome]),
      [
        ['eco/a', 'first', 'ok'],
        ['eco/b', 'agreement', 'ok'],
      ],
    );
    assert.deepEqual(agreed.output, RIGHT);
    assert.equal(agreed.finalModel, 'eco/a');

    const differed = await e.run({ schema: Invoice, input: DOC });
    assert.deepEqual(
      differed.attempts.map((a) => [a.ref, a.reason, a.outcome]),
      [
        ['eco/a', 'first', 'check_failed'],
        ['eco/b', 'agreement', 'check_failed'],
        ['top/big', 'escalation', 'ok'],
      ],
    );
    assert.deepEqual(differed.attempts[0]!.failedChecks, [
      { check: 'agreement', field: 'total', problem: 'one answer says 1342.5, the other 671.25' },
    ]);
    assert.equal(e.callsTo('top/big').length, 1);
  });
});
