// Pure unit tests — the checks for values present but wrong (near, sum, differs, term), each with right and wrong values
// (longer than 250 lines because one invoice and its variations are shared by every case)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../activities/checks';
import { dayNumber } from '../../activities/checks/dates';
import type { CheckSpec } from '../../catalog/checks';

const today = dayNumber(2026, 1, 15)!;

/** The problems `checks` find in `answer` against `input` (empty: it passes). */
async function problems(input: string, answer: Record<string, unknown>, checks: CheckSpec[]): Promise<string[]> {
  return (await runChecks(answer, checks, { input, today })).map((f) => `${f.check} ${f.field ?? ''}: ${f.problem}`);
}

const GERMAN = `Kessler Metallbau GmbH · Industriestraße 14 · 70565 Stuttgart
Tel. +49 711 1234567 · USt-IdNr.: DE000000001

An
Bäckerei Hofmann KG
Lindenweg 3
71032 Böblingen

RECHNUNG
Rechnungsnummer: RE-24-1182
Rechnungsdatum: 12.02.2024
Kundennummer: 40877

Pos. Bezeichnung                    Menge   Einzelpreis    Gesamt
1    Edelstahl-Arbeitsplatte          2       850,00      1.700,00
2    Montage (Stunden)                6        65,00        390,00

Zwischensumme                                            2.090,00
MwSt. 19 %                                                 397,10
Gesamtbetrag                                             2.487,10

Zahlbar innerhalb 30 Tagen ohne Abzug.
Bankverbindung: IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX`;

const RIGHT = {
  vendor: 'Kessler Metallbau GmbH',
  customer: 'Bäckerei Hofmann KG',
  documentNumber: 'RE-24-1182',
  issueDate: '2024-02-12',
  dueDate: '2024-03-13',
  subtotal: 2090,
  tax: 397.1,
  total: 2487.1,
  lineItems: [{ amount: 1700 }, { amount: 390 }],
};

describe('near: the value stands next to its label', () => {
  const checks: CheckSpec[] = [
    { check: 'near', fields: ['total'], preset: 'total' },
    { check: 'near', fields: ['subtotal'], preset: 'subtotal' },
    { check: 'near', fields: ['tax'], preset: 'tax' },
    { check: 'near', fields: ['vendor'], preset: 'vendor' },
    { check: 'near', fields: ['customer'], preset: 'buyer' },
    { check: 'near', fields: ['documentNumber'], preset: 'invoiceNumber' },
  ];

  it('passes the right answer of a German invoice', async () => {
    assert.deepEqual(await problems(GERMAN, RIGHT, checks), []);
  });

  it('rejects values that occur in the document in another role', async () => {
    for (const [total, role] of [
      [2090, 'a subtotal label'],
      [397.1, 'a tax label'],
      [1700, ''],
      [65, ''],
    ] as const) {
      const [problem, ...rest] = await problems(GERMAN, { ...RIGHT, total }, checks);
      assert.equal(rest.length, 0, String(total));
      assert.match(problem!, new RegExp(`^near total: ${total} does not stand next to a total label`));
      if (role) assert.match(problem!, new RegExp(`it stands next to ${role}`));
    }
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, vendor: 'Bäckerei Hofmann KG' }, checks), [
      'near vendor: "Bäckerei Hofmann KG" does not stand next to a vendor label ("From", "Seller"…); it stands next to a buyer label',
    ]);
    assert.match((await problems(GERMAN, { ...RIGHT, vendor: 'Stuttgart' }, checks))[0]!, /near vendor: "Stuttgart"/);
    assert.match((await problems(GERMAN, { ...RIGHT, vendor: 'Böblingen' }, checks))[0]!, /near vendor: "Böblingen"/);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, documentNumber: '40877' }, checks), [
      'near documentNumber: "40877" does not stand next to an invoice-number label ("Invoice no", "Invoice number"…); it stands next to another label',
    ]);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, total: 1234.5 }, checks), [
      'near total: 1234.5 is not printed in the input',
    ]);
  });

  it('reads French qualifiers, columns and labels above values', async () => {
    const input = [
      'FACTURE N° F2025-0042',
      'Montant HT      TVA (20 %)      Total TTC',
      '1 000,00        200,00          1 200,00 €',
      '',
      'Total hors TVA / Subtotal       1 000,00',
    ].join('\n');
    const answer = { documentNumber: 'F2025-0042', subtotal: 1000, tax: 200, total: 1200 };
    assert.deepEqual(await problems(input, answer, checks), []);
    assert.match((await problems(input, { ...answer, total: 1000 }, checks))[0]!, /it stands next to a subtotal label/);
    assert.match((await problems(input, { ...answer, tax: 1200 }, checks))[0]!, /near tax: 1200.*a total label/);
  });

  it('reads tabs, dotted initials, unknown labels with a rate, and labels of your own', async () => {
    const input = [
      'FATTURA',
      'Bianchi S.r.l.\t\tN. documento: 12/2025',
      '\t\tI.V.A. 22 %\t220,00',
      '\t\tImposta (22 %) 220,00',
      'Da saldare: 1.220,00',
    ].join('\n');
    const answer = { vendor: 'Bianchi S.r.l.', tax: 220, total: 1220 };
    assert.deepEqual(await problems(input, answer, checks.slice(2, 4)), []);
    const own: CheckSpec = { check: 'near', fields: ['total'], labels: ['Da saldare'] };
    assert.deepEqual(await problems(input, answer, [own]), []);
    assert.match(
      (await problems(input, { total: 220 }, [own]))[0]!,
      /does not stand next to a given label \("Da saldare"…\)/,
    );
  });

  it('finds the vendor in the letterhead, after a title and at the start of the footer', async () => {
    const check: CheckSpec[] = [{ check: 'near', fields: ['vendor'], preset: 'vendor' }];
    const afterTitle =
      'INVOICE                    Harbor & Pine Consulting\n                           Chicago, IL 60607\n\nBill to: Redfern Motors Ltd';
    assert.deepEqual(await problems(afterTitle, { vendor: 'Harbor & Pine Consulting' }, check), []);
    assert.equal((await problems(afterTitle, { vendor: 'Redfern Motors Ltd' }, check)).length, 1);
    assert.equal((await problems(afterTitle, { vendor: 'Chicago' }, check)).length, 1);
    const footer =
      'Dear Hotel Alpenblick team,\nplease pay 1,190.00.\n\nKind regards,\nLaura Mitchell\nNorthwind Traders Ltd\n12 Elm Street · London';
    assert.deepEqual(await problems(footer, { vendor: 'Northwind Traders Ltd' }, check), []);
    assert.equal((await problems(footer, { vendor: 'Hotel Alpenblick' }, check)).length, 1);
  });

  it('a short word is a label only at the edge of its text: not inside an address', async () => {
    const check: CheckSpec[] = [{ check: 'near', fields: ['vendor'], preset: 'vendor' }];
    const input = 'FATURA\nConsultoria Pereira\nRua de Santa Catarina 19\n1100-148 Lisboa\n\nDe: Consultoria Pereira';
    assert.deepEqual(await problems(input, { vendor: 'Consultoria Pereira' }, check), []);
    assert.equal((await problems(input, { vendor: 'Santa Catarina' }, check)).length, 1);
  });
});

