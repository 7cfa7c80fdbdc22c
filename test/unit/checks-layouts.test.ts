// Pure unit tests — how near and sum read layouts the sixth held-out part brought: text exported from a
// spreadsheet (semicolons), items printed as records of one value a line (e-invoice viewers), a row that sums the
// lines closing a table, a taxable base printed on the tax line. Each with the right answer and the wrong ones.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../activities/checks';
import { dayNumber } from '../../activities/checks/dates';
import type { CheckSpec } from '../../catalog/checks';

const today = dayNumber(2026, 1, 15)!;

async function problems(input: string, answer: Record<string, unknown>, checks: CheckSpec[]): Promise<string[]> {
  return (await runChecks(answer, checks, { input, today })).map((f) => `${f.check} ${f.field ?? ''}: ${f.problem}`);
}

const near = (field: string, preset: string): CheckSpec => ({ check: 'near', fields: [field], preset }) as CheckSpec;
const TOTALS: CheckSpec = { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'], charges: true };

const SEMICOLONS = [
  'Invoice;2024-232',
  'Invoice dated;03/12/2024',
  'Debtor no.;32062',
  'Supplied by;Atlas Freight Services Inc.;117 High Street;Denver, CO 80202',
  'Line no.;Item / service;Count;Price/unit;Line amount',
  '1;Toner cartridge, black;6;55.20;331.20',
  '2;Pallet delivery;5;106.00;530.00',
  'Amount before tax and fees;;;;861.20',
  'Courier;;;;60.90',
  'VAT 7% of 922.10;;;;64.55',
  'Invoice amount;;;;986.65 USD',
].join('\n');
const SEMICOLON_ANSWER = { documentNumber: '2024-232', subtotal: 861.2, tax: 64.55, total: 986.65 };

describe('text exported from a spreadsheet: semicolons separate columns', () => {
  const checks = [near('documentNumber', 'invoiceNumber'), near('subtotal', 'subtotal'), near('total', 'total')];

  it('passes the right answer, the row that sums the lines included', async () => {
    assert.deepEqual(await problems(SEMICOLONS, SEMICOLON_ANSWER, [...checks, TOTALS]), []);
  });

  it('reads the label before a semicolon: the customer number is not the invoice number', async () => {
    assert.match(
      (await problems(SEMICOLONS, { documentNumber: '32062' }, checks))[0]!,
      /"32062" stands next to another label/,
    );
  });

  it('a line with a quantity, a price and their product is a line, whatever word it half reads (`delivery`)', async () => {
    assert.match((await problems(SEMICOLONS, { total: 530 }, checks))[0]!, /530 stands next to a line of the table/);
    assert.match((await problems(SEMICOLONS, { total: 106 }, checks))[0]!, /106 stands next to a line of the table/);
  });
});

describe('a row that sums the lines above it closes the table', () => {
  const check = [near('subtotal', 'subtotal'), near('total', 'total')];
  const input = [
    'Line\tDescription\tUnits\tPrice\tExt. Price',
    '1\tOak shelving unit\t6\t499.28\t2,995.68',
    '2\tPallet delivery\t2\t126.00\t252.00',
    '\t\t\tGoods and services\t3,247.68',
    '\t\t\tVAT (20%)\t649.54',
    '\t\t\tTotal Amount Due\t3,897.22',
  ].join('\n');

  it('is no line of the table: the subtotal under an unknown label passes', async () => {
    assert.deepEqual(await problems(input, { subtotal: 3247.68, total: 3897.22 }, check), []);
  });

  it('while the lines themselves stay lines', async () => {
    assert.match((await problems(input, { total: 252 }, check))[0]!, /252 stands next to a line of the table/);
    // A row that is not the sum of the lines is still a row of the table.
    const other = input.replace('3,247.68', '3,240.00');
    assert.match((await problems(other, { subtotal: 3240 }, check))[0]!, /3240 stands next to a line of the table/);
  });
});

describe('items printed as records, one value a line', () => {
  const input = [
    'BT-112  Invoice total: 1,031.70',
    'BG-25   No. 1',
    'BT-153  Item / service: Printed banners 2x1 m',
    'BT-129  Qty.: 5',
    'BT-146  Price/unit: 111.00',
    'BT-131  Line amount: 555.00',
    'BG-25   No. 2',
    'BT-129  Horas: 6',
    'BT-146  Preço/hora: 79.45',
    'BT-131  Total linha: 476.70',
  ].join('\n');
  const check = [near('total', 'total')];

  it('passes the total, rejects a line amount, a price or a quantity of a record as the total', async () => {
    assert.deepEqual(await problems(input, { total: 1031.7 }, check), []);
    for (const total of [555, 111, 5, 476.7, 79.45]) {
      assert.match((await problems(input, { total }, check))[0]!, /stands next to a line of the table/, `${total}`);
    }
  });

  it('needs the product: three amounts in a row that do not multiply are no record', async () => {
    const totals = 'Net: 5\nShipping: 111.00\nAmount: 550.00';
    assert.deepEqual(await problems(totals, { total: 550 }, check), []);
    // A quantity of 1 is not enough: `1`, then two equal amounts, may be a totals block.
    assert.deepEqual(await problems('Items: 1\nNet: 50.00\nAmount: 50.00', { total: 50 }, check), []);
  });
});

describe('sum with charges: a taxable base on the tax line is no charge', () => {
  it('adds a discount and a shipping line but not the base the rate applies to', async () => {
    const input = [
      'Amount before VAT;;;;2,527.78',
      'Loyalty discount 3%;;;;-75.83',
      'Postage and packing;;;;59.90',
      'VAT 20% of 2,511.85;;;;502.37',
      'Gross amount due;;;;£3,014.22',
    ].join('\n');
    const answer = { subtotal: 2527.78, tax: 502.37, total: 3014.22 };
    assert.deepEqual(await problems(input, answer, [TOTALS]), []);
    assert.equal((await problems(input, { ...answer, total: 3100 }, [TOTALS])).length, 1);
    // The sum with the base counted as a charge (2,527.78 + 502.37 − 75.83 + 59.90 + 2,511.85) is no total.
    assert.equal((await problems(input, { ...answer, total: 5526.07 }, [TOTALS])).length, 1);
  });
});
