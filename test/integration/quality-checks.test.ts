// Integration tests — quality checks on the real Temporal dev server and the loopback fake provider:
// a valid but ungrounded answer is billed as check_failed and escalates (or is repaired quoting the failed checks);
// on a German invoice a right due date from the printed terms passes, a wrong total printed elsewhere escalates
// Longer than 250 lines because its cases share one worker and fake provider across every check.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CascadeError } from '../../client/cascade-client';
import { startCascadeEnv, type CascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';

const Invoice = z.object({
  vendor: z.string().describe('seller name as printed'),
  total: z.number().describe('amount due'),
  currency: z.string(),
});
const DOC = 'INVOICE from Northwind Traders\nWidgets 2 x £171.25\nTotal due: £1,342.50';
const GROUNDED = { vendor: 'Northwind Traders', total: 1342.5, currency: 'GBP' };
/** Valid against the schema, wrong against the document: the misreading small models make. */
const UNGROUNDED = { vendor: 'Northwind Traders', total: 1, currency: 'GBP' };

const envs: CascadeEnv[] = [];
async function env(options: CascadeEnvOptions) {
  const created = await startCascadeEnv(options);
  envs.push(created);
  return created;
}
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
});

type Body = { messages: { role: string; content: string }[] };

/** A German invoice whose due date is not printed: it follows from the date and "30 Tage netto". */
const GERMAN = `Kessler Metallbau GmbH · Industriestraße 14 · 70565 Stuttgart

An
Bäckerei Hofmann KG
Lindenweg 3, 71032 Böblingen

Rechnung Nr. RE-24-1182 vom 12. Februar 2024

Pos. Bezeichnung                    Menge   Einzelpreis    Gesamt
1    Edelstahl-Arbeitsplatte          2       850,00      1.700,00
2    Montage (Stunden)                6        65,00        390,00

Zwischensumme                                            2.090,00
MwSt. 19 %                                                 397,10
Gesamtbetrag                                             2.487,10 €

Zahlungsbedingungen: 30 Tage netto.`;
const GermanInvoice = z.object({
  vendor: z.string(),
  invoiceNumber: z.string(),
  issueDate: z.iso.date(),
  dueDate: z.iso.date(),
  subtotal: z.number(),
  tax: z.number(),
  total: z.number(),
});
const GERMAN_RIGHT = {
  vendor: 'Kessler Metallbau GmbH',
  invoiceNumber: 'RE-24-1182',
  issueDate: '2024-02-12',
  dueDate: '2024-03-13',
  subtotal: 2090,
  tax: 397.1,
  total: 2487.1,
};
const INVOICE_ROUTE = {
  instructions: 'Extract the invoice.',
  checks: [
    { check: 'grounded', fields: ['vendor', 'invoiceNumber', 'issueDate', 'dueDate', 'subtotal', 'tax', 'total'] },
    { check: 'near', fields: ['total'], preset: 'total' },
    { check: 'near', fields: ['vendor'], preset: 'vendor' },
    { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'] },
    { check: 'term', fields: ['dueDate'], from: 'issueDate' },
  ],
};

describe('quality checks (real Temporal server, fake provider)', () => {
  it("a valid but ungrounded economy answer is billed as check_failed; the standard tier's grounded answer is returned", async () => {
    const e = await env({
      name: 'checks-escalate',
      route: {
        instructions: 'Extract the invoice. Copy numbers exactly.',
        checks: [
          { check: 'grounded', fields: ['vendor', 'total'] },
          { check: 'range', fields: ['total'], min: 0 },
          { check: 'currency', fields: ['currency'] },
        ],
      },
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: { kind: 'content', content: UNGROUNDED } }]],
        ['standard', [{ ref: 'std/mid', behavior: { kind: 'content', content: GROUNDED } }]],
        ['premium', [{ ref: 'top/big', behavior: { kind: 'content', content: GROUNDED } }]],
      ],
    });
    const result = await e.run({ schema: Invoice, input: DOC });
    assert.deepEqual(result.output, GROUNDED);
    assert.deepEqual(
      result.attempts.map((a) => [a.tier, a.outcome, a.reason, a.billed]),
      [
        ['economy', 'check_failed', 'first', true],
        ['standard', 'ok', 'escalation', true],
      ],
    );
    const [failed] = result.attempts;
    assert.deepEqual(failed!.failedChecks, [
      { check: 'grounded', field: 'total', problem: '1 does not occur in the input in any common notation' },
    ]);
    assert.match(failed!.error!, /check grounded at total: 1 does not occur/);
    assert.ok(failed!.costMicroUsd > 0, 'the rejected answer was paid for and is in the ledger');
    assert.equal(result.totals.costMicroUsd, failed!.costMicroUsd + result.attempts[1]!.costMicroUsd);
    assert.equal(result.attempts[1]!.reasonDetail, 'escalation after check_failed on eco/small');
    // The fake provider saw one call per tier, none on premium, and each carried the task's instructions.
    assert.equal(e.callsTo('eco/small').length, 1);
    assert.equal(e.callsTo('std/mid').length, 1);
    assert.equal(e.callsTo('top/big').length, 0);
    const body = e.callsTo('std/mid')[0]!.body as Body;
    assert.equal(body.messages[0]!.content, 'Extract the invoice. Copy numbers exactly.');
    assert.match(body.messages[1]!.content, /- total \(number\): amount due/);
  });

  it('a repair re-ask quotes the failed checks; a plugin-registered check and per-request checks apply', async () => {
    const e = await env({
      name: 'checks-repair',
      checks: {
        currencyIsGbp: (output) =>
          (output as { currency: string }).currency === 'GBP' ? undefined : 'currency must be GBP',
      },
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/small',
              behavior: [
                { kind: 'content', content: { ...GROUNDED, currency: 'EUR' } },
                { kind: 'content', content: GROUNDED },
              ],
            },
          ],
          { repairAttempts: 1 },
        ],
        ['premium', [{ ref: 'top/big', behavior: { kind: 'content', content: GROUNDED } }]],
      ],
    });
    const result = await e.run({
      schema: Invoice,
      input: DOC,
      schemaInPrompt: false,
      checks: [{ check: 'custom', name: 'currencyIsGbp' }],
    });
    assert.deepEqual(result.output, GROUNDED);
    assert.deepEqual(
      result.attempts.map((a) => [a.outcome, a.reason]),
      [
        ['check_failed', 'first'],
        ['ok', 'repair'],
      ],
    );
    assert.deepEqual(result.attempts[0]!.failedChecks, [{ check: 'currencyIsGbp', problem: 'currency must be GBP' }]);
    const [first, repair] = e.callsTo('eco/small').map((c) => c.body as Body);
    assert.deepEqual(
      first!.messages.map((m) => m.role),
      ['user'],
      'schemaInPrompt: false and no task instructions: the document alone',
    );
    assert.match(
      repair!.messages.at(-1)!.content,
      /failed these checks[\s\S]*check currencyIsGbp: currency must be GBP/,
    );
    assert.equal(e.callsTo('top/big').length, 0);
  });

  it('a check the worker does not have fails before any call is paid for, saying what to register', async () => {
    const e = await env({
      name: 'checks-missing',
      tiers: [['economy', [{ ref: 'eco/small', behavior: { kind: 'content', content: GROUNDED } }]]],
    });
    const error = await e.run({ schema: Invoice, input: DOC, checks: [{ check: 'custom', name: 'nope' }] }).then(
      () => assert.fail('expected the cascade to fail'),
      (err: unknown) => err,
    );
    assert.ok(error instanceof CascadeError);
    assert.deepEqual(
      error.attempts.map((a) => [a.outcome, a.billed]),
      [['bad_request', false]],
    );
    assert.match(error.attempts[0]!.error!, /nope not registered on this worker's CascadePlugin/);
    assert.equal(e.callsTo('eco/small').length, 0);
  });

  it('a German invoice: the right due date (12 February 2024 + 30 Tage netto) passes at once, no escalation', async () => {
    const e = await env({
      name: 'checks-german-right',
      route: INVOICE_ROUTE,
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: { kind: 'content', content: GERMAN_RIGHT } }]],
        ['premium', [{ ref: 'top/big', behavior: { kind: 'content', content: GERMAN_RIGHT } }]],
      ],
    });
    const result = await e.run({ schema: GermanInvoice, input: GERMAN });
    assert.deepEqual(result.output, GERMAN_RIGHT);
    assert.deepEqual(
      result.attempts.map((a) => [a.tier, a.outcome, a.reason]),
      [['economy', 'ok', 'first']],
    );
    assert.equal(e.callsTo('top/big').length, 0);
  });

  it('a German invoice: a total that is printed, but as the subtotal, is rejected and escalates', async () => {
    const e = await env({
      name: 'checks-german-wrong-total',
      route: INVOICE_ROUTE,
      tiers: [
        ['economy', [{ ref: 'eco/small', behavior: { kind: 'content', content: { ...GERMAN_RIGHT, total: 2090 } } }]],
        ['premium', [{ ref: 'top/big', behavior: { kind: 'content', content: GERMAN_RIGHT } }]],
      ],
    });
    const result = await e.run({ schema: GermanInvoice, input: GERMAN });
    assert.deepEqual(result.output, GERMAN_RIGHT);
    assert.deepEqual(
      result.attempts.map((a) => [a.tier, a.outcome, a.reason, a.billed]),
      [
        ['economy', 'check_failed', 'first', true],
        ['premium', 'ok', 'escalation', true],
      ],
    );
    const [rejected] = result.attempts;
    // 2090 is printed in the invoice, so grounding alone would pass it; its label and the sum give it away.
    assert.deepEqual(
      rejected!.failedChecks!.map((f) => [f.check, f.field]),
      [
        ['near', 'total'],
        ['sum', 'total'],
      ],
    );
    assert.match(rejected!.failedChecks![0]!.problem, /2090 stands next to a subtotal label, not next to a total label/);
    assert.ok(rejected!.costMicroUsd > 0, 'the rejected answer was billed and is in the ledger');
    assert.equal(e.callsTo('top/big').length, 1);
  });

  it('a malformed per-request check is rejected before anything starts', async () => {
    const e = await env({
      name: 'checks-bad-request',
      tiers: [['economy', [{ ref: 'eco/small', behavior: { kind: 'content', content: GROUNDED } }]]],
    });
    await assert.rejects(
      e.run({ schema: Invoice, input: DOC, checks: [{ check: 'grounded', fields: [] }] }),
      /invalid checks: checks\[0\]\.fields: name at least one field/,
    );
  });
});