describe('sum: a field adds up', () => {
  const totals: CheckSpec = { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'] };
  const lines: CheckSpec = { check: 'sum', fields: ['subtotal'], of: ['lineItems[].amount'], tolerance: 0.05 };

  it('passes totals that add up, within the tolerance', async () => {
    assert.deepEqual(await problems(GERMAN, RIGHT, [totals, lines]), []);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, subtotal: 2090.04 }, [lines]), []);
  });

  it('rejects the subtotal, the tax or a line amount as the total', async () => {
    for (const total of [2090, 397.1, 1700]) {
      assert.deepEqual(await problems(GERMAN, { ...RIGHT, total }, [totals]), [
        `sum total: ${total} is not subtotal + tax (2487.1, tolerance 0.01)`,
      ]);
    }
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, subtotal: 2487.1 }, [lines]), [
      'sum subtotal: 2487.1 is not lineItems[].amount (2090, tolerance 0.05)',
    ]);
  });

  it('is skipped when a summed field is absent', async () => {
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, tax: null, total: 1 }, [totals]), []);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, lineItems: [] }, [lines]), []);
  });

  it('with charges: a shipping line printed between subtotal and total makes up the difference', async () => {
    const input = 'Subtotal 1,000.00\nShipping 20.00\nVAT 20% 204.00\nTotal 1,224.00\nLate fee after 30 days: 35.00';
    const answer = { subtotal: 1000, tax: 204, total: 1224 };
    assert.equal((await problems(input, answer, [totals])).length, 1);
    assert.deepEqual(await problems(input, answer, [{ ...totals, charges: true }]), []);
    assert.deepEqual(await problems(input, { ...answer, total: 1239 }, [{ ...totals, charges: true }]), [
      'sum total: 1239 is not subtotal + tax (1204, tolerance 0.01) nor that plus the charges printed between them',
    ]);
  });
});

