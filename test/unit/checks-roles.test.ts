// Pure unit tests — the checks for values present but wrong (near, sum, differs, term), each with right and wrong values
// (longer than 250 lines because one invoice and its variations are shared by every case, and each rule of near has
// its case.)
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
      [1700, 'a line of the table'],
      [65, 'a line of the table'],
    ] as const) {
      const [problem, ...rest] = await problems(GERMAN, { ...RIGHT, total }, checks);
      assert.equal(rest.length, 0, String(total));
      assert.equal(
        problem,
        `near total: ${total} stands next to ${role}, not next to a total label ("Total", "Total due"…)`,
      );
    }
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, vendor: 'Bäckerei Hofmann KG' }, checks), [
      'near vendor: "Bäckerei Hofmann KG" stands next to a buyer label, not next to a vendor label ("From", "Seller"…)',
    ]);
    for (const city of ['Stuttgart', 'Böblingen']) {
      assert.deepEqual(await problems(GERMAN, { ...RIGHT, vendor: city }, checks), [
        `near vendor: "${city}" stands next to an address, not next to a vendor label ("From", "Seller"…)`,
      ]);
    }
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, documentNumber: '40877' }, checks), [
      'near documentNumber: "40877" stands next to another label, not next to an invoice-number label ("Invoice no", "Invoice number"…)',
    ]);
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, tax: 19 }, checks), [
      'near tax: 19 is printed only as a rate (19 %), not as a tax amount',
    ]);
  });

  it('missing evidence passes: a value beside no label, or beside one it does not know, or not printed', async () => {
    const input = [
      'Nordlicht Design',
      'Our fee for the spring campaign comes to 4,200.00, which we ask you to settle by bank transfer.',
      'Sum of what you owe us      4,998.00',
    ].join('\n');
    assert.deepEqual(await problems(input, { vendor: 'Nordlicht Design', total: 4998 }, checks), []);
    assert.deepEqual(await problems(input, { total: 4200 }, checks), []);
    // Whether a value is printed at all is grounded's question.
    assert.deepEqual(await problems(GERMAN, { ...RIGHT, total: 1234.5 }, checks), []);
  });

  it('one place with the wanted label, or without evidence, is enough; every place against it rejects', async () => {
    const input = ['Subtotal 1,000.00', 'VAT 0 % 0.00', 'Amount payable now 1,000.00'].join('\n');
    assert.deepEqual(await problems(input, { total: 1000 }, checks), []); // `Amount payable now` is known
    const unknown = ['Subtotal 1,000.00', 'Sum we ask for 1,000.00'].join('\n');
    assert.deepEqual(await problems(unknown, { total: 1000 }, checks), []); // one place says nothing against it
    const only = ['Subtotal 1,000.00', 'VAT 190.00', 'Total 1,190.00'].join('\n');
    assert.equal((await problems(only, { total: 1000 }, checks)).length, 1);
  });

  it('reads item lines by their arithmetic, the cell above a column, and labels that name another value', async () => {
    const items = [
      'Leistungen',
      '5 × Anfahrtspauschale (68,00)                 340,00',
      'Beratung (7,5 h × 96,00)                      720,00',
      'Gesamtbetrag                                1.060,00',
    ].join('\n');
    for (const total of [340, 720, 96]) {
      assert.match((await problems(items, { total }, checks))[0]!, /stands next to a line of the table/, String(total));
    }
    const sideBySide = [
      'Harbor & Pine Consulting                  Bill to',
      '25 Market Street                          Copperfield Books',
    ].join('\n');
    assert.match((await problems(sideBySide, { vendor: 'Copperfield Books' }, checks))[0]!, /a buyer label/);
    // `Beleg-Nr.` names 88214, not the date in the next column.
    const till = 'Beleg-Nr. 88214        14.05.2024  08:17';
    const date: CheckSpec = { check: 'near', fields: ['issueDate'], preset: 'issueDate' };
    assert.deepEqual(await problems(till, { issueDate: '2024-05-14' }, [date]), []);
  });

  it('a label it only half knows never rejects; a sure one of another role does', async () => {
    const halves = [
      'Pre-tax amount          1,000.00', // holds `tax`
      'Summe der Positionen    1.000,00', // starts with the total label `Summe`
      'Netto da pagare         1.000,00', // a subtotal label and a total label
      'Amount owing            1,000.00', // starts with the column word `Amount`
    ];
    for (const line of halves) {
      assert.deepEqual(await problems(line, { total: 1000, subtotal: 1000, tax: 1000 }, checks), [], line);
    }
    assert.equal((await problems('Subtotal    1,000.00', { total: 1000 }, checks)).length, 1);
    assert.equal((await problems('Your account: 57678', { documentNumber: '57678' }, checks)).length, 1);
    // One column word is no table header: `Suma de conceptos` over the subtotal.
    assert.deepEqual(await problems('Suma de conceptos\n4164,16', { subtotal: 4164.16 }, checks), []);
    // An unsure tax label with a rate above the amount is a tax line.
    assert.match((await problems('MwSt.-Satz 19 %\n293,15', { total: 293.15 }, checks))[0]!, /a tax label/);
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
    assert.match(
      (await problems(input, { ...answer, total: 1000 }, checks))[0]!,
      /1000 stands next to a subtotal label,/,
    );
    assert.match(
      (await problems(input, { ...answer, tax: 1200 }, checks))[0]!,
      /near tax: 1200 stands next to a total label/,
    );
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
      /220 stands next to a tax label, not next to a given label \("Da saldare"…\)/,
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

describe('sum across pages', () => {
  it('adds the totals block, not a line carried forward from page 1', async () => {
    const input = [
      'Deslocação              5     65,29     326,45',
      'Soma a transportar                      326,45',
      '\fTransporte da página anterior          326,45',
      'Total ilíquido                          326,45',
      'Desconto comercial de 5 %               -16,32',
      'Portes de envio                          45,90',
      'Taxa IVA 23%                             81,89',
      'Total do documento                      437,92',
    ].join('\n');
    const spec: CheckSpec = { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'], charges: true };
    assert.deepEqual(await problems(input, { subtotal: 326.45, tax: 81.89, total: 437.92 }, [spec]), []);
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
  it('passes when the input states no term and prints no later date (nothing to measure against)', async () => {
    const silent = 'Invoice date: 01.03.2025\nPayment as agreed in our framework contract.';
    assert.deepEqual(await problems(silent, { issueDate: '2025-03-01', dueDate: '2025-03-01' }, [check]), []);
    assert.deepEqual(await problems(silent, { issueDate: '2025-03-01', dueDate: '2025-03-31' }, [check]), []);
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
  it('the expected values of its invoices and receipts pass grounded, currency and near', async () => {
    const { loadDataset } = await import('../../demo/dataset');
    const { loadExpected } = await import('../../demo/ground-truth');
    const expected = loadExpected();
    const checks: CheckSpec[] = [
      { check: 'near', fields: ['total'], preset: 'total' },
      { check: 'near', fields: ['documentNumber'], preset: 'invoiceNumber' },
      { check: 'near', fields: ['subtotal'], preset: 'subtotal' },
      { check: 'near', fields: ['tax'], preset: 'tax' },
      { check: 'near', fields: ['vendor'], preset: 'vendor' },
      { check: 'near', fields: ['issueDate'], preset: 'issueDate' },
      {
        check: 'grounded',
        fields: ['vendor', 'customer', 'documentNumber', 'issueDate', 'dueDate', 'subtotal', 'tax', 'total'],
      },
      { check: 'currency', fields: ['currency'] },
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