describe('differs: two fields differ', () => {
  const check: CheckSpec = { check: 'differs', fields: ['vendor'], from: 'customer' };
  it('passes different names, rejects the same one (or one inside the other)', async () => {
    assert.deepEqual(await problems(GERMAN, RIGHT, [check]), []);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, vendor: 'BÄCKEREI HOFMANN' }, [check]), [
      'differs vendor: "BÄCKEREI HOFMANN" is the same as customer ("Bäckerei Hofmann KG")',
    ]);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, customer: null }, [check]), []);
  });
  it('compares numbers as amounts', async () => {
    const numbers: CheckSpec = { check: 'differs', fields: ['total'], from: 'subtotal' };
    assert.deepEqual(await problems(GERMAN, RIGHT, [numbers]), []);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, total: 2090.001 }, [numbers]), [
      'differs total: 2090.001 equals subtotal',
    ]);
  });
});

describe('term: the due date follows the issue date by the stated terms', () => {
  const check: CheckSpec = { check: 'term', fields: ['dueDate'], from: 'issueDate' };
  it('issue date plus the terms, in German', async () => {
    assert.deepEqual(await problems(GERMAN, RIGHT, [check]), []);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, dueDate: '2024-02-12' }, [check]), [
      'term dueDate: 2024-02-12 does not follow issueDate (2024-02-12) by a term the input states (30 days), nor is it a later date the input prints',
    ]);
    assert.equal((await problems(GERMAN, { ...RIGHT, dueDate: '2024-03-14' }, [check])).length, 1);
  });
  it('end of month, at once, and a printed due date', async () => {
    const eom = 'Date de facture : 15/01/2025\nPaiement à 45 jours fin de mois.';
    assert.deepEqual(await problems(eom, { issueDate: '2025-01-15', dueDate: '2025-03-31' }, [check]), []);
    assert.deepEqual(await problems(eom, { issueDate: '2025-01-15', dueDate: '2025-03-17' }, [check]), []); // 31 Jan + 45
    assert.equal((await problems(eom, { issueDate: '2025-01-15', dueDate: '2025-02-28' }, [check])).length, 1);
    const now = 'Fecha: 03/02/2025. Pago al contado.';
    assert.deepEqual(await problems(now, { issueDate: '2025-02-03', dueDate: '2025-02-03' }, [check]), []);
    const printed = 'Datum: 01.03.2025   Fällig am: 20.03.2025\nZahlbar sofort ohne Abzug.';
    assert.deepEqual(await problems(printed, { issueDate: '2025-03-01', dueDate: '2025-03-20' }, [check]), []);
    assert.deepEqual(await problems(printed, { issueDate: '2025-03-01', dueDate: '2025-03-01' }, [check]), [
      'term dueDate: 2025-03-01 is not the due date the input prints (2025-03-20)',
    ]);
  });
});

describe('grounded numbers: whole printed values only', () => {
  const check: CheckSpec[] = [{ check: 'grounded', fields: ['total'] }];
  it('a fragment of a date, a time, a phone number, an IBAN or an id grounds nothing', async () => {
    const input =
      'Invoice INV-2024-0042 of 2024-11-01 at 14:30. Tel +49 89 1234567. IBAN DE89 3704 0044 0532 0130 00.\nTotal: $1,800.00';
    assert.deepEqual(await problems(input, { total: 1800 }, check), []);
    for (const fragment of [1, 11, 2024, 42, 14, 30, 49, 89, 3704, 800]) {
      assert.equal((await problems(input, { total: fragment }, check)).length, 1, String(fragment));
    }
  });
  it('any common notation, currency before or after', async () => {
    for (const printed of [
      '1,800.00',
      '1.800,00 €',
      '1 800,00 EUR',
      "CHF 1'800.00",
      'EUR1800',
      '1800,- €',
      'R$ 1.800,00',
    ]) {
      assert.deepEqual(await problems(`Total: ${printed}`, { total: 1800 }, check), [], printed);
    }
  });
});

describe('documents written by someone else: the demo dataset', () => {
  it('the expected totals and document numbers of its invoices and receipts stand next to their labels', async () => {
    const { loadDataset } = await import('../../demo/dataset');
    const { loadExpected } = await import('../../demo/ground-truth');
    const expected = loadExpected();
    const checks: CheckSpec[] = [
      { check: 'near', fields: ['total'], preset: 'total' },
      { check: 'near', fields: ['documentNumber'], preset: 'invoiceNumber' },
    ];
    let checked = 0;
    for (const doc of loadDataset()) {
      const want = expected.get(doc.id)!;
      if (want.docType === 'support_email') continue;
      checked++;
      assert.deepEqual(await problems(doc.text, want, checks), [], doc.id);
    }
    assert.equal(checked, 45);
  });
});
